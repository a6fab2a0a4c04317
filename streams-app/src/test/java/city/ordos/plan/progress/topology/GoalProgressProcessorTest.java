package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.state.StoreFormats;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

/** The goal-side processor on its own, with MockProcessorContext. */
class GoalProgressProcessorTest {

    private final AvroSerdes serdes =
            new AvroSerdes(Map.of("schema.registry.url", "mock://goal-side-" + UUID.randomUUID()));

    @Test
    void aRestartedStreamClockResumesFromTheRestoredPartialsNotFromNewYear() {
        MockProcessorContext<String, GoalProgress> context = new MockProcessorContext<>();
        KeyValueStore<String, GoalAggregate> partials = store(
                context,
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProgressTopology.GOAL_PARTIALS_STORE),
                        Serdes.String(),
                        new StoreFormats(serdes).goalAggregate()));
        store(
                context,
                Stores.timestampedKeyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProgressTopology.GOAL_DEFINITIONS_STORE),
                        Serdes.String(),
                        serdes.valueSerde(GoalDefinition.class)));
        store(
                context,
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProgressTopology.PROGRESS_STORE),
                        Serdes.String(),
                        serdes.valueSerde(GoalProgress.class)));
        // What the previous process had applied before it died: statements up to 30 September and 12 August.
        Instant lastSeptember = Instant.parse("2025-09-30T15:59:59Z");
        partials.put(
                "ordos-2025/fai|0",
                partial(
                        "ordos-2025/fai",
                        0,
                        Instant.parse("2025-07-31T15:59:59Z").toEpochMilli()));
        partials.put("ordos-2025/fai|3", partial("ordos-2025/fai", 3, lastSeptember.toEpochMilli()));
        partials.put(
                "ordos-2025/wind|1",
                partial(
                        "ordos-2025/wind",
                        1,
                        Instant.parse("2025-08-12T00:00:00Z").toEpochMilli()));
        partials.put("ordos-2025/gdp|2", partial("ordos-2025/gdp", 2, null));

        PlanClock.StreamClock clock = PlanClock.stream(PlanCalendar.of(2025));
        assertThat(clock.now()).as("a new process's stream clock").isEqualTo(Instant.parse("2024-12-31T16:00:00Z"));
        new GoalProgressProcessor(
                        ProgressSettings.DEFAULTS,
                        clock,
                        ProgressTopology.GOAL_DEFINITIONS_STORE,
                        ProgressTopology.GOAL_PARTIALS_STORE,
                        ProgressTopology.PROGRESS_STORE,
                        PipelineMetrics.NONE)
                .init(context);

        assertThat(clock.now()).isEqualTo(lastSeptember);
    }

    @Test
    void theGoalsActualIsTheSumOfTheNewestPartialOfEachInputPartition() {
        MockProcessorContext<String, GoalProgress> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(Instant.parse("2025-07-01T00:00:00Z").toEpochMilli());
        store(
                context,
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProgressTopology.GOAL_PARTIALS_STORE),
                        Serdes.String(),
                        new StoreFormats(serdes).goalAggregate()));
        KeyValueStore<String, ValueAndTimestamp<GoalDefinition>> goals = store(
                context,
                Stores.timestampedKeyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProgressTopology.GOAL_DEFINITIONS_STORE),
                        Serdes.String(),
                        new AvroSerdes(Map.of("schema.registry.url", "mock://goals-" + UUID.randomUUID()))
                                .valueSerde(GoalDefinition.class)));
        store(
                context,
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProgressTopology.PROGRESS_STORE),
                        Serdes.String(),
                        new AvroSerdes(Map.of("schema.registry.url", "mock://progress-" + UUID.randomUUID()))
                                .valueSerde(GoalProgress.class)));
        String fai = "ordos-2025/fai";
        goals.put(
                fai,
                ValueAndTimestamp.make(
                        ProgressFixture.goal("fai", GoalKind.CUMULATIVE, Comparator.AT_LEAST, "1000", "亿元")
                                .setFeed(ProgressFixture.selector(
                                        InputStream.INVESTMENT,
                                        "investment.completed",
                                        StatementType.YEAR_TO_DATE,
                                        "亿元"))
                                .build(),
                        0L));
        GoalProgressProcessor processor = new GoalProgressProcessor(
                ProgressSettings.DEFAULTS.withEmitInterval(Duration.ZERO),
                PlanClock.fixed(Instant.parse("2025-06-30T00:00:00Z")),
                ProgressTopology.GOAL_DEFINITIONS_STORE,
                ProgressTopology.GOAL_PARTIALS_STORE,
                ProgressTopology.PROGRESS_STORE,
                PipelineMetrics.NONE);
        processor.init(context);

        processor.process(new Record<>(fai, feed(fai, 0, "10.000000", 2), 1L));
        processor.process(new Record<>(fai, feed(fai, 5, "5.000000", 1), 2L));
        processor.process(new Record<>(fai, feed(fai, 0, "12.000000", 3), 3L));

        List<GoalProgress> emitted = context.forwarded().stream()
                .map(f -> (GoalProgress) f.record().value())
                .toList();
        assertThat(emitted)
                .extracting(GoalProgress::getActual)
                .usingElementComparator(BigDecimal::compareTo)
                .as("partition 0's second partial replaces its first")
                .containsExactly(new BigDecimal("10"), new BigDecimal("15"), new BigDecimal("17"));
        assertThat(emitted.get(2).getContributingSources())
                .as("3 from partition 0 (newest), 1 from 5")
                .isEqualTo(4);
    }

    private static GoalAggregate feed(String goalKey, int inputPartition, String feed, int contributions) {
        return GoalAggregate.newBuilder()
                .setGoalKey(goalKey)
                .setInputPartition(inputPartition)
                .setFeed(new BigDecimal(feed))
                .setByCounty(new HashMap<>())
                .setContributions(contributions)
                .setLatestEventTime(Instant.parse("2025-06-29T00:00:00Z").toEpochMilli())
                .build();
    }

    private static GoalAggregate partial(String goalKey, int inputPartition, Long latestEventTime) {
        return GoalAggregate.newBuilder()
                .setGoalKey(goalKey)
                .setByCounty(new HashMap<>())
                .setContributions(1)
                .setLatestEventTime(latestEventTime)
                .setInputPartition(inputPartition)
                .build();
    }

    private static <S extends StateStore> S store(
            MockProcessorContext<String, GoalProgress> context, StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
