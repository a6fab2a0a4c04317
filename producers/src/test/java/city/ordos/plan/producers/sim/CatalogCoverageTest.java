package city.ordos.plan.producers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator on the real Ordos catalog: every goal gets data, on track meets every target. */
class CatalogCoverageTest {

    private static final OrdosTopics TOPICS = OrdosTopics.DEFAULT;
    private static final Instant REPORTS_IN = PlanCalendar.lastSecondOf(LocalDate.of(2026, 1, 31));
    private static List<GoalDefinition> goals;
    private static List<SimEvent> onTrack;

    @BeforeAll
    static void simulate() {
        goals = BuiltInCatalog.goals();
        try (var events = Simulation.events(
                ScenarioConfig.builder(Scenario.ON_TRACK, goals).build())) {
            onTrack = events.toList();
        }
    }

    @Test
    void theCatalogNeedsNoCompromiseFromThePlanner() {
        assertThat(goals).hasSizeGreaterThan(60);
        assertThat(Simulation.plan(
                                ScenarioConfig.builder(Scenario.ON_TRACK, goals).build())
                        .warnings())
                .isEmpty();
    }

    @Test
    void everyGoalOfTheCatalogReceivesMatchingEventsAndMeetsItsTargetOnTrack() {
        for (GoalDefinition g : goals) {
            Double actual = GoalOracle.actual(g, onTrack, TOPICS, REPORTS_IN);
            assertThat(actual).as("year-end actual of %s", g.getGoalId()).isNotNull();
            assertThat(GoalOracle.meetsTarget(g, actual))
                    .as(
                            "%s: actual %s vs %s %s %s",
                            g.getGoalId(), actual, g.getComparator(), g.getTarget(), g.getUnit())
                    .isTrue();
        }
    }

    @Test
    void theLaggingYearMissesTheChosenTargetsAndKeepsTheOthers() {
        ScenarioConfig config = ScenarioConfig.builder(Scenario.LAGGING, goals).build();
        Set<String> chosen = Simulation.plan(config).laggingGoals();
        assertThat(chosen)
                .containsExactlyInAnyOrder(
                        "major-projects-investment", "gdp-growth", "new-energy-capacity", "desertified-land-treated");
        List<SimEvent> lagging;
        try (var events = Simulation.events(config)) {
            lagging = events.toList();
        }
        for (GoalDefinition g : goals) {
            double actual = GoalOracle.actual(g, lagging, TOPICS, REPORTS_IN);
            boolean chosenOrSharing = chosen.contains(g.getGoalId());
            if (chosenOrSharing) {
                assertThat(GoalOracle.meetsTarget(g, actual))
                        .as("%s misses: %s", g.getGoalId(), actual)
                        .isFalse();
            }
        }
        GoalDefinition gas = goals.stream()
                .filter(g -> g.getGoalId().equals("natural-gas-output"))
                .findFirst()
                .orElseThrow();
        assertThat(GoalOracle.meetsTarget(gas, GoalOracle.actual(gas, lagging, TOPICS, REPORTS_IN)))
                .isTrue();
    }

    @Test
    void theDataGapSilencesAGoalThatTurnsStaleWithinTheYear() {
        ScenarioConfig config = ScenarioConfig.builder(Scenario.DATA_GAP, goals).build();
        Set<String> silent = Simulation.plan(config).silentGoals();
        assertThat(silent).containsExactly("affordable-rental-housing");
        GoalDefinition g = goals.stream()
                .filter(x -> x.getGoalId().equals("affordable-rental-housing"))
                .findFirst()
                .orElseThrow();
        assertThat(g.getCadenceDays()).isLessThan(180);
        List<SimEvent> gap;
        try (var events = Simulation.events(config)) {
            gap = events.toList();
        }
        long july = PlanCalendar.lastSecondOf(LocalDate.of(2025, 6, 30)).toEpochMilli();
        assertThat(gap)
                .filteredOn(e -> e.value() != null
                        && e.timestamp() > july
                        && GoalOracle.matches(GoalOracle.fields(e), g.getFeed(), TOPICS))
                .isEmpty();
        assertThat(GoalOracle.actual(g, gap, TOPICS, PlanCalendar.lastSecondOf(LocalDate.of(2025, 6, 30))))
                .isNotNull();
    }
}
