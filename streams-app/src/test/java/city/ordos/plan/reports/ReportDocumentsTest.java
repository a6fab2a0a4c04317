package city.ordos.plan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.export.Spreadsheet;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReportDocumentsTest {

    private static String printed(String figure) {
        return ReportDocuments.format(Spreadsheet.Kind.NUMBER, new BigDecimal(figure));
    }

    @Test
    void aPrintedFigureHasTheScreensPrecision() {
        // the screen's rule (dashboard fmt): two decimals below 100, one from 100, none from 1,000
        assertThat(printed("65.7025")).isEqualTo("65.7");
        assertThat(printed("7.8125")).isEqualTo("7.81");
        assertThat(printed("0.6349")).isEqualTo("0.63");
        assertThat(printed("327.45")).isEqualTo("327.5");
        assertThat(printed("1700.4")).isEqualTo("1,700");
        assertThat(printed("1234567.891")).isEqualTo("1,234,568");
        assertThat(printed("310")).isEqualTo("310");
        assertThat(printed("-3.456")).isEqualTo("-3.46");
        assertThat(printed("-0.001")).isEqualTo("0");
    }

    @Test
    void otherCellsPrintAsBefore() {
        assertThat(ReportDocuments.format(Spreadsheet.Kind.PERCENT, new BigDecimal("1.0557")))
                .isEqualTo("105.6%");
        assertThat(ReportDocuments.format(Spreadsheet.Kind.INTEGER, 1234L)).isEqualTo("1,234");
        assertThat(ReportDocuments.format(Spreadsheet.Kind.NUMBER, null)).isEqualTo("—");
    }
}
