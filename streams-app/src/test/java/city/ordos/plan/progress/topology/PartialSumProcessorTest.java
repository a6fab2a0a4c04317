package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.ContributionChange;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.SourceContribution;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.vocabulary.ContributionRole;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The input side of the two-phase sum on its own, with MockProcessorContext (input partition 4). */
class PartialSumProcessorTest {

    private static final String FAI = "ordos-2025/fai";
    private static final int PARTITION = 4;
    private final ProgressSettings every100ms = ProgressSettings.DEFAULTS.withPartialInterval(Duration.ofMillis(100));

    private final MockProcessorContext<String, GoalAggregate> context = newContext();
    private final KeyValueStore<String, GoalAggregate> partials = store(Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ProgressTopology.INPUT_PARTIALS_STORE),
            Serdes.String(),
            serdes().valueSerde(GoalAggregate.class)));
    private final KeyValueStore<String, SourceContribution> contributions = store(Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ProgressTopology.CONTRIBUTIONS_STORE),
            Serdes.String(),
            serdes().valueSerde(SourceContribution.class)));

    @Test
    void changesWithinAnIntervalLeaveAsOneWholePartialWithTheEarliestInputTimestamp() {
        PartialSumProcessor processor = new PartialSumProcessor(
                every100ms, ProgressTopology.CONTRIBUTIONS_STORE, ProgressTopology.INPUT_PARTIALS_STORE);
        processor.init(context);
        Statement aJan = statement("A", "100.000000", "ordos.KBS", 1);
        Statement bJan = statement("B", "40.000000", "ordos.DS", 2);
        Statement aFeb = statement("A", "130.000000", "ordos.KBS", 3);

        processor.process(new Record<>(FAI, new ContributionChange(null, aJan), 1_000L));
        processor.process(new Record<>(FAI, new ContributionChange(null, bJan), 2_000L));
        processor.process(new Record<>(FAI, new ContributionChange(aJan, aFeb), 3_000L));
        assertThat(context.forwarded())
                .as("nothing leaves before the partial interval")
                .isEmpty();

        punctuate();

        assertThat(context.forwarded()).hasSize(1);
        var sent = context.forwarded().get(0).record();
        assertThat(sent.key()).isEqualTo(FAI);
        assertThat(sent.timestamp())
                .as("the earliest input it reflects, for end-to-end latency")
                .isEqualTo(1_000L);
        GoalAggregate partial = sent.value();
        assertThat(partial.getInputPartition()).isEqualTo(PARTITION);
        assertThat(partial.getFeed()).isEqualByComparingTo("170");
        assertThat(partial.getByCounty()).containsOnlyKeys("ordos.KBS", "ordos.DS");
        assertThat(partial.getByCounty().get("ordos.KBS")).isEqualByComparingTo("130");
        assertThat(partial.getContributions())
                .as("two sources, A restated once")
                .isEqualTo(2);
        assertThat(partial.getLatestEventTime()).isEqualTo(3L);

        SourceContribution a =
                contributions.get(ProgressTopology.contributionKey(FAI, ContributionRole.FEED.name(), "A"));
        assertThat(a.getValue()).isEqualByComparingTo("130");
        assertThat(a.getStatements()).as("one period, restated").isEqualTo(1);

        context.resetForwards();
        punctuate();
        assertThat(context.forwarded()).as("nothing changed since").isEmpty();
    }

    @Test
    void aRestartedTaskSendsItsStoredPartialsAgain() {
        // Summed and committed by the previous process, which died before its next emit punctuation.
        GoalAggregate committed = PartialSums.empty(FAI, PARTITION);
        PartialSums.apply(
                committed, null, statement("A", "100.000000", "ordos.KBS", 1), new BigDecimal("100.000000"), true);
        partials.put(FAI, committed);

        new PartialSumProcessor(every100ms, ProgressTopology.CONTRIBUTIONS_STORE, ProgressTopology.INPUT_PARTIALS_STORE)
                .init(context);
        punctuate();

        List<GoalAggregate> sent = context.forwarded().stream()
                .map(f -> (GoalAggregate) f.record().value())
                .toList();
        assertThat(sent).containsExactly(committed);
    }

    @Test
    void withoutAPartialIntervalEveryChangeLeavesAtOnce() {
        PartialSumProcessor processor = new PartialSumProcessor(
                every100ms.withPartialInterval(Duration.ZERO),
                ProgressTopology.CONTRIBUTIONS_STORE,
                ProgressTopology.INPUT_PARTIALS_STORE);
        processor.init(context);

        processor.process(new Record<>(FAI, new ContributionChange(null, statement("A", "5.000000", null, 1)), 10L));
        processor.process(new Record<>(FAI, new ContributionChange(null, statement("B", "7.000000", null, 2)), 20L));

        List<BigDecimal> feeds = context.forwarded().stream()
                .map(f -> f.record().value().getFeed())
                .toList();
        assertThat(feeds)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("5"), new BigDecimal("12"));
    }

    /** One registry per store: MockProcessorContext gives every store the same changelog topic name. */
    private static AvroSerdes serdes() {
        return new AvroSerdes(Map.of("schema.registry.url", "mock://partials-" + UUID.randomUUID()));
    }

    private void punctuate() {
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(0L));
    }

    private static Statement statement(String source, String value, String county, long eventTime) {
        return Statement.newBuilder()
                .setGoalKey(FAI)
                .setRole(ContributionRole.FEED.name())
                .setSourceId(source)
                .setValue(new BigDecimal(value))
                .setUnit("亿元")
                .setCounty(county)
                .setEventTime(eventTime)
                .setReportedAt(eventTime)
                .setEventId(source + "-" + eventTime)
                .setSourceTopic("ordos.investment-reports")
                .setSourcePartition(PARTITION)
                .setSourceOffset(eventTime)
                .build();
    }

    private static MockProcessorContext<String, GoalAggregate> newContext() {
        MockProcessorContext<String, GoalAggregate> context =
                new MockProcessorContext<>(new Properties(), new TaskId(0, PARTITION), null);
        context.setCurrentSystemTimeMs(50_000L);
        return context;
    }

    private <S extends StateStore> S store(StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
