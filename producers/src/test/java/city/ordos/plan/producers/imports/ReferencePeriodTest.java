package city.ordos.plan.producers.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferencePeriodTest {

    @ParameterizedTest(name = "{0} -> {1} through {2}")
    @CsvSource({
        "2025-09, 2025-09, 2025-09-30",
        "2025/9, 2025-09, 2025-09-30",
        "2025年9月, 2025-09, 2025-09-30",
        "2025年1-9月, 2025-09, 2025-09-30",
        "2025年1—2月, 2025-02, 2025-02-28",
        "2025年1～12月, 2025-12, 2025-12-31",
        "2025-Q3, 2025-Q3, 2025-09-30",
        "2025Q1, 2025-Q1, 2025-03-31",
        "2025年前三季度, 2025-Q3, 2025-09-30",
        "2025年第二季度, 2025-Q2, 2025-06-30",
        "2025年一季度, 2025-Q1, 2025-03-31",
        "2025年上半年, 2025-H1, 2025-06-30",
        "2025-H1, 2025-H1, 2025-06-30",
        "2025年, 2025, 2025-12-31",
        "2025年全年, 2025, 2025-12-31",
        "2025-06-30, 2025-06-30, 2025-06-30",
        "2025年6月15日, 2025-06-15, 2025-06-15"
    })
    void readsThePeriodsStatisticsTablesWrite(String text, String label, String end) {
        ReferencePeriod period = ReferencePeriod.parse(text);
        assertThat(period.label()).isEqualTo(label);
        assertThat(period.end()).isEqualTo(LocalDate.parse(end));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025年4-9月", "2025年下半年", "Q3 2025", "九月", "", "2025-13"})
    void refusesWhatIsNotAYearToDatePeriod(String text) {
        assertThatThrownBy(() -> ReferencePeriod.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-13", "2025年13月", "2025-02-30", "2025年6月31日"})
    void aMonthOrDayThatDoesNotExistIsSaidInTheDepartmentsTermsNotJavaTimes(String text) {
        assertThatThrownBy(() -> ReferencePeriod.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' names a month or day that does not exist");
    }
}
