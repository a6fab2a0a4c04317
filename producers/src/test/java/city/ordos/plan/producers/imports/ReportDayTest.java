package city.ordos.plan.producers.imports;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatisticsRelease;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a row without a release or report date of its own was reported: its period's end for the
 * archives the command line imports, the day of submission for a table reported on the web
 * ({@link TableLayout.Options#reportDay()}); a date in the row wins either way.
 */
class ReportDayTest {

    private static final List<String> STATISTICS = List.of("指标代码", "统计期", "数值", "单位", "发布日期");
    private static final List<String> INVESTMENT =
            List.of("项目编号", "项目名称", "旗区", "行业", "截至日期", "完成投资", "单位", "项目类别", "报送日期");
    /** 23:59:59 of 2025-06-30 in Ordos (UTC+8). */
    private static final Instant END_OF_JUNE = Instant.parse("2025-06-30T15:59:59Z");

    @Test
    void aReleaseWithoutADateDatesFromThePeriodsEndUnlessReportedOnAGivenDay() throws Exception {
        RawRow undated = row(1, "gdp.growth_yoy", "2025-06", "5.8", "%", "");
        assertThat(released(ReportImporterTest.OPTIONS, undated)).isEqualTo(END_OF_JUNE);
        assertThat(released(ReportImporterTest.OPTIONS.reportedOn(LocalDate.of(2025, 8, 3)), undated))
                .isEqualTo(Instant.parse("2025-08-03T15:59:59Z"));
        // Reported before its period ended (a current month mid-month): from the period's end.
        assertThat(released(ReportImporterTest.OPTIONS.reportedOn(LocalDate.of(2025, 6, 20)), undated))
                .isEqualTo(END_OF_JUNE);
        RawRow dated = row(2, "gdp.growth_yoy", "2025-06", "5.8", "%", "2025-07-15");
        assertThat(released(ReportImporterTest.OPTIONS.reportedOn(LocalDate.of(2025, 8, 3)), dated))
                .isEqualTo(Instant.parse("2025-07-15T15:59:59Z"));
    }

    @Test
    void anInvestmentReportWithoutADateIsReportedOnTheGivenDayToo() throws Exception {
        RawRow undated = row(1, "ORD-ZD-001", "准格尔旗煤制烯烃项目二期", "准格尔旗", "工业", "2025-06-30", "12.35", "亿元", "市级重大项目", "");
        assertThat(reported(ReportImporterTest.OPTIONS, undated)).isEqualTo(END_OF_JUNE);
        assertThat(reported(ReportImporterTest.OPTIONS.reportedOn(LocalDate.of(2025, 7, 9)), undated))
                .isEqualTo(Instant.parse("2025-07-09T15:59:59Z"));
    }

    private static Instant released(TableLayout.Options options, RawRow row) throws Exception {
        RowOutcome outcome = options.validatorFor(STATISTICS).validate(row);
        assertThat(outcome).isInstanceOf(RowOutcome.Accepted.class);
        return ((StatisticsRelease) ((RowOutcome.Accepted) outcome).event())
                .getHeader()
                .getReportedAt();
    }

    private static Instant reported(TableLayout.Options options, RawRow row) throws Exception {
        RowOutcome outcome = options.validatorFor(INVESTMENT).validate(row);
        assertThat(outcome).isInstanceOf(RowOutcome.Accepted.class);
        return ((InvestmentReport) ((RowOutcome.Accepted) outcome).event())
                .getHeader()
                .getReportedAt();
    }

    private static RawRow row(long line, String... cells) {
        return new RawRow(line, List.of(cells), String.join(",", cells));
    }
}
