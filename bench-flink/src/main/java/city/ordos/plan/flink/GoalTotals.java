package city.ordos.plan.flink;

import city.ordos.plan.vocabulary.ContributionRole;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;

/**
 * The running sums of one goal, kept as Flink keyed state: feed / numerator / denominator, the
 * county breakdown and the number of contributing (role, source) pairs. A change is applied as
 * "subtract what the superseded statement said, add what the new one says", in one step — the
 * streams app's GoalProgressProcessor arithmetic.
 */
public final class GoalTotals implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int SCALE = 6;

    // Public fields and a no-arg constructor: Flink treats it as a POJO and serializes it field by field.
    public BigDecimal feed;
    public BigDecimal numerator;
    public BigDecimal denominator;
    public HashMap<String, BigDecimal> byCounty = new HashMap<>();
    public int contributions;
    public Long latestEventTime;
    public Long latestReportedAt;

    public GoalTotals() {}

    /** Applies one change; {@code newContribution} when its (role, source) had contributed nothing yet. */
    void apply(ContributionChange change, boolean newContribution) {
        BigDecimal delta = change.delta();
        ContributionRole role = ContributionRole.of(change.role());
        switch (role) {
            case FEED -> feed = add(feed, delta);
            case NUMERATOR -> numerator = add(numerator, delta);
            case DENOMINATOR -> denominator = add(denominator, delta);
        }
        if (role.carriesCounties()) {
            if (change.previousValue() != null && change.previousCounty() != null) {
                byCounty.merge(change.previousCounty(), change.previousValue().negate(), GoalTotals::add);
            }
            if (change.currentCounty() != null) {
                byCounty.merge(change.currentCounty(), change.currentValue(), GoalTotals::add);
            }
        }
        if (newContribution) {
            contributions++;
        }
        latestEventTime = latestEventTime == null ? change.eventTime() : Math.max(latestEventTime, change.eventTime());
        latestReportedAt =
                latestReportedAt == null ? change.reportedAt() : Math.max(latestReportedAt, change.reportedAt());
    }

    GoalFigure figure(String goalKey) {
        // a plain HashMap copy: Flink copies the figure between chained operators with its serializer
        // (Kryo for this field), which is at home with HashMap rather than the JDK's immutable maps
        return new GoalFigure(
                goalKey,
                feed,
                numerator,
                denominator,
                new HashMap<>(byCounty),
                contributions,
                latestEventTime,
                latestReportedAt);
    }

    static BigDecimal scaled(BigDecimal v) {
        return v == null ? null : v.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal add(BigDecimal sum, BigDecimal delta) {
        return scaled(sum == null ? delta : sum.add(delta));
    }
}
