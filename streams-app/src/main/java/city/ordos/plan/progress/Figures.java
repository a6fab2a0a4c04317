package city.ordos.plan.progress;

import java.math.BigDecimal;

/**
 * The aggregated data behind one goal: sums per role (already in each selector's unit), how many
 * (role, source) contributions make them up, and the latest event and report times among them.
 * A null sum means no statement of that role has arrived.
 */
public record Figures(
        BigDecimal feed,
        BigDecimal numerator,
        BigDecimal denominator,
        int contributions,
        Long latestEventTime,
        Long latestReportedAt) {

    public static final Figures NONE = new Figures(null, null, null, 0, null, null);
}
