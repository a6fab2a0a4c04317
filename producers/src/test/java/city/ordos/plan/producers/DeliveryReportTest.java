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

    @Test
    void sendsRepeatedAfterARetriableFailureAreCountedInBothLanguages() {
        DeliveryReport report = new DeliveryReport(3, 3, 0, 1, List.of());

        assertThat(report.allDelivered()).isTrue();
        assertThat(report.consoleLine())
                .isEqualTo("投递：发送 3 条，送达 3 条，失败 0 条，重发 1 次 / delivery: sent 3, delivered 3, failed 0, resent 1");
    }
}
