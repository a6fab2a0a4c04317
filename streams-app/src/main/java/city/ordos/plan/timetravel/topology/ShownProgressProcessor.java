package city.ordos.plan.timetravel.topology;

import city.ordos.plan.avro.GoalProgress;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/**
 * Keeps every progress figure the goal task emits (exactly the records of the progress-history
 * topic, in the same transaction) in a versioned store under its plan-clock moment {@code asOf},
 * so "what did the screen show at K" is one versioned lookup: the latest figure with asOf <= K.
 * Tombstones (a goal removed from the catalog) are not kept: the last figure stays the answer.
 */
final class ShownProgressProcessor implements Processor<String, GoalProgress, Void, Void> {

    private VersionedKeyValueStore<String, GoalProgress> shown;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        shown = context.getStateStore(TimeTravelTopology.SHOWN_STORE);
    }

    @Override
    public void process(Record<String, GoalProgress> record) {
        GoalProgress p = record.value();
        if (p == null) {
            return;
        }
        shown.put(record.key(), p, p.getAsOf().toEpochMilli());
    }
}
