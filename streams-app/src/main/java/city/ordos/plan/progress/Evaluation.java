package city.ordos.plan.progress;

import city.ordos.plan.avro.GoalStatus;
import java.math.BigDecimal;

/** The computed figures of one goal at one moment; values in the goal's unit, scale 6. */
public record Evaluation(
        BigDecimal actual,
        BigDecimal expectedByNow,
        BigDecimal projectedYearEnd,
        Double progressRatio,
        GoalStatus status) {}
