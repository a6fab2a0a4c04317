package city.ordos.plan.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by goal|role|source|period: keeps the standing statement and passes on only real changes
 * (previous and current); duplicates and older statements stop here.
 */
public final class LatestStatement extends KeyedProcessFunction<String, StatementUpdate, ContributionChange> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<StatementUpdate> held;

    @Override
    public void open(OpenContext openContext) {
        held = getRuntimeContext().getState(new ValueStateDescriptor<>("held-statement", StatementUpdate.class));
    }

    @Override
    public void processElement(StatementUpdate incoming, Context ctx, Collector<ContributionChange> out)
            throws Exception {
        StatementUpdate previous = held.value();
        if (!Precedence.supersedes(previous, incoming)) {
            return;
        }
        held.update(incoming);
        out.collect(new ContributionChange(
                incoming.goalKey(),
                incoming.role(),
                incoming.sourceId(),
                previous == null ? null : previous.value(),
                previous == null ? null : previous.county(),
                incoming.value(),
                incoming.county(),
                incoming.eventTime(),
                incoming.reportedAt()));
    }
}
