package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.UnitConverter;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.state.StoreFormats;
import city.ordos.plan.topics.OrdosTopics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The progress topology: input statements to one live progress figure per goal.
 *
 * <pre>
 * 4 input topics (bytes) ─▶ progress-intake ─┬─▶ dead letters (record unusable for every goal)
 *   (global store goal-definitions)          └─▶ AcceptedRecord keyed by source (in memory)
 *                                                  ▼
 *               progress-partial-sums [progress-statements, progress-input-partials]
 *                                                  ├─▶ dead letters (goals it could not feed, sums it would overflow)
 *                                                  │ the input partition's partial GoalAggregate, whole
 *                                                  ▼ repartition progress-partials (by goal)
 *                    progress-goal-evaluator [progress-goal-partials, goal-progress]
 *                                                  ├─▶ goal-progress (compacted)
 *                                                  └─▶ goal-progress-history (append-only)
 * </pre>
 *
 * Every node, store and internal topic is named here; docs/topology.md shows the description and
 * a test pins it.
 */
public final class ProgressTopology {

    /** Global store of the goal catalog (key planId/goalId, timestamped GoalDefinition). */
    public static final String GOAL_DEFINITIONS_STORE = "goal-definitions";
    /** Latest progress per goal (key planId/goalId, GoalProgress) — the API's main read. */
    public static final String PROGRESS_STORE = "goal-progress";
    /** The input task's partial sums (key planId/goalId, GoalAggregate with its inputPartition). */
    public static final String INPUT_PARTIALS_STORE = "progress-input-partials";
    /** The goal task's newest partial from each input partition (key planId/goalId|inputPartition, GoalAggregate). */
    public static final String GOAL_PARTIALS_STORE = "progress-goal-partials";
    /** Standing statement per (goal, role, source, period) (partitioned like the input topics). */
    public static final String STATEMENTS_STORE = "progress-statements";

    public static final String GOALS_SOURCE = "progress-goals-source";
    public static final String INPUTS_SOURCE = "progress-inputs-source";
    public static final String INTAKE = "progress-intake";
    public static final String INTAKE_BRANCHES = "progress-route-";
    public static final String DEAD_LETTER_SINK = "progress-dead-letters-sink";
    /** Both kinds of dead letter (from the intake, from the sums) merged before the one sink. */
    public static final String DEAD_LETTERS = "progress-dead-letters";

    public static final String PARTIAL_SUMS = "progress-partial-sums";
    public static final String SUM_BRANCHES = "progress-sums-route-";
    /** The statements the sums did not refuse, one record each (what time travel reads). */
    public static final String ACCEPTED_STATEMENTS = SUM_BRANCHES + "accepted-statements";
    /** Repartition by goal; the topic is {@code <application.id>-progress-partials-repartition}. */
    public static final String PARTIALS = "progress-partials";

    public static final String EVALUATOR = "progress-goal-evaluator";
    public static final String PROGRESS_SINK = "progress-sink";
    public static final String HISTORY_FILTER = "progress-history-no-tombstones";
    public static final String HISTORY_SINK = "progress-history-sink";

    private ProgressTopology() {}

    /** The progress branch alone (topology tests of the progress half; the application runs {@code OrdosTopology}). */
    public static Topology build(OrdosTopics topics, AvroSerdes serdes, ProgressSettings settings, PlanClock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, topics, serdes, settings, clock, PipelineMetrics.NONE);
        return builder.build();
    }

    /**
     * Adds the progress branch, with the global goal store {@link #GOAL_DEFINITIONS_STORE} that other
     * branches (alerts) can read too, reporting input counts, dead letters and end-to-end latency to
     * {@code metrics}; returns the streams other branches (time travel) read.
     */
    public static ProgressStreams addTo(
            StreamsBuilder builder,
            OrdosTopics topics,
            AvroSerdes serdes,
            ProgressSettings settings,
            PlanClock clock,
            PipelineMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
        StoreFormats formats = new StoreFormats(serdes);
        builder.globalTable(
                topics.goals().name(),
                Consumed.with(Serdes.String(), serdes.valueSerde(GoalDefinition.class))
                        .withName(GOALS_SOURCE),
                Materialized.<String, GoalDefinition, KeyValueStore<Bytes, byte[]>>as(GOAL_DEFINITIONS_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serdes.valueSerde(GoalDefinition.class)));

        // Per-source stores are not cached. A source's next statement comes days or a month later,
        // so a cached entry is never read again before it is evicted, and Kafka Streams' record
        // cache evicts from the store being written: once cold entries fill it, every put to a
        // hot store (a goal's partial) evicted that goal's own entry and wrote it to RocksDB and
        // the changelog, once per event instead of once per commit (docs/performance.md).
        // In memory on request (ordos.progress.statements.in-memory): every statement reads and
        // writes this store, and a sorted map on the heap spares RocksDB's lookups (8 % of a 5 M
        // replay), but its size follows the statement keys, not a budget (docs/operations.md).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        settings.statementsInMemory()
                                ? Stores.inMemoryKeyValueStore(STATEMENTS_STORE)
                                : Stores.persistentKeyValueStore(STATEMENTS_STORE),
                        Serdes.String(),
                        formats.statement())
                .withCachingDisabled());
        // Per-goal stores are cached: a goal's partial, changed by every statement, costs one
        // RocksDB write and one changelog record per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(INPUT_PARTIALS_STORE), Serdes.String(), formats.goalAggregate())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(GOAL_PARTIALS_STORE), Serdes.String(), formats.goalAggregate())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PROGRESS_STORE),
                        Serdes.String(),
                        serdes.valueSerde(GoalProgress.class))
                .withCachingEnabled());

        Map<String, InputStream> streamsByTopic = new HashMap<>();
        for (InputStream stream : InputStream.values()) {
            streamsByTopic.put(topics.input(stream).name(), stream);
        }
        List<String> inputTopics = topics.inputs().stream().map(t -> t.name()).toList();

        KStream<String, Object> intake = builder.stream(
                        inputTopics,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(INPUTS_SOURCE))
                .process(
                        () -> new IntakeProcessor(
                                Map.copyOf(streamsByTopic),
                                serdes,
                                settings,
                                clock,
                                UnitConverter.standard(),
                                metrics,
                                GOAL_DEFINITIONS_STORE),
                        Named.as(INTAKE));

        Map<String, KStream<String, Object>> accepted = intake.split(Named.as(INTAKE_BRANCHES))
                .branch((k, v) -> v instanceof DeadLetter, Branched.as("dead-letters"))
                .defaultBranch(Branched.as("statements"));

        KStream<String, Object> summed = typed(accepted.get(INTAKE_BRANCHES + "statements"), AcceptedRecord.class)
                .process(
                        () -> new PartialSumProcessor(settings, metrics, STATEMENTS_STORE, INPUT_PARTIALS_STORE),
                        Named.as(PARTIAL_SUMS),
                        STATEMENTS_STORE,
                        INPUT_PARTIALS_STORE);
        Map<String, KStream<String, Object>> sums = summed.split(Named.as(SUM_BRANCHES))
                .branch((k, v) -> v instanceof DeadLetter, Branched.as("dead-letters"))
                .branch((k, v) -> v instanceof KeptStatement, Branched.as("accepted-statements"))
                .defaultBranch(Branched.as("partials"));

        typed(accepted.get(INTAKE_BRANCHES + "dead-letters"), DeadLetter.class)
                .merge(typed(sums.get(SUM_BRANCHES + "dead-letters"), DeadLetter.class), Named.as(DEAD_LETTERS))
                .to(
                        topics.deadLetters().name(),
                        Produced.with(Serdes.String(), serdes.valueSerde(DeadLetter.class))
                                .withName(DEAD_LETTER_SINK));

        // Every statement the sums did not refuse (older ones included), one record each, keyed
        // like the statements store: what other branches (time travel) build on beside the live sums.
        KStream<String, KeptStatement> statements = typed(sums.get(ACCEPTED_STATEMENTS), KeptStatement.class);
        KStream<String, GoalProgress> progress = typed(sums.get(SUM_BRANCHES + "partials"), GoalAggregate.class)
                .repartition(Repartitioned.with(Serdes.String(), formats.goalAggregate())
                        .withName(PARTIALS)
                        .withNumberOfPartitions(settings.goalPartitions()))
                .process(
                        () -> new GoalProgressProcessor(
                                settings, clock, GOAL_DEFINITIONS_STORE, GOAL_PARTIALS_STORE, PROGRESS_STORE, metrics),
                        Named.as(EVALUATOR),
                        GOAL_PARTIALS_STORE,
                        PROGRESS_STORE);

        progress.to(
                topics.progress().name(),
                Produced.with(Serdes.String(), serdes.valueSerde(GoalProgress.class))
                        .withName(PROGRESS_SINK));
        progress.filter((k, v) -> v != null, Named.as(HISTORY_FILTER))
                .to(
                        topics.progressHistory().name(),
                        Produced.with(Serdes.String(), serdes.valueSerde(GoalProgress.class))
                                .withName(HISTORY_SINK));
        return new ProgressStreams(statements, progress);
    }

    /**
     * The streams of the progress branch that other branches may read: the statements the sums did
     * not refuse, older ones included, each with the statement that stood before it (keyed
     * goal|role|source|period, partitioned like the input topics), and the emitted progress
     * (keyed by goal, tombstones included), so they can add their own processors without touching
     * these.
     */
    public record ProgressStreams(KStream<String, KeptStatement> statements, KStream<String, GoalProgress> progress) {}

    /** A branch, typed: its predicate admits values of {@code type} only. */
    @SuppressWarnings("unchecked")
    private static <T> KStream<String, T> typed(KStream<String, Object> branch, Class<T> type) {
        return (KStream<String, T>) (KStream<String, ?>) branch;
    }

    /**
     * The prefix of every {@link #STATEMENTS_STORE} key of one (goal, role, source), one key per
     * period; the key of another source whose id continues this one after a '|' shares it, so check
     * the statement's source. Prefix-scan with {@code goalKey + "|"} for all of a goal's statements.
     */
    public static String sourcePrefix(String goalKey, String role, String sourceId) {
        return goalKey + "|" + role + "|" + sourceId + "|";
    }
}
