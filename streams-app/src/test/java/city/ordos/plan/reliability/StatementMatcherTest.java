package city.ordos.plan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.reliability.Reconciliation.RecordId;
import city.ordos.plan.reliability.Reconciliation.Statement;
import city.ordos.plan.reliability.StatementMatcher.InputRecord;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.units.UnitTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The independent matcher, against hand-worked cases from the contract and docs/topology.md. */
class StatementMatcherTest {

    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final GoalDefinition MAJOR = goal("major-investment", GoalKind.CUMULATIVE, "亿元")
            .setFeed(selector(
                    InputStream.INVESTMENT,
                    "investment.completed",
                    StatementType.YEAR_TO_DATE,
                    "万元",
                    "MUNICIPAL_MAJOR"))
            .build();
    private static final GoalDefinition CLEAN_SHARE = goal("clean-share", GoalKind.SHARE, "%")
            .setNumerator(selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦", "WIND", "SOLAR"))
            .setDenominator(selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦"))
            .setRatioScale(new BigDecimal("100"))
            .build();
    private static final GoalDefinition GAS = goal("gas-output", GoalKind.CUMULATIVE, "亿立方米")
            .setFeed(selector(InputStream.ENERGY, "energy.output", StatementType.PERIOD_FLOW, "亿立方米"))
            .build();
    private static final GoalDefinition GDP = goal("gdp-growth", GoalKind.GROWTH, "%")
            .setFeed(selector(InputStream.STATISTICS, "gdp.growth_yoy", StatementType.YEAR_TO_DATE, "%"))
            .build();

    private final StatementMatcher matcher = new StatementMatcher(
            List.of(MAJOR, CLEAN_SHARE, GAS, GDP), UnitTable.standard(), NOW, Duration.ofDays(1), 10_000);

    @Test
    void aMajorProjectReportFeedsItsGoalConvertedToTheSelectorUnit() {
        List<Statement> s =
                matcher.statements(investment("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1.2345678", "亿元"));

        assertThat(s).singleElement().satisfies(st -> {
            assertThat(st.goalKey()).isEqualTo("ordos-2025/major-investment");
            assertThat(st.role()).isEqualTo("FEED");
            assertThat(st.period()).isNull();
            assertThat(st.value()).isEqualTo(new BigDecimal("12345.678000"));
        });
    }

    @Test
    void categoryStatementShapeKeyAndPlanYearDecideWhetherARecordFeeds() {
        assertThat(matcher.statements(investment("P1", "OTHER_FIXED_ASSET", "2025-06-30T00:00:00+08:00", "1", "亿元")))
                .as("tier not in the selector's categories")
                .isEmpty();
        InputRecord wrongKey = new InputRecord(
                id(9),
                InputStream.INVESTMENT,
                "someone-else",
                100,
                investmentValue("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "亿元"));
        assertThat(matcher.statements(wrongKey)).as("key is not the sourceId").isEmpty();
        assertThat(matcher.statements(investment("P1", "MUNICIPAL_MAJOR", "2024-12-31T23:59:00+08:00", "1", "亿元")))
                .as("31 December 2024 in Shanghai")
                .isEmpty();
        assertThat(matcher.statements(investment("P1", "MUNICIPAL_MAJOR", "2024-12-31T16:30:00Z", "1", "亿元")))
                .as("00:30 on 1 January 2025 in Shanghai")
                .hasSize(1);
        EnergyReading flowAsLevel = energy(
                "W1", "WIND", "energy.output", StatementType.LEVEL, null, "2025-03-31T00:00:00+08:00", "1", "亿立方米");
        assertThat(matcher.statements(record(InputStream.ENERGY, "W1", flowAsLevel)))
                .as("shape")
                .isEmpty();
    }

    @Test
    void badAmountsUnitsAndTimesFeedNothing() {
        assertThat(matcher.statements(investment("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "-1", "亿元")))
                .as("negative amount")
                .isEmpty();
        assertThat(matcher.statements(investment("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "亿美元")))
                .as("unknown unit")
                .isEmpty();
        assertThat(matcher.statements(investment("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "万千瓦")))
                .as("power is not money")
                .isEmpty();
        InvestmentReport afterReport = InvestmentReport.newBuilder(
                        investmentValue("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "亿元"))
                .setHeader(header("P1", "2025-06-30T00:00:00+08:00", "2025-06-28T00:00:00+08:00"))
                .build();
        assertThat(matcher.statements(record(InputStream.INVESTMENT, "P1", afterReport)))
                .as("event two days after its report")
                .isEmpty();
        assertThat(matcher.statements(new InputRecord(
                        id(3),
                        InputStream.INVESTMENT,
                        "P1",
                        10_001,
                        investmentValue("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "亿元"))))
                .as("oversized")
                .isEmpty();
        assertThat(matcher.statements(new InputRecord(id(4), InputStream.INVESTMENT, "P1", 10, null)))
                .as("undecodable")
                .isEmpty();
        assertThat(matcher.statements(new InputRecord(
                        id(5),
                        InputStream.ENERGY,
                        "P1",
                        10,
                        investmentValue("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "亿元"))))
                .as("an investment report on the energy topic")
                .isEmpty();
    }

    @Test
    void aNegativeGrowthReleaseIsAStatement() {
        StatisticsRelease release = StatisticsRelease.newBuilder()
                .setHeader(header("STATS-GDP", "2025-09-30T23:59:59+08:00", "2025-10-20T00:00:00+08:00"))
                .setIndicator("gdp")
                .setMeasure("GROWTH_YOY")
                .setMetric("gdp.growth_yoy")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setPeriod("2025-Q3")
                .setQuantity(new Quantity(new BigDecimal("-0.5"), "%"))
                .build();

        assertThat(matcher.statements(record(InputStream.STATISTICS, "STATS-GDP", release)))
                .singleElement()
                .extracting(Statement::value)
                .isEqualTo(new BigDecimal("-0.500000"));
    }

    @Test
    void oneCapacityReadingFeedsNumeratorAndDenominator() {
        EnergyReading wind = energy(
                "W1", "WIND", "power.capacity", StatementType.LEVEL, null, "2025-08-15T00:00:00+08:00", "1200", "千瓦");

        assertThat(matcher.statements(record(InputStream.ENERGY, "W1", wind)))
                .extracting(Statement::role, Statement::value)
                .containsExactlyInAnyOrder(
                        tuple("NUMERATOR", new BigDecimal("0.120000")),
                        tuple("DENOMINATOR", new BigDecimal("0.120000")));
        EnergyReading coal = energy(
                "C1", "COAL", "power.capacity", StatementType.LEVEL, null, "2025-08-15T00:00:00+08:00", "3", "万千瓦");
        assertThat(matcher.statements(record(InputStream.ENERGY, "C1", coal)))
                .extracting(Statement::role)
                .containsExactly("DENOMINATOR");
    }

    @Test
    void aFlowIsKeyedByItsPeriodOrTheMonthOfItsEventTime() {
        EnergyReading march = energy(
                "G1",
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                "2025-03",
                "2025-03-31T23:59:59+08:00",
                "2.5",
                "亿立方米");
        EnergyReading noPeriod = energy(
                "G1",
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                null,
                "2025-04-30T20:00:00Z",
                "2.5",
                "亿立方米"); // 1 May 04:00 in Shanghai
        EnergyReading badPeriod = energy(
                "G1",
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                "2025-13",
                "2025-03-31T23:59:59+08:00",
                "2.5",
                "亿立方米");
        EnergyReading lastYear = energy(
                "G1",
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                "2024-12",
                "2025-01-02T00:00:00+08:00",
                "2.5",
                "亿立方米");

        assertThat(matcher.statements(record(InputStream.ENERGY, "G1", march)))
                .extracting(Statement::period)
                .containsExactly("2025-03");
        assertThat(matcher.statements(record(InputStream.ENERGY, "G1", noPeriod)))
                .extracting(Statement::period)
                .containsExactly("2025-05");
        assertThat(matcher.statements(record(InputStream.ENERGY, "G1", badPeriod)))
                .isEmpty();
        assertThat(matcher.statements(record(InputStream.ENERGY, "G1", lastYear)))
                .isEmpty();
    }

    // ---- builders ----

    private long offsets;

    private static RecordId id(long offset) {
        return new RecordId("t", 0, offset);
    }

    private InputRecord record(InputStream stream, String key, SpecificRecord value) {
        return new InputRecord(id(offsets++), stream, key, 200, value);
    }

    private InputRecord investment(String source, String tier, String eventTime, String value, String unit) {
        return record(InputStream.INVESTMENT, source, investmentValue(source, tier, eventTime, value, unit));
    }

    @Test
    void empty_required_text_a_future_report_and_amounts_beyond_the_limit_make_a_record_unusable() {
        InvestmentReport noName = investmentValue("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "亿元");
        noName.setProjectName("");
        assertThat(matcher.statements(new InputRecord(id(1), InputStream.INVESTMENT, "P1", 100, noName)))
                .as("projectName is required text")
                .isEmpty();

        InvestmentReport stampedLater =
                investmentValue("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1", "亿元");
        stampedLater.getHeader().setReportedAt(NOW.plus(Duration.ofDays(2)));
        assertThat(matcher.statements(new InputRecord(id(2), InputStream.INVESTMENT, "P1", 100, stampedLater)))
                .as("reportedAt later than now + tolerance")
                .isEmpty();
        stampedLater.getHeader().setReportedAt(NOW.plus(Duration.ofHours(23)));
        assertThat(matcher.statements(new InputRecord(id(3), InputStream.INVESTMENT, "P1", 100, stampedLater)))
                .as("within the tolerance")
                .hasSize(1);

        // The selector keeps 万元: 10^11 亿元 is 10^15 万元, exactly the limit; a micro-yuan-step more is not.
        assertThat(matcher.statements(
                        investment("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "100000000000", "亿元")))
                .singleElement()
                .satisfies(st -> assertThat(st.value()).isEqualByComparingTo("1E15"));
        assertThat(matcher.statements(
                        investment("P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "100000000000.0001", "亿元")))
                .as("beyond the limit in the selector's unit")
                .isEmpty();
        assertThat(matcher.statements(investment(
                        "P1", "MUNICIPAL_MAJOR", "2025-06-30T00:00:00+08:00", "1000000000000000.000001", "万元")))
                .as("beyond the limit as stated")
                .isEmpty();
    }

    private static InvestmentReport investmentValue(
            String source, String tier, String eventTime, String value, String unit) {
        return InvestmentReport.newBuilder()
                .setHeader(header(source, eventTime, "2025-12-31T00:00:00+08:00"))
                .setProjectId(source)
                .setProjectName("项目")
                .setTier(tier)
                .setSector("INDUSTRY")
                .setQuantity(new Quantity(new BigDecimal(value), unit))
                .build();
    }

    private static EnergyReading energy(
            String source,
            String energySource,
            String metric,
            StatementType statement,
            String period,
            String eventTime,
            String value,
            String unit) {
        return EnergyReading.newBuilder()
                .setHeader(header(source, eventTime, "2025-12-31T00:00:00+08:00"))
                .setFacilityId(source)
                .setEnergySource(energySource)
                .setMetric(metric)
                .setStatement(statement)
                .setPeriod(period)
                .setQuantity(new Quantity(new BigDecimal(value), unit))
                .build();
    }

    private static StatementHeader header(String source, String eventTime, String reportedAt) {
        return StatementHeader.newBuilder()
                .setEventId("e-" + source + "-" + eventTime)
                .setSourceId(source)
                .setEventTime(OffsetDateTime.parse(eventTime).toInstant())
                .setReportedAt(OffsetDateTime.parse(reportedAt).toInstant())
                .build();
    }

    private static GoalDefinition.Builder goal(String id, GoalKind kind, String unit) {
        return TestGoals.goal(id)
                .setNameZh("目标")
                .setNameEn("Goal")
                .setUnit(unit)
                .setTarget(BigDecimal.TEN)
                .setKind(kind)
                .setPace("LINEAR");
    }

    private static FeedSelector selector(
            InputStream stream, String metric, StatementType statement, String unit, String... categories) {
        return FeedSelector.newBuilder()
                .setStream(stream)
                .setMetric(metric)
                .setStatement(statement)
                .setUnit(unit)
                .setCategories(List.of(categories))
                .build();
    }
}
