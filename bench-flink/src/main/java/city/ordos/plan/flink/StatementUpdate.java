package city.ordos.plan.flink;

import java.math.BigDecimal;

/**
 * One input event's statement for one goal selector, normalised to the selector's unit; keyed by
 * {@link #statementKey} = goal|role|source|period, the unit the latest-wins rule applies to.
 */
public record StatementUpdate(
        String statementKey,
        String goalKey,
        String role,
        String sourceId,
        BigDecimal value,
        String county,
        long eventTime,
        long reportedAt) {

    static String statementKey(String goalKey, String role, String sourceId, String period) {
        return goalKey + "|" + role + "|" + sourceId + "|" + (period == null ? "" : period);
    }
}
