package city.ordos.plan.flink;

import java.math.BigDecimal;

/**
 * A statement that superseded the one held for its (goal, role, source, period): what it replaced
 * ({@code previous*} null for the first) and what it says now. Keyed by goal for the sum.
 */
public record ContributionChange(
        String goalKey,
        String role,
        String sourceId,
        BigDecimal previousValue,
        String previousCounty,
        BigDecimal currentValue,
        String currentCounty,
        long eventTime,
        long reportedAt) {

    BigDecimal delta() {
        return previousValue == null ? currentValue : currentValue.subtract(previousValue);
    }

    String contributionKey() {
        return role + "|" + sourceId;
    }
}
