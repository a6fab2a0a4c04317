package city.ordos.plan.progress.topology;

import static city.ordos.plan.progress.topology.ProgressFixture.at;
import static city.ordos.plan.progress.topology.ProgressFixture.dec;
import static city.ordos.plan.progress.topology.ProgressFixture.goal;
import static city.ordos.plan.progress.topology.ProgressFixture.selector;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.api.SourceContributions;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementType;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTopologyTest {

    @TempDir
    Path stateDir;

    ProgressFixture f;

    @BeforeEach
    void start() {
        f = new ProgressFixture(stateDir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void investmentGoal(String target) {
        investmentGoal(target, 45);
    }

    private void investmentGoal(String target, int cadenceDays) {
        f.publish(goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, target, "亿元")
                .setCadenceDays(cadenceDays)
                .setFeed(selector(InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"))
                .build());
    }

    private GoalProgress lastEmitted(String goalId) {
        Map<String, GoalProgress> latest = f.latestProgress();
        return latest.get("ordos-2025/" + goalId);
    }

    @Test
    void yearToDateStatementsSupersedePerSourceAndSumOverSources() {
        investmentGoal("1000");
        f.send(f.investment("P1", at("2025-03-31"), at("2025-04-05"), "100", "亿元", County.DONGSHENG));
        f.send(f.investment("P2", at("2025-03-31"), at("2025-04-05"), "50", "亿元", County.KANGBASHI));
        f.send(f.investment("P1", at("2025-04-30"), at("2025-05-05"), "180", "亿元", County.DONGSHENG));

        GoalProgress p = lastEmitted("fai");
        assertThat(p.getActual()).isEqualByComparingTo("230");
        assertThat(p.getContributingSources()).isEqualTo(2);
        assertThat(p.getByCounty()).containsEntry("DONGSHENG", dec("180")).containsEntry("KANGBASHI", dec("50"));
        assertThat(p.getLatestEventTime()).isEqualTo(at("2025-04-30"));
    }

    @Test
    void anOlderStatementArrivingLateIsIgnored() {
        investmentGoal("1000");
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-05"), "200", "亿元", null));
        f.progress.readValuesToList();
        f.send(f.investment("P1", at("2025-04-30"), at("2025-05-05"), "150", "亿元", null));

        assertThat(f.progress.isEmpty())
                .as("nothing emitted for an older statement")
                .isTrue();
        assertThat(f.stored("fai").getActual()).isEqualByComparingTo("200");
    }

    @Test
    void aDuplicateChangesNothing() {
        investmentGoal("1000");
        InvestmentReport report = f.investment("P1", at("2025-05-31"), at("2025-06-05"), "200", "亿元", null);
        f.send(report);
        f.progress.readValuesToList();
        f.send(report);
        f.send(report);

        assertThat(f.progress.isEmpty()).isTrue();
        assertThat(f.history.readValuesToList()).hasSize(1);
        assertThat(f.stored("fai").getActual()).isEqualByComparingTo("200");
    }

    @Test
    void aDownwardRestatementForTheSameAsOfReplacesTheValue() {
        investmentGoal("1000");
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-05"), "200", "亿元", County.WUSHEN));
        f.send(f.investment("P2", at("2025-05-31"), at("2025-06-05"), "10", "亿元", County.WUSHEN));
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-20"), "120", "亿元", County.WUSHEN));

        GoalProgress p = lastEmitted("fai");
        assertThat(p.getActual()).isEqualByComparingTo("130");
        assertThat(p.getByCounty()).containsEntry("WUSHEN", dec("130"));
        assertThat(p.getContributingSources()).isEqualTo(2);
    }

    @Test
    void quantitiesAreConvertedToTheSelectorUnit() {
        investmentGoal("1000");
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-05"), "25000", "万元", null)); // 2.5 亿元
        f.send(f.investment("P2", at("2025-05-31"), at("2025-06-05"), "1.5", "亿元", null));

        assertThat(lastEmitted("fai").getActual()).isEqualByComparingTo("4");
    }

    @Test
    void periodFlowsSumOverPeriodsLatestVersionOfEachPeriodWins() {
        f.publish(goal("gas", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "300", "亿立方米")
                .setFeed(
                        selector(InputStream.ENERGY, "energy.output", StatementType.PERIOD_FLOW, "亿立方米", "NATURAL_GAS"))
                .build());
        f.send(f.energy(
                "GAS-A",
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                "2025-01",
                at("2025-01-31"),
                at("2025-02-05"),
                "20",
                "亿立方米"));
        f.send(f.energy(
                "GAS-A",
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                "2025-02",
                at("2025-02-28"),
                at("2025-03-05"),
                "22",
                "亿立方米"));
        f.send(f.energy(
                "GAS-A",
                "NATURAL_GAS",
                "energy.output",
                StatementType.PERIOD_FLOW,
                "2025-01",
                at("2025-01-31"),
                at("2025-03-10"),
                "21",
                "亿立方米")); // January restated
        f.send(f.energy(
                "COAL-B",
                "COAL",
                "energy.output",
                StatementType.PERIOD_FLOW,
                "2025-01",
                at("2025-01-31"),
                at("2025-02-05"),
                "99",
                "亿立方米")); // category not selected

        GoalProgress p = lastEmitted("gas");
        assertThat(p.getActual()).isEqualByComparingTo("43");
        assertThat(p.getContributingSources()).isEqualTo(1);
        List<DeadLetter> dead = f.deadLetters.readValuesToList();
        assertThat(dead).extracting(DeadLetter::getReasonCode).containsExactly("NO_MATCHING_GOAL");
    }

    @Test
    void shareIsARatioOfAggregatesNotAnAverageOfRatios() {
        f.publish(goal("clean-share", GoalKind.SHARE, Comparator.AT_LEAST, "50", "%")
                .setNumerator(
                        selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦", "WIND", "SOLAR"))
                .setDenominator(selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦"))
                .setRatioScale(dec("100"))
                .setPace("CONSTANT")
                .build());
        // Plant A: 90 of 100 clean (90 %); plant B: thermal 300 (0 %). Average of ratios would say 45 %.
        f.send(f.energy(
                "WIND-A",
                "WIND",
                "power.capacity",
                StatementType.LEVEL,
                null,
                at("2025-05-31"),
                at("2025-06-01"),
                "90",
                "万千瓦"));
        f.send(f.energy(
                "THERMAL-B",
                "THERMAL_POWER",
                "power.capacity",
                StatementType.LEVEL,
                null,
                at("2025-05-31"),
                at("2025-06-01"),
                "300",
                "万千瓦"));
        f.send(f.energy(
                "SOLAR-C",
                "SOLAR",
                "power.capacity",
                StatementType.LEVEL,
                null,
                at("2025-05-31"),
                at("2025-06-01"),
                "1000",
                "MW")); // = 100 万千瓦

        GoalProgress p = lastEmitted("clean-share");
        // clean = 90 + 100 = 190; all = 90 + 300 + 100 = 490; 190 / 490 x 100
        assertThat(p.getNumerator()).isEqualByComparingTo("190");
        assertThat(p.getDenominator()).isEqualByComparingTo("490");
        assertThat(p.getActual()).isEqualByComparingTo("38.775510");
        assertThat(p.getExpectedByNow()).isEqualByComparingTo("50");
        assertThat(p.getStatus()).isEqualTo(GoalStatus.BEHIND); // 38.78 / 50 = 0.78 < 0.85
    }

    @Test
    void anIntensityCapIsOnTrackBelowTheCapAndBehindWellAboveIt() {
        f.publish(goal("water-intensity", GoalKind.INTENSITY_CAP, Comparator.AT_MOST, "42.45", "立方米/万元")
                .setNumerator(selector(InputStream.ENVIRONMENT, "water.use", StatementType.YEAR_TO_DATE, "万立方米"))
                .setDenominator(selector(InputStream.STATISTICS, "gdp.level", StatementType.YEAR_TO_DATE, "亿元"))
                .setRatioScale(dec("1"))
                .setPace("CONSTANT")
                .setCadenceDays(400)
                .build());
        // 万立方米 / 亿元 = 10^4 m3 / 10^4 万元 = m3 per 万元
        f.send(f.environment(
                "WATER-DEPT",
                "water.use",
                "INDUSTRY",
                StatementType.YEAR_TO_DATE,
                null,
                at("2025-06-30"),
                at("2025-07-10"),
                "100000",
                "万立方米"));
        f.send(f.release("STATS-GDP", "gdp.level", at("2025-06-30"), at("2025-07-15"), "2500", "亿元"));
        GoalProgress p = lastEmitted("water-intensity");
        assertThat(p.getActual()).isEqualByComparingTo("40");
        assertThat(p.getStatus()).isEqualTo(GoalStatus.ON_TRACK);
        assertThat(p.getProgressRatio()).isCloseTo(42.45 / 40, Offset.offset(1e-9));

        f.send(f.environment(
                "WATER-DEPT",
                "water.use",
                "INDUSTRY",
                StatementType.YEAR_TO_DATE,
                null,
                at("2025-07-31"),
                at("2025-08-10"),
                "130000",
                "万立方米"));
        p = lastEmitted("water-intensity");
        assertThat(p.getActual()).isEqualByComparingTo("52");
        assertThat(p.getStatus()).isEqualTo(GoalStatus.BEHIND); // 42.45 / 52 = 0.82
    }

    @Test
    void growthFromOfficialReleasesTakesTheLatestRelease() {
        f.publish(goal("gdp-growth", GoalKind.GROWTH, Comparator.ABOUT, "6", "%")
                .setTolerance(dec("0.5"))
                .setFeed(selector(InputStream.STATISTICS, "gdp.growth_yoy", StatementType.YEAR_TO_DATE, "%"))
                .setPace("CONSTANT")
                .setCadenceDays(100)
                .build());
        f.send(f.release("STATS-GDP-GROWTH", "gdp.growth_yoy", at("2025-06-30"), at("2025-07-15"), "5.2", "%"));
        f.send(f.release(
                "STATS-GDP-GROWTH", "gdp.growth_yoy", at("2025-03-31"), at("2025-04-15"), "4.0", "%")); // late, older
        f.send(f.release("STATS-GDP-GROWTH", "gdp.growth_yoy", at("2025-09-30"), at("2025-10-15"), "5.8", "%"));
        f.now.set(at("2025-10-20"));
        f.tick(Duration.ofSeconds(1));

        GoalProgress p = f.stored("gdp-growth");
        assertThat(p.getActual()).isEqualByComparingTo("5.8");
        assertThat(p.getStatus()).isEqualTo(GoalStatus.ON_TRACK); // within 6 ± 0.5
    }

    @Test
    void growthAgainstA2024BaselineComparesLikeWithLike() {
        f.publish(goal("retail-growth", GoalKind.GROWTH, Comparator.AT_LEAST, "5", "%")
                .setFeed(selector(InputStream.STATISTICS, "retail_sales.level", StatementType.YEAR_TO_DATE, "亿元"))
                .setBaseline2024(dec("730"))
                .setPace("LINEAR")
                .setCadenceDays(100)
                .build());
        // Year-to-date through 31 December: the whole year against the whole 2024 value.
        f.send(f.release("STATS-RETAIL", "retail_sales.level", at("2025-12-31"), at("2026-01-10"), "773.8", "亿元"));
        GoalProgress p = lastEmitted("retail-growth");
        assertThat(p.getActual()).isEqualByComparingTo("6"); // 773.8 / 730 - 1 = 6 %
    }

    @Test
    void growthAgainstABaselineMidYearUsesTheShareOfTheYearCovered() {
        f.publish(goal("retail-growth", GoalKind.GROWTH, Comparator.AT_LEAST, "5", "%")
                .setFeed(selector(InputStream.STATISTICS, "retail_sales.level", StatementType.YEAR_TO_DATE, "亿元"))
                .setBaseline2024(dec("730"))
                .setPace("LINEAR")
                .setCadenceDays(100)
                .build());
        // Through 2025-07-02 = day 183 of 365: comparable 2024 value = 730 x 183/365 = 366.
        f.send(f.release("STATS-RETAIL", "retail_sales.level", at("2025-07-02"), at("2025-07-15"), "384.3", "亿元"));
        assertThat(lastEmitted("retail-growth").getActual()).isEqualByComparingTo("5"); // 384.3 / 366 - 1
    }

    @Test
    void eventsOutsideThePlanYearGoToDeadLettersWithTheirReason() {
        investmentGoal("1000");
        // 2024-12-31T20:00+08:00 is still 2024 in Ordos, although 2025 in some time zones to the east
        f.send(f.investment(
                "P1", ProgressFixture.instant("2024-12-31T20:00:00+08:00"), at("2025-01-05"), "5", "亿元", null));
        f.send(f.investment(
                "P2", ProgressFixture.instant("2025-01-01T00:30:00+08:00"), at("2025-01-05"), "7", "亿元", null));

        List<DeadLetter> dead = f.deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReasonCode()).isEqualTo("OUTSIDE_PLAN_YEAR");
        assertThat(dead.get(0).getSourceTopic()).isEqualTo(f.topics.investment().name());
        assertThat(dead.get(0).getSourceOffset()).isEqualTo(0L);
        assertThat(new String(dead.get(0).getOriginalKey().array(), StandardCharsets.UTF_8))
                .isEqualTo("P1");
        assertThat(lastEmitted("fai").getActual()).isEqualByComparingTo("7");
    }

    @Test
    void undecodableBytesAndBadValuesGoToDeadLettersWithOriginalBytes() {
        investmentGoal("1000");
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        f.investmentRaw.pipeInput("P9", garbage);
        byte[] unknownId = new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3};
        f.investmentRaw.pipeInput("P9", unknownId);
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-05"), "-3", "亿元", null));
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-05"), "3", "桶", null));
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-05"), "3", "万千瓦", null));
        f.send(f.investment("P1", at("2025-08-31"), at("2025-06-05"), "3", "亿元", null));
        // an energy reading written to the investment topic
        byte[] wrongType = f.serdes
                .valueSerde(EnergyReading.class)
                .serializer()
                .serialize(
                        f.topics.energy().name(),
                        f.energy(
                                "X",
                                "WIND",
                                "power.capacity",
                                StatementType.LEVEL,
                                null,
                                at("2025-05-31"),
                                at("2025-06-01"),
                                "1",
                                "万千瓦"));
        f.investmentRaw.pipeInput("X", wrongType);

        List<DeadLetter> dead = f.deadLetters.readValuesToList();
        assertThat(dead)
                .extracting(DeadLetter::getReasonCode)
                .containsExactly(
                        "NOT_AVRO",
                        "UNKNOWN_SCHEMA_ID",
                        "NEGATIVE_AMOUNT",
                        "UNKNOWN_UNIT",
                        "UNIT_MISMATCH",
                        "FUTURE_EVENT",
                        "WRONG_TYPE");
        assertThat(dead.get(0).getOriginalValue().array()).isEqualTo(garbage);
        assertThat(dead.get(1).getOriginalValue().array()).isEqualTo(unknownId);
        assertThat(dead).allSatisfy(d -> assertThat(d.getMessage()).isNotBlank());
        assertThat(dead).extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(f.stored("fai") == null || f.stored("fai").getActual() == null)
                .isTrue();
    }

    @Test
    void statusChangesWithTheClockAlone() {
        investmentGoal("1200", 120);
        f.now.set(at("2025-06-30"));
        // 600 of 1200 by end of June (day 181 of 365 expects 595.07): on track
        f.send(f.investment("P1", at("2025-06-30"), at("2025-07-01"), "600", "亿元", null));
        assertThat(lastEmitted("fai").getStatus()).isEqualTo(GoalStatus.ON_TRACK);

        // No new event; by 30 September 900.8 is expected and 600 is 0.67 of it.
        f.now.set(at("2025-09-30"));
        f.tick(Duration.ofSeconds(1));
        GoalProgress p = lastEmitted("fai");
        assertThat(p.getStatus()).isEqualTo(GoalStatus.BEHIND);
        assertThat(p.getExpectedByNow())
                .isEqualByComparingTo(dec("1200").multiply(dec("273")).divide(dec("365"), 6, RoundingMode.HALF_EVEN));
    }

    @Test
    void aGoalWithoutReportsForLongerThanItsCadenceIsStale() {
        investmentGoal("1200");
        f.send(f.investment("P1", at("2025-06-30"), at("2025-07-01"), "600", "亿元", null));
        f.now.set(at("2025-08-14"));
        f.tick(Duration.ofSeconds(1));
        assertThat(f.stored("fai").getStatus()).isNotEqualTo(GoalStatus.STALE); // 44 days
        f.now.set(at("2025-08-16"));
        f.tick(Duration.ofSeconds(1));
        assertThat(f.stored("fai").getStatus()).isEqualTo(GoalStatus.STALE); // 46 days > 45
    }

    @Test
    void changingTheTargetOnTheGoalsTopicChangesTheFigure() {
        investmentGoal("1000");
        f.send(f.investment("P1", at("2025-06-30"), at("2025-07-01"), "500", "亿元", null));
        assertThat(lastEmitted("fai").getTarget()).isEqualByComparingTo("1000");
        assertThat(lastEmitted("fai") == null).isTrue(); // all read

        investmentGoal("2000");
        f.tick(Duration.ofSeconds(1));
        GoalProgress p = lastEmitted("fai");
        assertThat(p.getTarget()).isEqualByComparingTo("2000");
        assertThat(p.getProgressRatio()).isEqualTo(0.25);
        assertThat(p.getStatus()).isEqualTo(GoalStatus.BEHIND);
    }

    @Test
    void goalsWithoutDataShowNoDataAndRemovedGoalsAreTombstoned() {
        investmentGoal("1000");
        f.tick(Duration.ofSeconds(1));
        assertThat(f.progress.readKeyValue().value.getStatus()).isEqualTo(GoalStatus.NO_DATA);

        f.removeGoal("fai");
        f.tick(Duration.ofSeconds(1));
        var tombstone = f.progress.readKeyValue();
        assertThat(tombstone.key).isEqualTo("ordos-2025/fai");
        assertThat(tombstone.value).isNull();
        assertThat(f.history.readValuesToList())
                .extracting(GoalProgress::getStatus)
                .containsExactly(GoalStatus.NO_DATA);
    }

    @Test
    void oneEventCanFeedSeveralGoalsAndTheContributionsAreQueryable() {
        investmentGoal("1000");
        f.publish(goal("major-projects", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "800", "万元")
                .setFeed(selector(
                        InputStream.INVESTMENT,
                        "investment.completed",
                        StatementType.YEAR_TO_DATE,
                        "万元",
                        "MUNICIPAL_MAJOR"))
                .build());
        f.send(f.investment("P1", at("2025-05-31"), at("2025-06-05"), "2", "亿元", County.HANGJIN));

        Map<String, GoalProgress> latest = f.latestProgress();
        assertThat(latest.get("ordos-2025/fai").getActual()).isEqualByComparingTo("2");
        assertThat(latest.get("ordos-2025/major-projects").getActual()).isEqualByComparingTo("20000");

        // What the API lists behind the goal: its statements on this task, folded per source.
        KeyValueStore<String, Statement> store = f.driver.getKeyValueStore(ProgressTopology.STATEMENTS_STORE);
        List<Statement> behindFai = new ArrayList<>();
        try (KeyValueIterator<String, Statement> it = store.prefixScan("ordos-2025/fai|", new StringSerializer())) {
            it.forEachRemaining(kv -> behindFai.add(kv.value));
        }
        assertThat(SourceContributions.of(behindFai)).singleElement().satisfies(c -> {
            assertThat(c.sourceId()).isEqualTo("P1");
            assertThat(c.value()).isEqualByComparingTo("2");
            assertThat(c.county()).isEqualTo("HANGJIN");
        });
    }

    @Test
    void aStatementOfTheWrongShapeForTheGoalIsDeadLettered() {
        f.publish(goal("capacity", GoalKind.LEVEL, Comparator.AT_LEAST, "5000", "万千瓦")
                .setFeed(selector(InputStream.ENERGY, "power.capacity", StatementType.LEVEL, "万千瓦"))
                .setPace("CONSTANT")
                .build());
        f.send(f.energy(
                "WIND-A",
                "WIND",
                "power.capacity",
                StatementType.PERIOD_FLOW,
                "2025-03",
                at("2025-03-31"),
                at("2025-04-01"),
                "5",
                "万千瓦"));
        assertThat(f.deadLetters.readValuesToList())
                .extracting(DeadLetter::getReasonCode)
                .containsExactly("STATEMENT_MISMATCH");
    }

    @Test
    void withAnEmitIntervalABurstOfChangesLeavesAsOneFigure() {
        f.close();
        f = new ProgressFixture(stateDir.resolve("coalesced"), null, Duration.ofMillis(200));
        investmentGoal("1000");
        for (int p = 1; p <= 5; p++) {
            f.send(f.investment("P" + p, at("2025-05-31"), at("2025-06-05"), Integer.toString(p * 10), "亿元", null));
        }
        assertThat(f.progress.isEmpty()).isTrue();
        f.tick(Duration.ofMillis(200));
        List<GoalProgress> emitted = f.progress.readValuesToList();
        assertThat(emitted).singleElement().satisfies(p -> {
            assertThat(p.getActual()).isEqualByComparingTo("150");
            assertThat(p.getContributingSources()).isEqualTo(5);
        });
        f.tick(Duration.ofMillis(200));
        assertThat(f.progress.isEmpty()).as("nothing changed since").isTrue();
    }
}
