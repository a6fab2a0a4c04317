package city.ordos.plan.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryReportTest {

    @Test
    void theSummaryAndEachFailureAreInChineseAndEnglish() {
        DeliveryReport report =
                new DeliveryReport(3, 2, 1, List.of("ordos.investment-reports key ORD-ZD-001: TimeoutException"));

        assertThat(report.consoleLine()).isEqualTo("投递：发送 3 条，送达 2 条，失败 1 条 / delivery: sent 3, delivered 2, failed 1");
        assertThat(report.failureLines())
                .containsExactly("  失败 / failed: ordos.investment-reports key ORD-ZD-001: TimeoutException");
    }
}
