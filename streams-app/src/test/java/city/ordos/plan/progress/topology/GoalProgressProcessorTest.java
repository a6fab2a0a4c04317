package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanCalendar;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.registry.AvroSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The goal-side processor on its own, with MockProcessorContext. */
class GoalProgressProcessorTest {

    private final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mock://goal-side-" + UUID.randomUUID()));

    @Test
    void aRestartedStreamClockResumesFromTheRestoredPartialsNotFromNewYear() {
        MockProcessorContext<String, GoalProgress> context = new MockProcessorContext<>();
        KeyValueStore<String, GoalAggregate> partials = store(context, Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ProgressTopology.GOAL_PARTIALS_STORE), Serdes.String(),
                serdes.valueSerde(GoalAggregate.class)));
        store(context, Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ProgressTopology.GOAL_DEFINITIONS_STORE), Serdes.String(),
                serdes.valueSerde(GoalDefinition.class)));
        store(context, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProgressTopology.PROGRESS_STORE),
                Serdes.String(), serdes.valueSerde(GoalProgress.class)));
        // What the previous process had applied before it died: statements up to 30 September and 12 August.
        Instant lastSeptember = Instant.parse("2025-09-30T15:59:59Z");
        partials.put("ordos-2025/fai|0", partial("ordos-2025/fai", 0, Instant.parse("2025-07-31T15:59:59Z").toEpochMilli()));
        partials.put("ordos-2025/fai|3", partial("ordos-2025/fai", 3, lastSeptember.toEpochMilli()));
        partials.put("ordos-2025/wind|1", partial("ordos-2025/wind", 1, Instant.parse("2025-08-12T00:00:00Z").toEpochMilli()));
        partials.put("ordos-2025/gdp|2", partial("ordos-2025/gdp", 2, null));

        PlanClock.StreamClock clock = PlanClock.stream(PlanCalendar.of(2025));
        assertThat(clock.now()).as("a new process's stream clock").isEqualTo(Instant.parse("2024-12-31T16:00:00Z"));
        new GoalProgressProcessor(ProgressSettings.DEFAULTS, clock, ProgressTopology.GOAL_DEFINITIONS_STORE,
                PipelineMetrics.NONE).init(context);

        assertThat(clock.now()).isEqualTo(lastSeptember);
    }

    private static GoalAggregate partial(String goalKey, int inputPartition, Long latestEventTime) {
        return GoalAggregate.newBuilder().setGoalKey(goalKey).setByCounty(new HashMap<>()).setContributions(1)
                .setLatestEventTime(latestEventTime).setInputPartition(inputPartition).build();
    }

    private static <S extends org.apache.kafka.streams.processor.StateStore> S store(
            MockProcessorContext<String, GoalProgress> context, StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
