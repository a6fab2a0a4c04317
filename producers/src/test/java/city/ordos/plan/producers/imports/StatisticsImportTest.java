package city.ordos.plan.producers.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Official statistics release tables: the layout that feeds the growth, jobs and social goals. */
class StatisticsImportTest {

    private final CollectingSink sink = new CollectingSink();
    private final ReportImporter importer = new ReportImporter(
            sink,
            Clock.fixed(Instant.parse("2025-10-29T02:00:00Z"), ZoneOffset.UTC),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void aReleaseTableBecomesStatisticsReleasesOfTheSeriesTheGoalsRead() throws Exception {
        ImportSummary summary = importer.importFile(
                ReportImporterTest.sample("statistics-2025-09.csv"), "auto", ReportImporterTest.OPTIONS);

        assertThat(summary.rows()).isEqualTo(12);
        assertThat(summary.published()).isEqualTo(4);
        assertThat(sink.published)
                .as("no investment reports from a statistics table")
                .isEmpty();
        StatisticsRelease gdp = sink.releases.get(0);
        assertThat(gdp.getMetric()).isEqualTo("gdp.growth_yoy");
        assertThat(gdp.getIndicator()).isEqualTo("gdp");
        assertThat(gdp.getMeasure()).isEqualTo("GROWTH_YOY");
        assertThat(gdp.getStatement()).isEqualTo(StatementType.YEAR_TO_DATE);
        assertThat(gdp.getPeriod()).isEqualTo("2025-09");
        assertThat(gdp.getQuantity().getValue()).isEqualByComparingTo("5.8");
        assertThat(gdp.getQuantity().getUnit()).isEqualTo("%");
        assertThat(gdp.getHeader().getCounty()).as("全市 is city-wide").isNull();
        // through the end of 30 September in Ordos (UTC+8), released 24 October
        assertThat(gdp.getHeader().getEventTime()).isEqualTo(Instant.parse("2025-09-30T15:59:59Z"));
        assertThat(gdp.getHeader().getReportedAt()).isEqualTo(Instant.parse("2025-10-24T15:59:59Z"));
        assertThat(gdp.getHeader().getSourceId()).isEqualTo("STATS-gdp.growth_yoy");

        assertThat(sink.releases)
                .extracting(
                        r -> r.getMetric(),
                        r -> r.getPeriod(),
                        r -> r.getQuantity().getValue().toPlainString(),
                        r -> r.getQuantity().getUnit(),
                        r -> r.getHeader().getCounty())
                .containsExactly(
                        tuple("gdp.growth_yoy", "2025-09", "5.8", "%", null),
                        tuple("fixed_asset_investment.growth_yoy", "2025-Q3", "-2.3", "%", null),
                        tuple("urban_new_jobs.level", "2025-09", "1.62", "万人", null),
                        tuple("gdp.growth_yoy", "2025-09", "5.9", "%", null));
        assertThat(sink.publishedKeys)
                .containsExactly(
                        "STATS-gdp.growth_yoy",
                        "STATS-fixed_asset_investment.growth_yoy",
                        "STATS-urban_new_jobs.level",
                        "STATS-gdp.growth_yoy");
        // the corrected GDP figure, released later, is a new statement that supersedes the first
        StatisticsRelease corrected = sink.releases.get(3);
        assertThat(corrected.getHeader().getEventId())
                .isNotEqualTo(gdp.getHeader().getEventId());
        assertThat(corrected.getHeader().getReportedAt())
                .isAfter(gdp.getHeader().getReportedAt());
    }

    @Test
    void eachBadRowIsDeadLetteredWithItsLineAndAReasonTheDepartmentCanAct() throws Exception {
        ImportSummary summary = importer.importFile(
                ReportImporterTest.sample("statistics-2025-09.csv"), "auto", ReportImporterTest.OPTIONS);

        assertThat(summary.rejectedByReason())
                .isEqualTo(Map.of(
                        "NEGATIVE_AMOUNT",
                        1L,
                        "INVALID_PERIOD",
                        1L,
                        "NO_MATCHING_GOAL",
                        1L,
                        "UNIT_MISMATCH",
                        1L,
                        "OUTSIDE_PLAN_YEAR",
                        1L,
                        "UNKNOWN_COUNTY",
                        1L,
                        "MISSING_FIELD",
                        1L,
                        "BAD_ROW",
                        1L));
        assertThat(sink.rejected)
                .extracting(DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactly(
                        tuple(5L, "BAD_ROW"),
                        tuple(7L, "NEGATIVE_AMOUNT"),
                        tuple(8L, "INVALID_PERIOD"),
                        tuple(9L, "NO_MATCHING_GOAL"),
                        tuple(10L, "UNIT_MISMATCH"),
                        tuple(11L, "OUTSIDE_PLAN_YEAR"),
                        tuple(12L, "UNKNOWN_COUNTY"),
                        tuple(13L, "MISSING_FIELD"));
        assertThat(sink.rejected.get(0).getMessage()).contains("全市").contains("counted");
        assertThat(sink.rejected.get(1).getMessage()).contains("negative").contains("urban_new_jobs.level");
        assertThat(sink.rejected.get(2).getMessage()).contains("2025年4-9月").contains("start of the year");
        assertThat(sink.rejected.get(3).getMessage())
                .contains("coal_price.level")
                .contains("no goal");
        assertThat(sink.rejected.get(4).getMessage()).contains("万千瓦").contains("万人");
        assertThat(sink.rejected.get(6).getMessage()).contains("包头市");
        assertThat(sink.rejected.get(7).getMessage()).contains("数值");
        assertThat(sink.rejectedKeys.get(3)).isEqualTo("STATS-coal_price.level");
        assertThat(StandardCharsets.UTF_8
                        .decode(sink.rejected.get(3).getOriginalValue())
                        .toString())
                .isEqualTo("coal_price.level,煤炭价格,2025-09,800,元,,2025-10-24");
    }

    @Test
    void aStatisticsTableForcedToTheInvestmentLayoutNamesTheMissingColumns() {
        TableLayout.Options investment = new TableLayout.Options(
                TableLayout.INVESTMENT, "MUNICIPAL_MAJOR", 2025, ReportImporterTest.OPTIONS.feeds());

        assertThatThrownBy(() ->
                        importer.importFile(ReportImporterTest.sample("statistics-2025-09.csv"), "auto", investment))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("missing column 项目编号")
                .hasMessageContaining("found columns: 指标代码");
        assertThat(sink.releases).isEmpty();
    }

    @Test
    void theLayoutIsTakenFromTheHeader() {
        assertThat(TableLayout.AUTO.resolve(List.of("指标代码", "统计期", "数值", "单位"))).isEqualTo(TableLayout.STATISTICS);
        assertThat(TableLayout.AUTO.resolve(List.of("Metric", "Period", "Value", "Unit")))
                .isEqualTo(TableLayout.STATISTICS);
        assertThat(TableLayout.AUTO.resolve(List.of("项目编号", "项目名称", "完成投资"))).isEqualTo(TableLayout.INVESTMENT);
    }
}
