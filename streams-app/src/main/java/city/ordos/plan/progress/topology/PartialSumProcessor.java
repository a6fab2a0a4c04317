package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.deadletters.DeadLetters;
import city.ordos.plan.deadletters.ReasonCodes;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.StatementOrder;
import city.ordos.plan.units.AmountLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The input side of the two-phase sum, one accepted record at a time: keeps the standing statement
 * per (goal, role, source, period) (latest wins; duplicates and older statements change nothing),
 * applies each superseding statement to this input task's partial sum of the goal (subtract
 * previous, add current, in one step; a source's first statement adds one to its count of
 * sources), and sends the goal side the
 * partial whole, at most once per partial interval. Forwards every statement it does not refuse,
 * keyed like the statements store, with the statement that stood before it ({@link KeptStatement}),
 * for the branches that keep the past (time travel): a refused statement is used nowhere, so the
 * past pictures agree with the live figure.
 *
 * <p>A source's contribution (its periods summed) is not kept: the API folds it from the
 * statements when asked ({@code SourceContributions}). Keeping it cost every event a read, a write
 * and a changelog record (docs/performance.md).
 *
 * <p>Sums are checked: a statement that would push one of the partial's sums (a role, or a
 * county of it) beyond {@link AmountLimits#MAX_PARTIAL_SUM} is not applied, its previous
 * statement keeps standing, and the record is dead-lettered ({@code SUM_LIMIT_EXCEEDED}). Every
 * check runs before the record changes any store, and the record leaves at most one dead letter,
 * together with the goals the intake already found it unusable for.
 *
 * <p>Why two phases: a goal fed by hundreds of thousands of sources (fixed-asset investment) is one
 * key; sending every change to the goal's task put the whole input through one task on one thread
 * (docs/performance.md). Summing where the sources already are (input records are keyed by source)
 * leaves the goal task at most one record per input partition per partial interval. The partial is sent whole, not
 * as a delta, so a resend is harmless: after a restart every stored partial is sent again, which
 * covers one that was summed and committed but not yet sent when the previous process died.
 */
final class PartialSumProcessor implements Processor<String, AcceptedRecord, String, Object> {

    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();

    private final ProgressSettings settings;
    private final PipelineMetrics metrics;
    private final DeadLetters letters;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Statement> statements;
    private KeyValueStore<String, GoalAggregate> partials;
    /** Decoded partials of this task (one per goal it has sources for), written through to the store. */
    private final Map<String, GoalAggregate> decoded = new HashMap<>();
    /** Goals whose partial changed since it was last sent, with the earliest input timestamp not yet sent. */
    private final Map<String, Long> unsent = new HashMap<>();

    private final String statementsStore;
    private final String partialsStore;

    PartialSumProcessor(
            ProgressSettings settings, PipelineMetrics metrics, String statementsStore, String partialsStore) {
        this.settings = settings;
        this.metrics = metrics;
        this.letters = new DeadLetters(settings.deadLetterRecordBytes(), IntakeProcessor.COMPONENT);
        this.statementsStore = statementsStore;
        this.partialsStore = partialsStore;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.statements = context.getStateStore(statementsStore);
        this.partials = context.getStateStore(partialsStore);
        decoded.clear();
        unsent.clear();
        if (!settings.partialInterval().isZero()) {
            long now = context.currentSystemTimeMs();
            try (KeyValueIterator<String, GoalAggregate> all = partials.all()) {
                all.forEachRemaining(kv -> unsent.put(kv.key, now));
            }
            context.schedule(settings.partialInterval(), PunctuationType.WALL_CLOCK_TIME, this::sendUnsent);
        }
    }

    @Override
    public void process(Record<String, AcceptedRecord> record) {
        AcceptedRecord accepted = record.value();
        List<Rejection> rejections = new ArrayList<>(accepted.rejections());
        List<KeptStatement> kept = new ArrayList<>(accepted.statements().size());
        for (Statement current : accepted.statements()) {
            String key = IntakeProcessor.statementKey(current);
            Statement previous = statements.get(key);
            if (StatementOrder.compare(version(previous), version(current)) != StatementOrder.Verdict.SUPERSEDES) {
                // Older or a duplicate: changes no live figure, but may change the past (time travel).
                kept.add(new KeptStatement(current, previous));
                continue;
            }
            String goalKey = current.getGoalKey();
            GoalAggregate partial = partial(goalKey);
            Rejection overflow = overflow(partial, previous, current);
            if (overflow != null) {
                rejections.add(overflow.forGoal(goalKey));
                continue;
            }
            kept.add(new KeptStatement(current, previous));
            // Before the put: the scan must not find the statement itself.
            boolean newSource = previous == null && !holdsAnotherPeriod(current);
            statements.put(key, current);
            BigDecimal delta =
                    previous == null ? current.getValue() : current.getValue().subtract(previous.getValue());
            PartialSums.apply(partial, previous, current, delta, newSource);
            partials.put(goalKey, partial);
            if (settings.partialInterval().isZero()) {
                context.forward(record.withKey(goalKey)
                        .withValue(GoalAggregate.newBuilder(partial).build()));
            } else {
                unsent.merge(goalKey, record.timestamp(), Math::min);
            }
        }
        // Before the letter: if time travel fails on one, the record leaves one letter (PROCESSING_FAILED), not two.
        for (KeptStatement s : kept) {
            context.forward(
                    record.withKey(IntakeProcessor.statementKey(s.statement())).withValue(s));
        }
        if (!rejections.isEmpty()) {
            Rejection.Summary summary = Rejection.summarize(rejections);
            DeadLetters.Letter letter = letters.letter(
                    accepted.origin(),
                    summary.reasonCode(),
                    summary.message(),
                    summary.goals(),
                    Instant.ofEpochMilli(context.currentSystemTimeMs()));
            context.forward(record.withKey(letter.key()).withValue(letter.value()));
            metrics.deadLettered(summary.reasonCode());
        }
    }

    /** Why applying {@code current} in place of {@code previous} would break the partial sum limit; null if it would not. */
    private static Rejection overflow(GoalAggregate partial, Statement previous, Statement current) {
        Map<String, BigDecimal> sums = PartialSums.sumsAfter(partial, previous, current);
        for (Map.Entry<String, BigDecimal> sum : sums.entrySet()) {
            if (!AmountLimits.withinPartialSumLimit(sum.getValue())) {
                return new Rejection(
                        ReasonCodes.SUM_LIMIT_EXCEEDED,
                        "quantity.value in " + current.getUnit() + " "
                                + current.getValue().toPlainString()
                                + " would bring the " + sum.getKey() + " sum of input partition "
                                + partial.getInputPartition() + " to "
                                + sum.getValue().toPlainString()
                                + ", beyond the limit of " + AmountLimits.MAX_PARTIAL_SUM.toBigInteger());
            }
        }
        return null;
    }

    private static StatementOrder.Version version(Statement s) {
        return s == null
                ? null
                : new StatementOrder.Version(s.getEventTime(), s.getReportedAt(), s.getValue(), s.getCounty());
    }

    /**
     * True if this task holds a statement of the (goal, role, source) of {@code current} about
     * another period. Asked only for a key's first statement, so a source reporting year to date
     * pays one scan a year, not one per report.
     */
    private boolean holdsAnotherPeriod(Statement current) {
        String prefix = ProgressTopology.sourcePrefix(current.getGoalKey(), current.getRole(), current.getSourceId());
        try (KeyValueIterator<String, Statement> it = statements.prefixScan(prefix, KEY_SERIALIZER)) {
            while (it.hasNext()) {
                Statement held = it.next().value;
                if (held != null && held.getSourceId().equals(current.getSourceId())) {
                    return true;
                }
            }
        }
        return false;
    }

    private GoalAggregate partial(String goalKey) {
        GoalAggregate partial = decoded.get(goalKey);
        if (partial == null) {
            partial = partials.get(goalKey);
            if (partial == null) {
                partial = PartialSums.empty(goalKey, context.taskId().partition());
            }
            decoded.put(goalKey, partial);
        }
        return partial;
    }

    private void sendUnsent(long wallClockMs) {
        for (Map.Entry<String, Long> e : unsent.entrySet()) {
            GoalAggregate partial = partial(e.getKey());
            // A copy: the decoded partial keeps changing, the record must not.
            context.forward(
                    new Record<>(e.getKey(), GoalAggregate.newBuilder(partial).build(), e.getValue()));
        }
        unsent.clear();
    }

    @Override
    public void close() {
        decoded.clear();
        unsent.clear();
    }
}
