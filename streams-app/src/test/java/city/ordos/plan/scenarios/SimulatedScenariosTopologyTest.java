package city.ordos.plan.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimEvent;
import city.ordos.plan.producers.sim.Simulation;
import city.ordos.plan.progress.topology.ProgressSettings;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's scenarios on the real catalog through the production progress topology: a year
 * simulated on track keeps every goal on track; the lagging scenario makes its chosen goals fall
 * behind what the pace profile expects. The plan clock follows the simulated delivery time, as in
 * a replay.
 */
class SimulatedScenariosTopologyTest {

    private static final String PLAN = "ordos-2025";
    /** Sampled on 12 October: the September reports are in. */
    private static final LocalDate SAMPLE_DAY = LocalDate.of(2025, 10, 12);

    /** The real catalog, as the catalog loader publishes it. */
    static List<GoalDefinition> goals() {
        return BuiltInCatalog.goals();
    }

    private Map<String, GoalProgress> replay(Scenario scenario, Path stateDir) {
        OrdosTopics topics = OrdosTopics.withPrefix("sim-");
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mock://sim-" + UUID.randomUUID()));
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00+08:00"));
        // The production settings (AppConfig's defaults: exactly-once, explicit naming, RocksDB bounds).
        Properties props = AppConfig.of(Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        "simulated-year-" + scenario.cliName(),
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDir.toString()))
                .streamsProperties();
        ScenarioConfig config = ScenarioConfig.builder(scenario, goals())
                .seed(3)
                .topics(topics)
                .majorProjects(120)
                .lastReportDay(SAMPLE_DAY)
                .build();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ProgressTopology.build(
                        topics,
                        serdes,
                        ProgressSettings.DEFAULTS.withGoalPartitions(1).withEmitInterval(Duration.ZERO),
                        now::get),
                props,
                Instant.parse("2026-02-01T00:00:00Z"))) {
            TestInputTopic<String, GoalDefinition> goalTopic = driver.createInputTopic(
                    topics.goals().name(),
                    new StringSerializer(),
                    serdes.valueSerde(GoalDefinition.class).serializer());
            for (GoalDefinition g : goals()) {
                goalTopic.pipeInput(OrdosTopics.goalKey(PLAN, g.getGoalId()), g);
            }
            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            Map<Class<?>, Serializer<SpecificRecord>> serializers = new HashMap<>();
            try (var events = Simulation.events(config)) {
                events.forEach(e -> pipe(e, driver, serdes, now, inputs, serializers));
            }
            now.set(Instant.parse(SAMPLE_DAY + "T23:59:59+08:00"));
            // progress is emitted and re-evaluated on wall-clock punctuation
            driver.advanceWallClockTime(Duration.ofSeconds(5));
            KeyValueStore<String, GoalProgress> store = driver.getKeyValueStore(ProgressTopology.PROGRESS_STORE);
            Map<String, GoalProgress> out = new HashMap<>();
            for (GoalDefinition g : goals()) {
                out.put(g.getGoalId(), store.get(OrdosTopics.goalKey(PLAN, g.getGoalId())));
            }
            return out;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void pipe(
            SimEvent e,
            TopologyTestDriver driver,
            AvroSerdes serdes,
            AtomicReference<Instant> now,
            Map<String, TestInputTopic<String, byte[]>> inputs,
            Map<Class<?>, Serializer<SpecificRecord>> serializers) {
        now.set(Instant.ofEpochMilli(e.timestamp()));
        Serializer<SpecificRecord> serializer =
                serializers.computeIfAbsent(e.value().getClass(), c ->
                        (Serializer) serdes.valueSerde((Class) c).serializer());
        inputs.computeIfAbsent(
                        e.topic(), t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(e.key(), serializer.serialize(e.topic(), e.value()), e.timestamp());
    }

    @Test
    void aYearOnTrackKeepsEveryGoalOnTrack(@TempDir Path stateDir) {
        Map<String, GoalProgress> progress = replay(Scenario.ON_TRACK, stateDir);

        assertThat(progress.values()).allSatisfy(p -> {
            assertThat(p).isNotNull();
            assertThat(p.getStatus()).as(p.getGoalId() + " " + p).isIn(GoalStatus.ON_TRACK, GoalStatus.ACHIEVED);
        });
    }

    @Test
    void theLaggingScenarioPutsItsChosenGoalsBehindExpected(@TempDir Path stateDir) {
        Set<String> chosen = Simulation.plan(
                        ScenarioConfig.builder(Scenario.LAGGING, goals()).build())
                .laggingGoals();
        assertThat(chosen)
                .containsExactlyInAnyOrder(
                        "major-projects-investment", "gdp-growth", "new-energy-capacity", "desertified-land-treated");

        Map<String, GoalProgress> progress = replay(Scenario.LAGGING, stateDir);

        GoalProgress major = progress.get("major-projects-investment");
        assertThat(major.getStatus()).as(major.toString()).isEqualTo(GoalStatus.BEHIND);
        assertThat(major.getActual()).isLessThan(major.getExpectedByNow());
        for (String id : chosen) {
            assertThat(progress.get(id).getStatus())
                    .as(id + " " + progress.get(id))
                    .isIn(GoalStatus.AT_RISK, GoalStatus.BEHIND);
        }
        assertThat(progress.get("natural-gas-output").getStatus()).isIn(GoalStatus.ON_TRACK, GoalStatus.ACHIEVED);
    }
}
