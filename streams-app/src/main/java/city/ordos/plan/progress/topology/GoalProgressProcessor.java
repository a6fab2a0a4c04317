package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.Evaluation;
import city.ordos.plan.progress.Figures;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.units.AmountLimits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The goal side, partitioned by goal: keeps the newest partial sum from each input partition
 * ({@link PartialSumProcessor}), totals them, evaluates the goal and emits its progress when the
 * figures changed. A wall-clock punctuator re-evaluates
 * every goal this task owns with the plan clock, so expected values, STALE and target changes
 * show without new events; it also emits NO_DATA for goals that have no data yet and a tombstone
 * for goals removed from the catalog.
 */
final class GoalProgressProcessor implements Processor<String, GoalAggregate, String, GoalProgress> {

    private final ProgressSettings settings;
    private final PlanClock clock;
    private final String goalStoreName;
    private final PipelineMetrics metrics;

    private ProcessorContext<String, GoalProgress> context;
    private KeyValueStore<String, ValueAndTimestamp<GoalDefinition>> goals;
    private KeyValueStore<String, GoalAggregate> partials;
    private KeyValueStore<String, GoalProgress> progress;
    /** Decoded definitions of owned goals, refreshed on every punctuation. */
    private final Map<String, GoalDefinition> definitions = new HashMap<>();
    /**
     * Goals whose aggregate changed since they were last emitted (when emission is coalesced), with
     * the timestamp of the earliest input record not yet reflected in an emitted figure.
     */
    private final Map<String, Long> dirty = new HashMap<>();
    /**
     * Decoded partials of this task's goals (a few dozen goals, at most one partial per input
     * partition each), written through to the store on every change. Only this processor writes
     * the store, and the map is emptied whenever the task is (re)initialised or closed, e.g. after
     * an aborted transaction restores the store from its changelog, so it never holds a figure the
     * store lacks. A goal's total is summed from it when needed: a handful of partials.
     */
    private final Map<String, Map<Integer, GoalAggregate>> decodedPartials = new HashMap<>();

    private final String partialsStoreName;
    private final String progressStoreName;

    GoalProgressProcessor(
            ProgressSettings settings,
            PlanClock clock,
            String goalStoreName,
            String partialsStoreName,
            String progressStoreName,
            PipelineMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.goalStoreName = goalStoreName;
        this.partialsStoreName = partialsStoreName;
        this.progressStoreName = progressStoreName;
    }

    @Override
    public void init(ProcessorContext<String, GoalProgress> context) {
        this.context = context;
        this.goals = context.getStateStore(goalStoreName);
        this.partials = context.getStateStore(partialsStoreName);
        this.progress = context.getStateStore(progressStoreName);
        decodedPartials.clear();
        dirty.clear();
        resumeClock();
        context.schedule(settings.evaluateInterval(), PunctuationType.WALL_CLOCK_TIME, this::reevaluate);
        if (!settings.emitInterval().isZero()) {
            // Under a burst of input a goal changes many times a second; the screen and the history
            // need its figure at most every emitInterval, not every intermediate sum. Lost on a crash
            // is harmless: reevaluate() compares with the last emitted figure and catches up.
            context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitDirty);
        }
    }

    /**
     * A stream plan clock starts at 1 January in every new process; without this, a restarted app
     * would judge every goal against the pace of New Year until the next event arrived (all goals
     * "ahead", alerts resolving and firing again). The restored aggregates know how far the year had
     * got. Stores are restored before processors are initialised, so they are complete here.
     */
    private void resumeClock() {
        try (KeyValueIterator<String, GoalAggregate> all = partials.all()) {
            while (all.hasNext()) {
                Long latest = all.next().value.getLatestEventTime();
                if (latest != null) {
                    clock.observe(latest);
                }
            }
        }
    }

    private void emitDirty(long wallClockMs) {
        for (Map.Entry<String, Long> e : dirty.entrySet()) {
            GoalDefinition definition = definition(e.getKey());
            if (definition != null && emitIfChanged(e.getKey(), definition, aggregate(e.getKey()), wallClockMs)) {
                metrics.progressEmitted(e.getValue(), context.currentSystemTimeMs());
            }
        }
        dirty.clear();
    }

    @Override
    public void process(Record<String, GoalAggregate> record) {
        String goalKey = record.key();
        GoalAggregate partial = record.value();
        partials.put(partialKey(goalKey, partial.getInputPartition()), partial);
        partialsOf(goalKey).put(partial.getInputPartition(), partial);

        if (partial.getLatestEventTime() != null) {
            clock.observe(partial.getLatestEventTime());
        }
        if (!settings.emitInterval().isZero()) {
            dirty.merge(goalKey, record.timestamp(), Math::min);
            return;
        }
        GoalDefinition definition = definition(goalKey);
        if (definition != null && emitIfChanged(goalKey, definition, aggregate(goalKey), record.timestamp())) {
            // The partial carries the earliest input timestamp it reflects: this is append-to-emit.
            metrics.progressEmitted(record.timestamp(), context.currentSystemTimeMs());
        }
    }

    private void reevaluate(long wallClockMs) {
        Set<String> present = new HashSet<>();
        definitions.clear();
        try (KeyValueIterator<String, ValueAndTimestamp<GoalDefinition>> it = goals.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                if (entry.value == null || entry.value.value() == null || !owned(entry.key)) {
                    continue;
                }
                present.add(entry.key);
                definitions.put(entry.key, entry.value.value());
            }
        }
        for (Map.Entry<String, GoalDefinition> e : definitions.entrySet()) {
            boolean emitted = emitIfChanged(e.getKey(), e.getValue(), aggregate(e.getKey()), wallClockMs);
            Long firstPending = dirty.remove(e.getKey());
            if (emitted && firstPending != null) {
                metrics.progressEmitted(firstPending, context.currentSystemTimeMs());
            }
        }
        List<String> removed = new ArrayList<>();
        try (KeyValueIterator<String, GoalProgress> it = progress.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (!present.contains(key)) {
                    removed.add(key);
                }
            }
        }
        for (String key : removed) {
            progress.delete(key);
            context.forward(new Record<>(key, null, wallClockMs));
        }
    }

    /** The goal's total over its partials; null while it has none. */
    private GoalAggregate aggregate(String goalKey) {
        return PartialSums.total(goalKey, partialsOf(goalKey).values());
    }

    /** The goal's partials by input partition, decoded from the store at most once per task lifetime. */
    private Map<Integer, GoalAggregate> partialsOf(String goalKey) {
        Map<Integer, GoalAggregate> byPartition = decodedPartials.get(goalKey);
        if (byPartition == null) {
            byPartition = new HashMap<>();
            try (KeyValueIterator<String, GoalAggregate> it =
                    partials.prefixScan(goalKey + "|", new StringSerializer())) {
                while (it.hasNext()) {
                    GoalAggregate p = it.next().value;
                    byPartition.put(p.getInputPartition(), p);
                }
            }
            decodedPartials.put(goalKey, byPartition);
        }
        return byPartition;
    }

    /** Key of {@link ProgressTopology#GOAL_PARTIALS_STORE}. */
    static String partialKey(String goalKey, int inputPartition) {
        return goalKey + "|" + inputPartition;
    }

    @Override
    public void close() {
        decodedPartials.clear();
        dirty.clear();
    }

    /** Which task evaluates a goal on schedule: the one its key partitions to, as for the repartition topic. */
    private boolean owned(String goalKey) {
        int partition =
                Utils.toPositive(Utils.murmur2(goalKey.getBytes(StandardCharsets.UTF_8))) % settings.goalPartitions();
        return partition == context.taskId().partition();
    }

    private GoalDefinition definition(String goalKey) {
        GoalDefinition definition = definitions.get(goalKey);
        if (definition == null) {
            ValueAndTimestamp<GoalDefinition> stored = goals.get(goalKey);
            definition = stored == null ? null : stored.value();
            if (definition != null) {
                definitions.put(goalKey, definition);
            }
        }
        return definition;
    }

    private boolean emitIfChanged(String goalKey, GoalDefinition goal, GoalAggregate aggregate, long timestamp) {
        Instant asOf = clock.now();
        GoalProgress next =
                ProgressRecords.progress(goal, aggregate, asOf, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        GoalProgress last = progress.get(goalKey);
        if (last != null && ProgressRecords.sameFigures(last, next)) {
            return false;
        }
        progress.put(goalKey, next);
        context.forward(new Record<>(goalKey, next, timestamp));
        return true;
    }

    /** Builds progress records; kept apart so the figures can be checked without a topology. */
    static final class ProgressRecords {
        private ProgressRecords() {}

        static Figures figures(GoalAggregate a) {
            if (a == null) {
                return Figures.NONE;
            }
            return new Figures(
                    a.getFeed(),
                    a.getNumerator(),
                    a.getDenominator(),
                    a.getContributions(),
                    a.getLatestEventTime(),
                    a.getLatestReportedAt());
        }

        static GoalProgress progress(GoalDefinition goal, GoalAggregate aggregate, Instant asOf, Instant computedAt) {
            Evaluation e = GoalEvaluator.evaluate(goal, figures(aggregate), asOf);
            boolean ratio = goal.getKind() == GoalKind.SHARE || goal.getKind() == GoalKind.INTENSITY_CAP;
            return GoalProgress.newBuilder()
                    .setPlanId(goal.getPlanId())
                    .setGoalId(goal.getGoalId())
                    .setSection(goal.getSection())
                    .setNameZh(goal.getNameZh())
                    .setNameEn(goal.getNameEn())
                    .setUnit(goal.getUnit())
                    .setKind(goal.getKind())
                    .setComparator(goal.getComparator())
                    .setTarget(GoalEvaluator.scaled(goal.getTarget()))
                    .setActual(e.actual())
                    .setNumerator(ratio && aggregate != null ? aggregate.getNumerator() : null)
                    .setDenominator(ratio && aggregate != null ? aggregate.getDenominator() : null)
                    .setProgressRatio(e.progressRatio())
                    .setExpectedByNow(e.expectedByNow())
                    .setProjectedYearEnd(e.projectedYearEnd())
                    .setStatus(e.status())
                    .setByCounty(aggregate == null ? Map.of() : byCountyInGoalUnit(goal, aggregate))
                    .setContributingSources(aggregate == null ? 0 : aggregate.getContributions())
                    .setLatestEventTime(
                            aggregate == null || aggregate.getLatestEventTime() == null
                                    ? null
                                    : Instant.ofEpochMilli(aggregate.getLatestEventTime()))
                    .setAsOf(asOf)
                    .setComputedAt(computedAt)
                    .build();
        }

        /**
         * The county breakdown of actual in the goal's unit; of the feed as kept where the counties
         * are not of the goal's own figure ({@link GoalEvaluator#countyUnit}).
         */
        private static Map<String, BigDecimal> byCountyInGoalUnit(GoalDefinition goal, GoalAggregate aggregate) {
            if (GoalEvaluator.countiesOfTheFeed(goal)) {
                return aggregate.getByCounty();
            }
            Map<String, BigDecimal> converted = new HashMap<>();
            aggregate.getByCounty().forEach((county, value) -> {
                BigDecimal inGoalUnit = GoalEvaluator.inGoalUnit(goal, value);
                // Only a catalog whose goal unit is far finer than its feed's could make this too large
                // for decimal(38,6); the actual is then not computable either (GoalEvaluator.publishable).
                if (AmountLimits.representable(inGoalUnit)) {
                    converted.put(county, GoalEvaluator.scaled(inGoalUnit));
                }
            });
            return converted;
        }

        /** Equal in everything but the moments it was computed for and at. */
        static boolean sameFigures(GoalProgress a, GoalProgress b) {
            return figuresOf(a).equals(figuresOf(b));
        }

        private static List<Object> figuresOf(GoalProgress p) {
            return Arrays.asList(
                    p.getPlanId(),
                    p.getGoalId(),
                    p.getSection(),
                    p.getNameZh(),
                    p.getNameEn(),
                    p.getUnit(),
                    p.getKind(),
                    p.getComparator(),
                    p.getTarget(),
                    p.getActual(),
                    p.getNumerator(),
                    p.getDenominator(),
                    p.getProgressRatio(),
                    p.getExpectedByNow(),
                    p.getProjectedYearEnd(),
                    p.getStatus(),
                    Map.copyOf(p.getByCounty()),
                    p.getContributingSources(),
                    p.getLatestEventTime());
        }
    }
}
