package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import java.time.Instant;

/**
 * The progress record of a goal for an aggregate, exactly as the goal task computes it: for parts
 * that rebuild a figure outside the topology (pictures of past dates) and must agree with it.
 */
public final class ProgressFigures {

    private ProgressFigures() {}

    /** The figure of {@code goal} with the sums of {@code aggregate} (null: no data) at {@code asOf}. */
    public static GoalProgress progress(
            GoalDefinition goal, GoalAggregate aggregate, Instant asOf, Instant computedAt) {
        return GoalProgressProcessor.ProgressRecords.progress(goal, aggregate, asOf, computedAt);
    }
}
