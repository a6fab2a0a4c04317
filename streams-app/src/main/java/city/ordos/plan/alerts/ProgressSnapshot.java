package city.ordos.plan.alerts;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import java.math.BigDecimal;

/**
 * The figures of the latest progress record of a goal, kept in the alert state so that an alert
 * fired by the clock (no new record) can still say where the goal stands.
 * Times are epoch milliseconds; {@code latestEventTime} is null while the goal has no data.
 */
public record ProgressSnapshot(
        String planId,
        String goalId,
        String section,
        String nameZh,
        String nameEn,
        String unit,
        GoalKind kind,
        Comparator comparator,
        BigDecimal target,
        BigDecimal actual,
        BigDecimal expected,
        BigDecimal projectedYearEnd,
        GoalStatus status,
        Long latestEventTime,
        long asOf) {

    public static ProgressSnapshot of(GoalProgress p) {
        return new ProgressSnapshot(
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
                p.getExpectedByNow(),
                p.getProjectedYearEnd(),
                p.getStatus(),
                p.getLatestEventTime() == null ? null : p.getLatestEventTime().toEpochMilli(),
                p.getAsOf().toEpochMilli());
    }

    /** Lower is better for caps. */
    public boolean lowerIsBetter() {
        return comparator == Comparator.AT_MOST || kind == GoalKind.INTENSITY_CAP;
    }
}
