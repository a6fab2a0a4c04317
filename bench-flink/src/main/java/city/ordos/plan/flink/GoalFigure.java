package city.ordos.plan.flink;

import java.math.BigDecimal;
import java.util.Map;

/** The per-goal aggregate the job emits (written as the Avro {@code GoalAggregate}). */
public record GoalFigure(
        String goalKey,
        BigDecimal feed,
        BigDecimal numerator,
        BigDecimal denominator,
        Map<String, BigDecimal> byCounty,
        int contributions,
        Long latestEventTime,
        Long latestReportedAt) {}
