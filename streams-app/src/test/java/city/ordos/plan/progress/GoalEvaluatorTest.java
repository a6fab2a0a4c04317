package city.ordos.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GoalEvaluatorTest {

    private static GoalDefinition.Builder goal(GoalKind kind, Comparator comparator, String target) {
        return TestGoals.goal("g")
                .setSectionTitleZh("s")
                .setSectionTitleEn("s")
                .setPhraseZh("p")
                .setNameZh("n")
                .setNameEn("n")
                .setUnit("u")
                .setComparator(comparator)
                .setTarget(new BigDecimal(target))
                .setKind(kind)
                .setDepartment("d")
                .setPace("LINEAR")
                .setCadenceDays(400);
    }

    private static Instant day(String date) {
        return PlanCalendar.endOfDay(LocalDate.parse(date));
    }

    private static Figures feed(String value, String asOf) {
        long t = day(asOf).toEpochMilli();
        return new Figures(new BigDecimal(value), null, null, 1, t, t);
    }

    // 2025-04-10 is day 100 of 365
    private static final String DAY_100 = "2025-04-10";

    @Test
    void cumulativeExpectedFollowsThePaceAndProjectionExtrapolatesTheData() {
        Evaluation e = GoalEvaluator.evaluate(
                goal(GoalKind.CUMULATIVE, Comparator.AT_LEAST, "365").build(), feed("100", DAY_100), day(DAY_100));
        assertThat(e.actual()).isEqualByComparingTo("100");
        assertThat(e.expectedByNow()).isEqualByComparingTo("100");
        assertThat(e.projectedYearEnd()).isEqualByComparingTo("365");
        assertThat(e.progressRatio()).isCloseTo(100 / 365.0, within(1e-12));
        assertThat(e.status()).isEqualTo(GoalStatus.ON_TRACK);
        assertThat(e.actual().scale()).isEqualTo(6);
    }

    @Test
    void aFeedKeptInAFinerUnitIsShownInTheGoalsUnit() {
        // 新增节水0.4亿立方米, reported in 万立方米: 1,000 万立方米 on day 100 is 0.1 亿立方米
        GoalDefinition g = goal(GoalKind.CUMULATIVE, Comparator.AT_LEAST, "0.365")
                .setUnit("亿立方米")
                .setFeed(FeedSelector.newBuilder()
                        .setStream(InputStream.ENVIRONMENT)
                        .setMetric("water.saved")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setUnit("万立方米")
                        .build())
                .build();
        Evaluation e = GoalEvaluator.evaluate(g, feed("1000", DAY_100), day(DAY_100));
        assertThat(e.actual()).isEqualByComparingTo("0.1");
        assertThat(e.expectedByNow()).isEqualByComparingTo("0.1");
        assertThat(e.status()).isEqualTo(GoalStatus.ON_TRACK);
    }

    @Test
    void cumulativeStatusUsesTheDefaultThresholds() {
        GoalDefinition g = goal(GoalKind.CUMULATIVE, Comparator.AT_LEAST, "365").build();
        assertThat(GoalEvaluator.evaluate(g, feed("95", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.ON_TRACK);
        assertThat(GoalEvaluator.evaluate(g, feed("94", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.AT_RISK);
        assertThat(GoalEvaluator.evaluate(g, feed("85", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.AT_RISK);
        assertThat(GoalEvaluator.evaluate(g, feed("84", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.BEHIND);
        assertThat(GoalEvaluator.evaluate(g, feed("365", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.ACHIEVED);
    }

    @Test
    void thresholdsComeFromTheGoalWhenSet() {
        GoalDefinition g = goal(GoalKind.CUMULATIVE, Comparator.AT_LEAST, "365")
                .setAtRiskBelow(0.8)
                .setBehindBelow(0.5)
                .build();
        assertThat(GoalEvaluator.evaluate(g, feed("84", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.ON_TRACK);
        assertThat(GoalEvaluator.evaluate(g, feed("60", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.AT_RISK);
        assertThat(GoalEvaluator.evaluate(g, feed("40", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.BEHIND);
    }

    @Test
    void oldDataIsExtrapolatedFromItsOwnAsOfNotFromToday() {
        // 100 as of day 100, asked on day 200: projection 365 (data pace), expected 200, ratio 0.5 -> behind
        Evaluation e = GoalEvaluator.evaluate(
                goal(GoalKind.CUMULATIVE, Comparator.AT_LEAST, "365").build(), feed("100", DAY_100), day("2025-07-19"));
        assertThat(e.expectedByNow()).isEqualByComparingTo("200");
        assertThat(e.projectedYearEnd()).isEqualByComparingTo("365");
        assertThat(e.status()).isEqualTo(GoalStatus.BEHIND);
    }

    @Test
    void noDataIsNoDataWithTheExpectedValueStillShown() {
        Evaluation e = GoalEvaluator.evaluate(
                goal(GoalKind.CUMULATIVE, Comparator.AT_LEAST, "365").build(), Figures.NONE, day(DAY_100));
        assertThat(e.status()).isEqualTo(GoalStatus.NO_DATA);
        assertThat(e.actual()).isNull();
        assertThat(e.expectedByNow()).isEqualByComparingTo("100");
    }

    @Test
    void levelsAreExpectedAtTargetAllYearAndAchievedWhenReached() {
        GoalDefinition g = goal(GoalKind.LEVEL, Comparator.REACH, "5000")
                .setPace("CONSTANT")
                .build();
        Evaluation e = GoalEvaluator.evaluate(g, feed("4600", DAY_100), day(DAY_100));
        assertThat(e.expectedByNow()).isEqualByComparingTo("5000");
        assertThat(e.projectedYearEnd()).isEqualByComparingTo("4600");
        assertThat(e.status()).isEqualTo(GoalStatus.AT_RISK); // 0.92
        assertThat(GoalEvaluator.evaluate(g, feed("5000", DAY_100), day(DAY_100))
                        .status())
                .isEqualTo(GoalStatus.ACHIEVED);
    }

    @Test
    void aLevelWithAStartBuildsUpAlongItsPace() {
        // at least 160 villages in the reform by year end, 60 of them on 1 January, linear: on day
        // 100 60 + 100 x 100/365 = 87.4 are expected
        GoalDefinition g = goal(GoalKind.LEVEL, Comparator.AT_LEAST, "160")
                .setStartLevel(new BigDecimal("60"))
                .build();
        Evaluation onPath = GoalEvaluator.evaluate(g, feed("88", DAY_100), day(DAY_100));
        assertThat(onPath.expectedByNow().doubleValue()).isCloseTo(60 + 100 * 100 / 365.0, within(1e-6));
        assertThat(onPath.status()).isEqualTo(GoalStatus.ON_TRACK);
        // 28 gained in 100 days goes on to 60 + 28 x 365 / 100 by the year end
        assertThat(onPath.projectedYearEnd().doubleValue()).isCloseTo(60 + 28 * 365 / 100.0, within(1e-6));
        // 70 of 87.4 expected (0.80): behind, where judged against 160 all year it was behind too,
        // but 87 was as well
        assertThat(GoalEvaluator.evaluate(g, feed("70", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.BEHIND);
        assertThat(GoalEvaluator.evaluate(g, feed("160", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.ACHIEVED);
        assertThat(GoalEvaluator.evaluate(g, feed("150", "2025-12-31"), day("2025-12-31"))
                        .expectedByNow())
                .isEqualByComparingTo("160");
        assertThat(GoalEvaluator.judgedPace(g)).isEqualTo("LINEAR");
    }

    @Test
    void aCountStartedThisYearIsNotBehindInJanuary() {
        // 433 projects to start in 2025, construction season: few start before March, so 20 by
        // the end of January is on track; the same count judged against 433 all year read BEHIND
        GoalDefinition g = goal(GoalKind.LEVEL, Comparator.REACH, "433")
                .setPace("CONSTRUCTION_SEASONAL")
                .setStartLevel(BigDecimal.ZERO)
                .build();
        Evaluation e = GoalEvaluator.evaluate(g, feed("20", "2025-01-31"), day("2025-01-31"));
        // 20 in the first month of a slow season extrapolates far past the list of 433
        assertThat(e.projectedYearEnd()).isEqualByComparingTo("433");
        assertThat(e.expectedByNow().doubleValue())
                .isCloseTo(
                        433 * PaceProfile.CONSTRUCTION_SEASONAL.fraction(PlanCalendar.of(2025), day("2025-01-31")),
                        within(1e-6));
        assertThat(e.expectedByNow().doubleValue()).isLessThan(20);
        assertThat(e.status()).isEqualTo(GoalStatus.ON_TRACK);
    }

    @Test
    void aBuildingLevelIsHeldAgainstTheExpectedValueItIsShownBeside() {
        // 100 zones linear from 0: the count of 30 June (50) was on its path; on 12 October, with no
        // newer count, the page shows 78 expected beside it, and the status says what the page
        // shows (judged against June's path it read ON_TRACK at 71 of 100 in December)
        GoalDefinition g = goal(GoalKind.LEVEL, Comparator.REACH, "100")
                .setStartLevel(BigDecimal.ZERO)
                .build();
        assertThat(GoalEvaluator.evaluate(g, feed("50", "2025-06-30"), day("2025-06-30"))
                        .status())
                .isEqualTo(GoalStatus.ON_TRACK);
        Evaluation october = GoalEvaluator.evaluate(g, feed("50", "2025-06-30"), day("2025-10-12"));
        assertThat(october.expectedByNow().doubleValue()).isCloseTo(100 * 285 / 365.0, within(1e-6));
        assertThat(october.status()).isEqualTo(GoalStatus.BEHIND); // 50 of 78
        // the projection extrapolates from the data's own day: June's pace reaches the target (and
        // 100.8 of the 100 zones to reach is the 100)
        assertThat(october.projectedYearEnd()).isEqualByComparingTo("100");
    }

    @Test
    void aLevelWithoutAStartIsJudgedAgainstItsTargetWhateverItsPace() {
        // the plan does not say how much new-energy capacity stood on 1 January: the pace the
        // catalog gives it shapes the simulator's data, not what is expected
        GoalDefinition g = goal(GoalKind.LEVEL, Comparator.AT_LEAST, "3000")
                .setPace("LINEAR")
                .build();
        Evaluation e = GoalEvaluator.evaluate(g, feed("2265", DAY_100), day(DAY_100));
        assertThat(e.expectedByNow()).isEqualByComparingTo("3000");
        assertThat(e.status()).isEqualTo(GoalStatus.BEHIND);
        assertThat(GoalEvaluator.judgedPace(g)).isEqualTo("CONSTANT");
        // a cap or a held level never builds up, start or not
        assertThat(GoalEvaluator.buildsUp(goal(GoalKind.LEVEL, Comparator.AT_MOST, "10")
                        .setStartLevel(BigDecimal.ONE)
                        .build()))
                .isFalse();
    }

    @Test
    void theBuiltInCatalogPacesOnlyTheLevelsWhoseStartItStates() {
        Map<String, GoalDefinition> goals =
                BuiltInCatalog.goals().stream().collect(Collectors.toMap(GoalDefinition::getGoalId, g -> g));
        assertThat(GoalEvaluator.judgedPace(goals.get("major-projects-under-way")))
                .isEqualTo("CONSTRUCTION_SEASONAL");
        assertThat(GoalEvaluator.judgedPace(goals.get("new-energy-capacity"))).isEqualTo("CONSTANT");
        assertThat(GoalEvaluator.judgedPace(goals.get("major-projects-investment")))
                .isEqualTo(goals.get("major-projects-investment").getPace());
    }

    @Test
    void aShareIsNumeratorOverDenominatorTimesTheScaleAndNeedsADenominator() {
        GoalDefinition g = goal(GoalKind.SHARE, Comparator.AT_LEAST, "50")
                .setRatioScale(new BigDecimal("100"))
                .setPace("CONSTANT")
                .build();
        long t = day(DAY_100).toEpochMilli();
        Evaluation e = GoalEvaluator.evaluate(
                g, new Figures(null, new BigDecimal("30"), new BigDecimal("40"), 2, t, t), day(DAY_100));
        assertThat(e.actual()).isEqualByComparingTo("75");
        assertThat(e.status()).isEqualTo(GoalStatus.ON_TRACK); // met, but a share can still fall before year end
        Evaluation noDenominator =
                GoalEvaluator.evaluate(g, new Figures(null, new BigDecimal("30"), null, 1, t, t), day(DAY_100));
        assertThat(noDenominator.status()).isEqualTo(GoalStatus.NO_DATA);
    }

    @Test
    void aRatioTheContractsDecimalCannotHoldIsNotComputableRatherThanUnencodable() {
        GoalDefinition g = goal(GoalKind.SHARE, Comparator.AT_LEAST, "50")
                .setRatioScale(new BigDecimal("100"))
                .setPace("CONSTANT")
                .build();
        long t = day(DAY_100).toEpochMilli();
        // The largest total sums allow over the smallest non-zero denominator: 2.2 x 10^29 / 10^-6 x 100.
        Evaluation e = GoalEvaluator.evaluate(
                g,
                new Figures(
                        null, new BigDecimal("220000000000000000000000000000"), new BigDecimal("0.000001"), 2, t, t),
                day(DAY_100));
        assertThat(e.actual()).isNull();
        assertThat(e.status()).isEqualTo(GoalStatus.NO_DATA);
        // One digit short of the limit it is still a figure.
        Evaluation fits = GoalEvaluator.evaluate(
                g,
                new Figures(null, new BigDecimal("9999999999999999999"), new BigDecimal("0.000001"), 2, t, t),
                day(DAY_100));
        assertThat(fits.actual()).isEqualByComparingTo("999999999999999999900000000");
    }

    @Test
    void capsAreLowerIsBetterAndAchievedOnlyOnceTheYearIsOver() {
        GoalDefinition g = goal(GoalKind.INTENSITY_CAP, Comparator.AT_MOST, "42.45")
                .setPace("CONSTANT")
                .build();
        long t = day(DAY_100).toEpochMilli();
        Figures under = new Figures(null, new BigDecimal("40"), BigDecimal.ONE, 2, t, t);
        Figures slightlyOver = new Figures(null, new BigDecimal("43"), BigDecimal.ONE, 2, t, t);
        Figures wellOver = new Figures(null, new BigDecimal("60"), BigDecimal.ONE, 2, t, t);
        assertThat(GoalEvaluator.evaluate(g, under, day(DAY_100)).status()).isEqualTo(GoalStatus.ON_TRACK);
        assertThat(GoalEvaluator.evaluate(g, under, Instant.parse("2026-01-01T00:00:00Z"))
                        .status())
                .isEqualTo(GoalStatus.ACHIEVED);
        assertThat(GoalEvaluator.evaluate(g, slightlyOver, day(DAY_100)).status())
                .isEqualTo(GoalStatus.AT_RISK);
        Evaluation e = GoalEvaluator.evaluate(g, wellOver, day(DAY_100));
        assertThat(e.status()).isEqualTo(GoalStatus.BEHIND);
        assertThat(e.progressRatio()).isCloseTo(42.45 / 60, within(1e-12));
    }

    @Test
    void aboutAcceptsTheToleranceBand() {
        GoalDefinition g = goal(GoalKind.GROWTH, Comparator.ABOUT, "6")
                .setTolerance(new BigDecimal("0.5"))
                .setPace("CONSTANT")
                .build();
        assertThat(GoalEvaluator.evaluate(g, feed("5.6", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.ON_TRACK);
        assertThat(GoalEvaluator.evaluate(g, feed("5.6", DAY_100), Instant.parse("2026-01-02T00:00:00Z"))
                        .status())
                .isEqualTo(GoalStatus.ACHIEVED);
        assertThat(GoalEvaluator.evaluate(g, feed("5.0", DAY_100), day(DAY_100)).status())
                .isEqualTo(GoalStatus.AT_RISK);
    }

    @Test
    void growthFromABaselineScalesTheBaselineToTheDataAsOf() {
        GoalDefinition g = goal(GoalKind.GROWTH, Comparator.AT_LEAST, "10")
                .setBaseline2024(new BigDecimal("365"))
                .setPace("CONSTANT")
                .build();
        // 110 through day 100 against 100 for the same stretch of 2024: +10 %
        Evaluation e = GoalEvaluator.evaluate(g, feed("110", DAY_100), day(DAY_100));
        assertThat(e.actual()).isEqualByComparingTo("10");
    }

    @Test
    void staleAfterTheCadenceWithoutAReport() {
        GoalDefinition g = goal(GoalKind.CUMULATIVE, Comparator.AT_LEAST, "365")
                .setCadenceDays(30)
                .build();
        assertThat(GoalEvaluator.evaluate(g, feed("100", DAY_100), day("2025-05-10"))
                        .status())
                .isEqualTo(GoalStatus.BEHIND); // 30 days of silence: not stale yet, but behind pace
        assertThat(GoalEvaluator.evaluate(g, feed("100", DAY_100), day("2025-05-11"))
                        .status())
                .isEqualTo(GoalStatus.STALE);
        assertThat(GoalEvaluator.evaluate(g, feed("365", DAY_100), day("2025-09-11"))
                        .status())
                .isEqualTo(GoalStatus.ACHIEVED);
    }

    @Test
    void aRatiosCountiesAreInItsNumeratorsUnitASumsInTheGoalsOwn() {
        // The county page and the report's county sheet labelled 7,880 (万千瓦 of wind and solar
        // capacity in a county) as "%", the unit of the city-wide share.
        Map<String, GoalDefinition> goals =
                BuiltInCatalog.goals().stream().collect(Collectors.toMap(GoalDefinition::getGoalId, g -> g));
        GoalDefinition share = goals.get("clean-energy-capacity-share");
        assertThat(share.getUnit()).isEqualTo("%");
        assertThat(GoalEvaluator.countyUnit(share)).isEqualTo("万千瓦");
        assertThat(GoalEvaluator.countyUnit(goals.get("clean-energy-generation-share")))
                .isEqualTo("亿千瓦时");
        GoalDefinition sum = goals.get("major-projects-investment");
        assertThat(GoalEvaluator.countyUnit(sum)).isEqualTo(sum.getUnit()).isEqualTo("亿元");
    }
}
