package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.ContributionChange;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.SourceContribution;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.progress.GoalEvaluator;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The input side of the two-phase sum: applies each contribution change to the source's
 * contribution and to this input task's partial sum of the goal (subtract previous, add current,
 * in one step), and sends the goal side the partial whole, at most once per partial interval.
 *
 * <p>Why two phases: a goal fed by hundreds of thousands of sources (fixed-asset investment) is one
 * key; sending every change to the goal's task put the whole input through one task on one thread
 * (docs/performance.md). Summing where the sources already are (input records are keyed by source)
 * leaves the goal task at most one record per input partition per partial interval. The partial is sent whole, not
 * as a delta, so a resend is harmless: after a restart every stored partial is sent again, which
 * covers one that was summed and committed but not yet sent when the previous process died.
 */
final class PartialSumProcessor implements Processor<String, ContributionChange, String, GoalAggregate> {

    private final ProgressSettings settings;
    private ProcessorContext<String, GoalAggregate> context;
    private KeyValueStore<String, SourceContribution> contributions;
    private KeyValueStore<String, GoalAggregate> partials;
    /** Decoded partials of this task (one per goal it has sources for), written through to the store. */
    private final Map<String, GoalAggregate> decoded = new HashMap<>();
    /** Goals whose partial changed since it was last sent, with the earliest input timestamp not yet sent. */
    private final Map<String, Long> unsent = new HashMap<>();

    private final String contributionsStore;
    private final String partialsStore;

    PartialSumProcessor(ProgressSettings settings, String contributionsStore, String partialsStore) {
        this.settings = settings;
        this.contributionsStore = contributionsStore;
        this.partialsStore = partialsStore;
    }

    @Override
    public void init(ProcessorContext<String, GoalAggregate> context) {
        this.context = context;
        this.contributions = context.getStateStore(contributionsStore);
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
    public void process(Record<String, ContributionChange> record) {
        String goalKey = record.key();
        Statement previous = record.value().getPrevious();
        Statement current = record.value().getCurrent();
        BigDecimal delta =
                previous == null ? current.getValue() : current.getValue().subtract(previous.getValue());

        boolean newContribution = applyToContribution(goalKey, previous, current, delta);
        GoalAggregate partial = partial(goalKey);
        PartialSums.apply(partial, previous, current, delta, newContribution);
        partials.put(goalKey, partial);

        if (settings.partialInterval().isZero()) {
            context.forward(record.withValue(GoalAggregate.newBuilder(partial).build()));
        } else {
            unsent.merge(goalKey, record.timestamp(), Math::min);
        }
    }

    /** Updates the source's contribution; true if it is the first statement of this (goal, role, source). */
    private boolean applyToContribution(String goalKey, Statement previous, Statement current, BigDecimal delta) {
        String key = ProgressTopology.contributionKey(goalKey, current.getRole(), current.getSourceId());
        SourceContribution contribution = contributions.get(key);
        boolean isNew = contribution == null;
        if (isNew) {
            contribution = SourceContribution.newBuilder()
                    .setGoalKey(goalKey)
                    .setRole(current.getRole())
                    .setSourceId(current.getSourceId())
                    .setUnit(current.getUnit())
                    .setValue(GoalEvaluator.scaled(BigDecimal.ZERO))
                    .setStatements(0)
                    .setLatestEventTime(current.getEventTime())
                    .setLatestReportedAt(current.getReportedAt())
                    .setLatestEventId(current.getEventId())
                    .setLatestSourceTopic(current.getSourceTopic())
                    .setLatestSourcePartition(current.getSourcePartition())
                    .setLatestSourceOffset(current.getSourceOffset())
                    .build();
        }
        contribution.setValue(GoalEvaluator.scaled(contribution.getValue().add(delta)));
        if (previous == null) {
            contribution.setStatements(contribution.getStatements() + 1);
        }
        contribution.setCounty(current.getCounty());
        contribution.setLatestEventTime(Math.max(contribution.getLatestEventTime(), current.getEventTime()));
        contribution.setLatestReportedAt(Math.max(contribution.getLatestReportedAt(), current.getReportedAt()));
        contribution.setLatestEventId(current.getEventId());
        contribution.setLatestSourceTopic(current.getSourceTopic());
        contribution.setLatestSourcePartition(current.getSourcePartition());
        contribution.setLatestSourceOffset(current.getSourceOffset());
        contributions.put(key, contribution);
        return isNew;
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
