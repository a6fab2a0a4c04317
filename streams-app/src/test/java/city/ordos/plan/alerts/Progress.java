package city.ordos.plan.alerts;

import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Test data: progress records of the fixed-asset-investment growth goal (target ≥10%). */
public final class Progress {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    public static final String PLAN = "ordos-2025";
    public static final String GOAL = "fai-growth";
    public static final String KEY = PLAN + "/" + GOAL;

    private Progress() {}

    /** A moment of the plan year, Asia/Shanghai wall time. */
    public static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    public static GoalProgress.Builder growth(GoalStatus status, Instant asOf) {
        return GoalProgress.newBuilder()
                .setPlanId(PLAN)
                .setGoalId(GOAL)
                .setSection("headline")
                .setNameZh("固定资产投资增长")
                .setNameEn("Fixed-asset investment growth")
                .setUnit("%")
                .setKind(GoalKind.GROWTH)
                .setComparator(Comparator.AT_LEAST)
                .setTarget(new BigDecimal("10.000000"))
                .setActual(new BigDecimal("7.200000"))
                .setExpectedByNow(new BigDecimal("10.000000"))
                .setProjectedYearEnd(new BigDecimal("8.100000"))
                .setProgressRatio(0.72)
                .setStatus(status)
                .setContributingSources(1)
                .setLatestEventTime(asOf)
                .setAsOf(asOf)
                .setComputedAt(asOf);
    }

    public static GoalProgress of(GoalStatus status, Instant asOf) {
        return growth(status, asOf).build();
    }
}
