package city.ordos.plan.flink;

import java.math.BigDecimal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by goal: folds each contribution change into the source's contribution and the goal's
 * totals and emits the goal's aggregate — on every change, or (with an emit interval) at most once
 * per interval per goal, like the streams app's {@code ordos.progress.emit.interval.ms}.
 */
public final class GoalSum extends KeyedProcessFunction<String, ContributionChange, GoalFigure> {

    private static final long serialVersionUID = 1L;

    private final long emitIntervalMs;
    /** Value per (role, source) summed over its periods: tells a new contributor from a known one. */
    private transient MapState<String, BigDecimal> contributions;

    private transient ValueState<GoalTotals> totals;

    public GoalSum(long emitIntervalMs) {
        if (emitIntervalMs < 0) {
            throw new IllegalArgumentException("emit interval must not be negative, was " + emitIntervalMs);
        }
        this.emitIntervalMs = emitIntervalMs;
    }

    @Override
    public void open(OpenContext openContext) {
        contributions =
                getRuntimeContext().getMapState(new MapStateDescriptor<>("contributions", Types.STRING, Types.BIG_DEC));
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("goal-totals", GoalTotals.class));
    }

    @Override
    public void processElement(ContributionChange change, Context ctx, Collector<GoalFigure> out) throws Exception {
        String key = change.contributionKey();
        BigDecimal contribution = contributions.get(key);
        contributions.put(
                key, GoalTotals.scaled(contribution == null ? change.delta() : contribution.add(change.delta())));

        GoalTotals goal = totals.value();
        if (goal == null) {
            goal = new GoalTotals();
        }
        goal.apply(change, contribution == null);
        totals.update(goal);

        if (emitIntervalMs == 0) {
            out.collect(goal.figure(ctx.getCurrentKey()));
        } else {
            // One timer per goal and interval boundary: Flink keeps a single timer per (key, time).
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer(now - now % emitIntervalMs + emitIntervalMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GoalFigure> out) throws Exception {
        GoalTotals goal = totals.value();
        if (goal != null) {
            out.collect(goal.figure(ctx.getCurrentKey()));
        }
    }
}
