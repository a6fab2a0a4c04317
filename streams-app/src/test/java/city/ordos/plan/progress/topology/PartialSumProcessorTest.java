package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.deadletters.DeadLetters;
import city.ordos.plan.deadletters.ReasonCodes;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.state.StoreFormats;
import city.ordos.plan.vocabulary.ContributionRole;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
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
    private static final String OTHER = "ordos-2025/other";
    private static final int PARTITION = 4;
    private final ProgressSettings every100ms = ProgressSettings.DEFAULTS.withPartialInterval(Duration.ofMillis(100));
    private final ProgressSettings atOnce = every100ms.withPartialInterval(Duration.ZERO);

    private final MockProcessorContext<String, Object> context = newContext();
    private final KeyValueStore<String, Statement> statements = store(Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ProgressTopology.STATEMENTS_STORE),
            Serdes.String(),
            new StoreFormats(serdes()).statement()));
    private final KeyValueStore<String, GoalAggregate> partials = store(Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ProgressTopology.INPUT_PARTIALS_STORE),
            Serdes.String(),
            new StoreFormats(serdes()).goalAggregate()));

    @Test
    void changesWithinAnIntervalLeaveAsOneWholePartialWithTheEarliestInputTimestamp() {
        PartialSumProcessor processor = processor(every100ms);
        processor.init(context);
        Statement aJan = statement("A", "100.000000", "ordos.KBS", 1);
        Statement bJan = statement("B", "40.000000", "ordos.DS", 2);
        Statement aFeb = statement("A", "130.000000", "ordos.KBS", 3);

        processor.process(accepted(1_000L, aJan));
        processor.process(accepted(2_000L, bJan));
        processor.process(accepted(3_000L, aFeb));
        assertThat(partialsSent())
                .as("no partial leaves before the partial interval")
                .isEmpty();
        assertThat(statementsSent())
                .as("each statement leaves at once, for time travel")
                .containsExactly(aJan, bJan, aFeb);
        context.resetForwards();

        punctuate();

        assertThat(context.forwarded()).hasSize(1);
        var sent = context.forwarded().get(0).record();
        assertThat(sent.key()).isEqualTo(FAI);
        assertThat(sent.timestamp())
                .as("the earliest input it reflects, for end-to-end latency")
                .isEqualTo(1_000L);
        GoalAggregate partial = (GoalAggregate) sent.value();
        assertThat(partial.getInputPartition()).isEqualTo(PARTITION);
        assertThat(partial.getFeed()).isEqualByComparingTo("170");
        assertThat(partial.getByCounty()).containsOnlyKeys("ordos.KBS", "ordos.DS");
        assertThat(partial.getByCounty().get("ordos.KBS")).isEqualByComparingTo("130");
        assertThat(partial.getContributions())
                .as("two sources, A restated once")
                .isEqualTo(2);
        assertThat(partial.getLatestEventTime()).isEqualTo(3L);

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

        processor(every100ms).init(context);
        punctuate();

        List<Object> sent = context.forwarded().stream()
                .<Object>map(f -> f.record().value())
                .toList();
        assertThat(sent).containsExactly(committed);
    }

    @Test
    void withoutAPartialIntervalEveryChangeLeavesAtOnce() {
        PartialSumProcessor processor = processor(atOnce);
        processor.init(context);

        processor.process(accepted(10L, statement("A", "5.000000", null, 1)));
        processor.process(accepted(20L, statement("B", "7.000000", null, 2)));

        assertThat(feeds())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("5"), new BigDecimal("12"));
    }

    @Test
    void theLatestStatementOfASourceStandsAndDuplicatesOrOlderOnesChangeNothing() {
        PartialSumProcessor processor = processor(atOnce);
        processor.init(context);

        processor.process(accepted(10L, statement("A", "50.000000", null, 5)));
        processor.process(accepted(20L, statement("A", "50.000000", null, 5))); // the same statement again
        processor.process(accepted(30L, statement("A", "20.000000", null, 3))); // an older as-of, late
        processor.process(accepted(40L, statement("A", "30.000000", null, 6))); // a restatement, lower

        assertThat(feeds())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("50"), new BigDecimal("30"));
        assertThat(statementsSent())
                .as("all four go on to time travel: an older as-of may change the past")
                .extracting(Statement::getEventTime)
                .containsExactly(5L, 5L, 3L, 6L);
        assertThat(standingBeforeSent())
                .as("each with the statement standing before it, whose day is the key's last in time travel")
                .extracting(s -> s == null ? null : s.getEventTime())
                .containsExactly(null, 5L, 5L, 5L);
        assertThat(statements
                        .get(IntakeProcessor.statementKey(statement("A", "30.000000", null, 6)))
                        .getValue())
                .isEqualByComparingTo("30");
    }

    @Test
    void aStatementThatWouldPushASumBeyondTheLimitChangesNothingAndLeavesOneDeadLetter() {
        PartialSumProcessor processor = processor(atOnce);
        processor.init(context);
        // As if 100,000 sources had each stated the statement limit (10^15): exactly the sum limit, 10^20.
        GoalAggregate full = PartialSums.empty(FAI, PARTITION);
        full.setFeed(new BigDecimal("100000000000000000000.000000"));
        full.setByCounty(new HashMap<>(Map.of("ordos.DS", new BigDecimal("100000000000000000000.000000"))));
        full.setContributions(100_000);
        partials.put(FAI, full);

        Statement over = statement("NEW", "0.000001", null, 2);
        Statement elsewhere = statement("NEW", "7.000000", null, 2);
        elsewhere.setGoalKey(OTHER);
        processor.process(new Record<>(
                "NEW",
                new AcceptedRecord(
                        "NEW",
                        List.of(over, elsewhere),
                        List.of(new Rejection(ReasonCodes.UNIT_MISMATCH, "unit '万千瓦' is power", "ordos-2025/third")),
                        origin()),
                99L));

        List<Object> sent = context.forwarded().stream()
                .<Object>map(f -> f.record().value())
                .toList();
        assertThat(sent).hasSize(3);
        assertThat(((GoalAggregate) sent.get(0)).getGoalKey())
                .as("the record still feeds the other goal")
                .isEqualTo(OTHER);
        assertThat(statementsSent())
                .as("time travel gets the statement for the other goal, not the refused one")
                .containsExactly(elsewhere);
        DeadLetter letter = (DeadLetter) sent.get(2);
        assertThat(letter.getReasonCode()).as("the first problem's code").isEqualTo(ReasonCodes.UNIT_MISMATCH);
        assertThat(letter.getMessage())
                .startsWith("UNIT_MISMATCH: unit '万千瓦' is power (goal ordos-2025/third); SUM_LIMIT_EXCEEDED: ")
                .contains(
                        "FEED sum of input partition 4 to 100000000000000000000.000001, beyond the limit of 100000000000000000000")
                .endsWith("(goal " + FAI + ")");
        assertThat(letter.getGoals()).containsExactly("ordos-2025/third", FAI);
        assertThat(letter.getOriginalValue().array()).isEqualTo("original".getBytes(StandardCharsets.UTF_8));
        assertThat(letter.getSourceOffset()).isEqualTo(17L);

        assertThat(partials.get(FAI).getFeed()).as("nothing applied").isEqualByComparingTo("1E20");
        assertThat(statements.get(IntakeProcessor.statementKey(over)))
                .as("not standing")
                .isNull();
        assertThat(partials.get(FAI).getContributions())
                .as("the refused source is not counted")
                .isEqualTo(100_000);
    }

    @Test
    void aSourceCountsOnceOverItsPeriodsAndASourceWhoseIdExtendsItCountsOnItsOwn() {
        PartialSumProcessor processor = processor(atOnce);
        processor.init(context);
        // "W|2" reports first; its key (…|W|2|) starts with W's prefix (…|W|), so W's first
        // statement finds it. Then W reports two months, and again about the first.
        processor.process(accepted(1L, flow("W|2", null, "5.000000", 1)));
        processor.process(accepted(2L, flow("W|2", null, "6.000000", 2)));
        processor.process(accepted(3L, flow("W", "2025-01", "10.000000", 3)));
        processor.process(accepted(4L, flow("W", "2025-02", "20.000000", 4)));
        processor.process(accepted(5L, flow("W", "2025-01", "11.000000", 5)));

        GoalAggregate partial = partials.get(FAI);
        assertThat(partial.getFeed()).isEqualByComparingTo("37");
        assertThat(partial.getContributions()).as("W over two periods, and W|2").isEqualTo(2);
    }

    @Test
    void aCountySumIsCheckedToo() {
        PartialSumProcessor processor = processor(atOnce);
        processor.init(context);
        GoalAggregate partial = PartialSums.empty(FAI, PARTITION);
        partial.setFeed(new BigDecimal("100000000000000000000.000000"));
        partial.setByCounty(new HashMap<>(Map.of("ordos.DS", new BigDecimal("100000000000000000000.000000"))));
        partials.put(FAI, partial);

        // the source restates the same 5 with a county: the feed does not change, the county sum overflows
        Statement held = statement("M", "5.000000", null, 1);
        statements.put(IntakeProcessor.statementKey(held), held);
        processor.process(accepted(5L, statement("M", "5.000000", "ordos.DS", 2)));

        DeadLetter letter = (DeadLetter) context.forwarded().get(0).record().value();
        assertThat(letter.getReasonCode()).isEqualTo(ReasonCodes.SUM_LIMIT_EXCEEDED);
        assertThat(letter.getMessage()).contains("FEED of county ordos.DS sum");
    }

    private static PartialSumProcessor processor(ProgressSettings settings) {
        return new PartialSumProcessor(
                settings,
                PipelineMetrics.NONE,
                ProgressTopology.STATEMENTS_STORE,
                ProgressTopology.INPUT_PARTIALS_STORE);
    }

    private List<BigDecimal> feeds() {
        return partialsSent().stream().map(GoalAggregate::getFeed).toList();
    }

    private List<GoalAggregate> partialsSent() {
        return sent(GoalAggregate.class);
    }

    private List<Statement> statementsSent() {
        return sent(KeptStatement.class).stream().map(KeptStatement::statement).toList();
    }

    private List<Statement> standingBeforeSent() {
        return sent(KeptStatement.class).stream()
                .map(KeptStatement::standingBefore)
                .toList();
    }

    private <T> List<T> sent(Class<T> type) {
        return context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static Record<String, AcceptedRecord> accepted(long timestamp, Statement s) {
        return new Record<>(
                s.getSourceId(), new AcceptedRecord(s.getSourceId(), List.of(s), List.of(), origin()), timestamp);
    }

    private static DeadLetters.Origin origin() {
        return new DeadLetters.Origin(
                "ordos.investment-reports",
                PARTITION,
                17L,
                1L,
                "NEW".getBytes(StandardCharsets.UTF_8),
                "original".getBytes(StandardCharsets.UTF_8));
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

    private static Statement flow(String source, String period, String value, long eventTime) {
        Statement s = statement(source, value, null, eventTime);
        s.setPeriod(period);
        return s;
    }

    private static MockProcessorContext<String, Object> newContext() {
        MockProcessorContext<String, Object> context =
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
