package city.ordos.plan.producers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.units.UnitTable;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final List<GoalDefinition> GOALS = SampleGoals.all();
    private static final OrdosTopics TOPICS = OrdosTopics.DEFAULT;
    private static final Instant YEAR_END_REPORTS_IN = PlanCalendar.lastSecondOf(LocalDate.of(2026, 1, 31));

    private static List<SimEvent> onTrack;

    private static ScenarioConfig config(Scenario scenario, long seed) {
        return ScenarioConfig.builder(scenario, GOALS)
                .seed(seed)
                .otherProjects(150)
                .build();
    }

    private static List<SimEvent> run(Scenario scenario, long seed) {
        try (var events = Simulation.events(config(scenario, seed))) {
            return events.toList();
        }
    }

    private static Instant endOf(int year, int month, int day) {
        return PlanCalendar.lastSecondOf(LocalDate.of(year, month, day));
    }

    @BeforeAll
    static void simulateOnTrack() {
        onTrack = run(Scenario.ON_TRACK, 42);
    }

    @Test
    void sameSeedGivesIdenticalEventsIncludingIds() {
        List<SimEvent> again = run(Scenario.ON_TRACK, 42);
        assertThat(again).hasSameSizeAs(onTrack);
        for (int i = 0; i < onTrack.size(); i++) {
            SimEvent a = onTrack.get(i);
            SimEvent b = again.get(i);
            assertThat(b.topic()).isEqualTo(a.topic());
            assertThat(b.key()).isEqualTo(a.key());
            assertThat(b.timestamp()).isEqualTo(a.timestamp());
            assertThat(b.value()).isEqualTo(a.value());
        }
    }

    @Test
    void differentSeedGivesDifferentEvents() {
        List<SimEvent> other = run(Scenario.ON_TRACK, 43);
        Set<String> ids = onTrack.stream().map(e -> e.statement().eventId()).collect(Collectors.toSet());
        assertThat(other).noneMatch(e -> ids.contains(e.statement().eventId()));
        Map<String, String> firstValueBySource = new HashMap<>();
        onTrack.forEach(e ->
                firstValueBySource.putIfAbsent(e.key(), e.statement().value().toPlainString()));
        long sameFirstValue = other.stream()
                .filter(e -> e.statement().value().toPlainString().equals(firstValueBySource.get(e.key())))
                .count();
        assertThat(sameFirstValue).isLessThan(other.size() / 10);
    }

    @Test
    void eventIdsAreUniqueAndKeysAreSourceIds() {
        Set<String> ids = new HashSet<>();
        for (SimEvent e : onTrack) {
            assertThat(ids.add(e.statement().eventId()))
                    .as("unique id %s", e.statement().eventId())
                    .isTrue();
            assertThat(e.key()).isEqualTo(GoalOracle.fields(e).sourceId());
        }
    }

    @Test
    void eventTimesLieInThePlanYearInOrdosAndPrecedeTheReport() {
        for (SimEvent e : onTrack) {
            GoalOracle.Fields f = GoalOracle.fields(e);
            ZonedDateTime local = f.eventTime().atZone(PlanCalendar.ZONE);
            assertThat(local.getYear()).isEqualTo(2025);
            assertThat(f.reportedAt()).isAfter(f.eventTime());
            assertThat(e.timestamp()).isEqualTo(f.reportedAt().toEpochMilli());
            if (f.statement() == StatementType.PERIOD_FLOW) {
                assertThat(f.period()).matches("2025-\\d\\d(-\\d\\d)?");
            }
        }
    }

    @Test
    void eventsAreDeliveredInTimeOrder() {
        for (int i = 1; i < onTrack.size(); i++) {
            assertThat(onTrack.get(i).timestamp())
                    .isGreaterThanOrEqualTo(onTrack.get(i - 1).timestamp());
        }
    }

    @Test
    void everyGoalReceivesMatchingEventsAndOnTrackGoalsMeetTheirTargets() {
        for (GoalDefinition g : GOALS) {
            Double actual = GoalOracle.actual(g, onTrack, TOPICS, YEAR_END_REPORTS_IN);
            assertThat(actual).as("year-end actual of %s", g.getGoalId()).isNotNull();
            assertThat(GoalOracle.meetsTarget(g, actual))
                    .as("%s: actual %s vs target %s %s", g.getGoalId(), actual, g.getComparator(), g.getTarget())
                    .isTrue();
        }
        assertThat(Simulation.plan(config(Scenario.ON_TRACK, 42)).warnings()).isEmpty();
    }

    @Test
    void onTrackGoalsAreAlsoOnTrackMidYear() {
        GoalDefinition gas = goal("natural-gas-output");
        double actual = GoalOracle.actual(gas, onTrack, TOPICS, endOf(2025, 7, 10));
        // gas is spread linearly; reports as of 30 June are in by 10 July
        assertThat(actual).isGreaterThan(310 * 181 / 365.0);
        GoalDefinition share = goal("clean-capacity-share");
        assertThat(GoalOracle.actual(share, onTrack, TOPICS, endOf(2025, 7, 10)))
                .isGreaterThan(44.1);
    }

    @Test
    void onTrackLevelsSharesAndCapsStayOnTrackEveryDayOnceBothSidesHaveReported() {
        for (String id : List.of(
                "clean-capacity-share",
                "clean-generation-share",
                "water-per-gdp",
                "irrigation-coefficient",
                "cashmere-goats-on-hand",
                "new-energy-capacity",
                "gdp-growth")) {
            GoalDefinition g = goal(id);
            for (LocalDate day = LocalDate.of(2025, 5, 1);
                    day.isBefore(LocalDate.of(2026, 1, 31));
                    day = day.plusDays(1)) {
                Double actual = GoalOracle.actual(g, onTrack, TOPICS, PlanCalendar.lastSecondOf(day));
                assertThat(actual).as("%s on %s", id, day).isNotNull();
                // the streams app compares such goals with their target all year: within 5% is on track
                double target = g.getTarget().doubleValue()
                        - (g.getTolerance() == null ? 0 : g.getTolerance().doubleValue());
                if (g.getComparator() == Comparator.AT_MOST) {
                    assertThat(actual).as("%s on %s", id, day).isLessThanOrEqualTo(target);
                } else {
                    assertThat(actual).as("%s on %s", id, day).isGreaterThanOrEqualTo(0.95 * target);
                }
            }
        }
    }

    @Test
    void majorProjectsFollowInnerMongoliaConstructionSeason() {
        GoalDefinition major = goal("major-projects-investment");
        double yearTotal = GoalOracle.actual(major, onTrack, TOPICS, YEAR_END_REPORTS_IN);
        double byFebruary = GoalOracle.actual(major, onTrack, TOPICS, endOf(2025, 3, 20));
        double byJune = GoalOracle.actual(major, onTrack, TOPICS, endOf(2025, 7, 20));
        double byJuly = GoalOracle.actual(major, onTrack, TOPICS, endOf(2025, 8, 20));
        assertThat(byFebruary / yearTotal).as("January-February share").isLessThan(0.05);
        double julyAlone = byJuly - byJune;
        assertThat(julyAlone).as("July against an average month").isGreaterThan(yearTotal / 12 * 1.4);
        assertThat(julyAlone).as("July against January and February").isGreaterThan(byFebruary * 3);
    }

    @Test
    void majorProjectsAreThe433ProjectsWithChineseNamesAndUnitsAsWritten() {
        Set<String> projects = new HashSet<>();
        Set<String> units = new HashSet<>();
        for (SimEvent e : onTrack) {
            if (e.value() instanceof InvestmentReport r && r.getTier().equals("MUNICIPAL_MAJOR")) {
                projects.add(r.getProjectId());
                units.add(r.getQuantity().getUnit());
                assertThat(r.getProjectName()).matches(".*(项目|工程).*");
                assertThat(r.getHeader().getCounty()).isNotNull();
            }
        }
        assertThat(projects).hasSize(433);
        assertThat(units).containsExactlyInAnyOrder("亿元", "万元");
    }

    @Test
    void laggingScenarioLeavesTheChosenGoalsBehindFromMidYear() {
        List<SimEvent> lagging = run(Scenario.LAGGING, 42);
        Set<String> chosen = Simulation.plan(config(Scenario.LAGGING, 42)).laggingGoals();
        assertThat(chosen)
                .containsExactlyInAnyOrder(
                        "major-projects-investment", "gdp-growth", "new-energy-capacity", "desertified-land-treated");
        for (String id : chosen) {
            GoalDefinition g = goal(id);
            double mayOnTrack = GoalOracle.actual(g, onTrack, TOPICS, endOf(2025, 5, 10));
            double mayLagging = GoalOracle.actual(g, lagging, TOPICS, endOf(2025, 5, 10));
            assertThat(mayLagging).as("%s before June", id).isCloseTo(mayOnTrack, Percentage.withPercentage(12));
            double yearEnd = GoalOracle.actual(g, lagging, TOPICS, YEAR_END_REPORTS_IN);
            assertThat(GoalOracle.meetsTarget(g, yearEnd))
                    .as("%s misses its target: %s", id, yearEnd)
                    .isFalse();
        }
        GoalDefinition major = goal("major-projects-investment");
        double octOnTrack = GoalOracle.actual(major, onTrack, TOPICS, endOf(2025, 10, 10));
        double octLagging = GoalOracle.actual(major, lagging, TOPICS, endOf(2025, 10, 10));
        assertThat(octLagging).isLessThan(octOnTrack * 0.8);
        GoalDefinition gas = goal("natural-gas-output");
        assertThat(GoalOracle.meetsTarget(gas, GoalOracle.actual(gas, lagging, TOPICS, YEAR_END_REPORTS_IN)))
                .as("goals not chosen stay on track")
                .isTrue();
    }

    @Test
    void aFewAreasCountedByCountyAreWholeAreasBuiltUpFromTheStartLevel() {
        // 8 groundwater areas over 9 county bureaus, brought into balance towards the year end
        // from none: split by fractions every bureau reported one area and the city counted 9 of 8
        // in March
        GoalDefinition areas = SampleGoals.goal("areas-balanced", GoalKind.LEVEL, Comparator.REACH, "8", "个")
                .setPace("YEAR_END")
                .setStartLevel(BigDecimal.ZERO)
                .setCadenceDays(100)
                .setFeed(SampleGoals.sel(
                        InputStream.ENVIRONMENT,
                        "water.groundwater.overdraft_areas_balanced",
                        StatementType.LEVEL,
                        "个"))
                .build();
        List<SimEvent> year;
        try (var events = Simulation.events(ScenarioConfig.builder(Scenario.ON_TRACK, List.of(areas))
                .seed(7)
                .build())) {
            year = events.toList();
        }
        // whole areas, never behind the year-end pace on any day, and not all of them early
        PaceCurve pace = PaceCurve.of("YEAR_END");
        for (LocalDate day = LocalDate.of(2025, 3, 1); day.getYear() == 2025; day = day.plusDays(7)) {
            Double balanced = GoalOracle.actual(areas, year, TOPICS, PlanCalendar.lastSecondOf(day));
            assertThat(balanced).as("on %s", day).isNotNull();
            assertThat(balanced % 1).as("whole areas on %s", day).isZero();
            assertThat(balanced).as("on %s", day).isGreaterThanOrEqualTo(8 * pace.through(day, 2025));
        }
        assertThat(GoalOracle.actual(areas, year, TOPICS, endOf(2025, 4, 30)))
                .as("balanced by the end of April")
                .isLessThanOrEqualTo(4.0);
        assertThat(GoalOracle.actual(areas, year, TOPICS, YEAR_END_REPORTS_IN))
                .as("balanced at year end")
                .isEqualTo(8.0);
    }

    @Test
    void dataGapSilencesTheChosenGoalsSourcesFromJuly() {
        List<SimEvent> gap = run(Scenario.DATA_GAP, 42);
        Set<String> silent = Simulation.plan(config(Scenario.DATA_GAP, 42)).silentGoals();
        assertThat(silent).hasSize(1);
        GoalDefinition g = goal(silent.iterator().next());
        long before = gap.stream()
                .filter(e -> matches(g, e) && e.timestamp() < endOf(2025, 6, 30).toEpochMilli())
                .count();
        long after = gap.stream()
                .filter(e -> matches(g, e) && e.timestamp() > endOf(2025, 6, 30).toEpochMilli())
                .count();
        assertThat(before).isPositive();
        assertThat(after).isZero();
        GoalDefinition gas = goal("natural-gas-output");
        assertThat(gap.stream()
                        .filter(e -> matches(gas, e)
                                && e.timestamp() > endOf(2025, 7, 1).toEpochMilli()))
                .isNotEmpty();
    }

    @Test
    void restatementsCorrectDownAndUpArriveLateAndRepeat() {
        List<SimEvent> restated = run(Scenario.RESTATEMENTS, 42);
        Map<String, GoalOracle.Fields> first = new HashMap<>();
        int down = 0;
        int up = 0;
        int late = 0;
        int resent = 0;
        Set<String> seenIds = new HashSet<>();
        for (SimEvent e : restated) {
            GoalOracle.Fields f = GoalOracle.fields(e);
            if (!seenIds.add(e.statement().eventId())) {
                resent++;
                continue;
            }
            if (e.timestamp() - f.reportedAt().toEpochMilli() > 30L * 24 * 3600 * 1000) {
                late++;
            }
            String key = f.sourceId() + "|" + f.metric() + "|" + f.eventTime() + "|" + f.period();
            GoalOracle.Fields earlier = first.putIfAbsent(key, f);
            if (earlier != null) {
                assertThat(f.reportedAt()).isAfter(earlier.reportedAt());
                if (f.value() < earlier.value()) {
                    down++;
                } else if (f.value() > earlier.value()) {
                    up++;
                }
            }
        }
        assertThat(down).isPositive();
        assertThat(up).isPositive();
        assertThat(late).isPositive();
        assertThat(resent).isPositive();
    }

    @Test
    void dirtyScenarioAddsEveryKindOfDefectOnTopOfTheGoodEvents() {
        List<SimEvent> dirty = run(Scenario.DIRTY, 42);
        EnumSet<Defect> kinds = EnumSet.noneOf(Defect.class);
        long bad = 0;
        for (SimEvent e : dirty) {
            if (e.defect() == Defect.NONE) {
                continue;
            }
            bad++;
            kinds.add(e.defect());
            assertThat(e.defect().expectedReason()).isNotBlank();
            if (e.defect() == Defect.NOT_AVRO) {
                assertThat(e.value()).isNull();
                assertThat(e.rawValue()).isNotEmpty();
            } else {
                GoalOracle.Fields f = GoalOracle.fields(e);
                switch (e.defect()) {
                    case NEGATIVE_AMOUNT -> assertThat(f.value()).isNegative();
                    case OUTSIDE_PLAN_YEAR ->
                        assertThat(f.eventTime().atZone(PlanCalendar.ZONE).getYear())
                                .isNotEqualTo(2025);
                    case UNKNOWN_UNIT ->
                        assertThat(UnitTable.standard().isKnown(f.unit()))
                                .as("unit %s", f.unit())
                                .isFalse();
                    case UNIT_MISMATCH ->
                        assertThat(GOALS)
                                .allSatisfy(g -> GoalChoice.selectors(g).stream()
                                        .filter(s -> s.getMetric().equals(f.metric()))
                                        .forEach(s -> assertThat(GoalOracle.factor(f.unit(), s.getUnit()))
                                                .isNull()));
                    case UNKNOWN_COUNTY -> assertThat(e.value()).isNotNull();
                    default -> {}
                }
            }
        }
        assertThat(kinds).containsAll(EnumSet.complementOf(EnumSet.of(Defect.NONE)));
        double share = bad / (double) (dirty.size() - bad);
        assertThat(share).isBetween(0.015, 0.06);
        for (GoalDefinition g : GOALS) {
            assertThat(GoalOracle.meetsTarget(g, GoalOracle.actual(g, dirty, TOPICS, YEAR_END_REPORTS_IN)))
                    .as("good events of %s still make the target", g.getGoalId())
                    .isTrue();
        }
    }

    @Test
    void metersScaleTheVolumeLazily() {
        ScenarioConfig big =
                config(Scenario.ON_TRACK, 42).toBuilder().meters(10_000).build();
        try (var events = Simulation.events(big)) {
            long meterReadings = events.limit(200_000)
                    .filter(e -> e.key().matches("MTR-[A-Z_]+-\\d{6}"))
                    .count();
            assertThat(meterReadings).isGreaterThan(150_000);
        }
        ScenarioConfig some =
                config(Scenario.ON_TRACK, 42).toBuilder().meters(20).build();
        try (var events = Simulation.events(some)) {
            List<SimEvent> all = events.toList();
            long oneMeter = all.stream()
                    .filter(e -> e.key().equals("MTR-THERMAL_POWER-000001"))
                    .count();
            assertThat(oneMeter).isEqualTo(365);
            GoalDefinition share = goal("clean-generation-share");
            assertThat(GoalOracle.meetsTarget(share, GoalOracle.actual(share, all, TOPICS, YEAR_END_REPORTS_IN)))
                    .isTrue();
        }
    }

    private static boolean matches(GoalDefinition g, SimEvent e) {
        if (e.value() == null) {
            return false;
        }
        GoalOracle.Fields f = GoalOracle.fields(e);
        return GoalChoice.selectors(g).stream().anyMatch(s -> GoalOracle.matches(f, s, TOPICS));
    }

    private static GoalDefinition goal(String id) {
        return GOALS.stream().filter(g -> g.getGoalId().equals(id)).findFirst().orElseThrow();
    }
}
