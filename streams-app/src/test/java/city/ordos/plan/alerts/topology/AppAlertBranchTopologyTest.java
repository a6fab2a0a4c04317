package city.ordos.plan.alerts.topology;

import static city.ordos.plan.alerts.Progress.KEY;
import static city.ordos.plan.alerts.Progress.at;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.alerts.Progress;
import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.OrdosTopology;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's own topology (as {@link StreamsRunner} builds it) carries the alert branch. */
class AppAlertBranchTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void theApplicationAlertsFromItsProgressHistoryWithTheSharedGoalCatalog() {
        AppConfig config = AppConfig.of(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                "app-alerts-test",
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                "schema.registry.url",
                "mock://app-alerts-" + UUID.randomUUID(),
                AppConfig.TOPIC_PREFIX,
                "app-",
                AppConfig.CLOCK,
                "fixed:2025-07-01",
                AlertConfig.PENDING_FOR_HOURS,
                "24"));
        AvroSerdes serdes = new AvroSerdes(config.serdeConfigs());

        Topology topology =
                OrdosTopology.build(config, serdes, config.newClock(Clock.systemUTC()), PipelineMetrics.NONE);
        try (TopologyTestDriver driver =
                new TopologyTestDriver(topology, config.streamsProperties(), Instant.parse("2026-01-01T00:00:00Z"))) {
            assertThat(topology.describe().toString())
                    .contains(
                            AlertTopology.PROCESSOR, AlertTopology.STATE_STORE, ProgressTopology.GOAL_DEFINITIONS_STORE)
                    .doesNotContain(AlertTopology.GOALS_STORE);

            TestInputTopic<String, GoalDefinition> goals = driver.createInputTopic(
                    config.topics().goals().name(),
                    Serdes.String().serializer(),
                    serdes.valueSerde(GoalDefinition.class).serializer());
            TestInputTopic<String, GoalProgress> history = driver.createInputTopic(
                    config.topics().progressHistory().name(),
                    Serdes.String().serializer(),
                    serdes.valueSerde(GoalProgress.class).serializer());
            TestOutputTopic<String, GoalAlert> alerts = driver.createOutputTopic(
                    config.topics().alerts().name(),
                    Serdes.String().deserializer(),
                    serdes.valueSerde(GoalAlert.class).deserializer());

            goals.pipeInput(
                    KEY,
                    TestGoals.goal(Progress.GOAL)
                            .setPlanId(Progress.PLAN)
                            .setSection("headline")
                            .setSectionTitleZh("主要预期目标")
                            .setSectionTitleEn("Main targets")
                            .setPhraseZh("固定资产投资增长10%以上")
                            .setNameZh("固定资产投资增长")
                            .setNameEn("Fixed-asset investment growth")
                            .setUnit("%")
                            .setTarget(new BigDecimal("10.000000"))
                            .setKind(GoalKind.GROWTH)
                            .setDepartment("市发展和改革委员会")
                            .setCadenceDays(120)
                            .build(),
                    at("2025-01-01T00:00"));
            history.pipeInput(KEY, Progress.of(GoalStatus.AT_RISK, at("2025-06-01T00:00")), at("2025-06-01T00:00"));
            history.pipeInput(KEY, Progress.of(GoalStatus.AT_RISK, at("2025-06-03T00:00")), at("2025-06-03T00:00"));

            assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
                assertThat(a.getKind()).isEqualTo(AlertKind.FALLING_BEHIND);
                assertThat(a.getState()).isEqualTo(AlertState.FIRING);
                assertThat(a.getChangedAt()).isEqualTo(at("2025-06-02T00:00")); // ordos.alerts.pending.for.hours=24
                assertThat(a.getDepartment()).isEqualTo("市发展和改革委员会"); // from the progress branch's goal store
            });
        }
    }
}
