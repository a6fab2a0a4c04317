package city.ordos.plan.progress;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * A goal's sums by county (its feed's, or a ratio's numerator's), at the contract's scale. Added to
 * in place: a statement changes one or two counties, and copying the whole map for each one, as the
 * partial sums and the day deltas did, was about 2 % of the app's CPU in a 5 M replay
 * (docs/performance.md).
 */
public final class CountySums {

    private CountySums() {}

    /**
     * Adds {@code change} to {@code county}'s sum and returns the map that holds the result: {@code
     * byCounty} itself when it can change (the aggregates start with a HashMap and the store formats
     * decode into one), otherwise a copy that can, to be set on the record in its place.
     */
    public static Map<String, BigDecimal> add(Map<String, BigDecimal> byCounty, String county, BigDecimal change) {
        Map<String, BigDecimal> sums = byCounty instanceof HashMap ? byCounty : new HashMap<>(byCounty);
        sums.merge(county, GoalEvaluator.scaled(change), (held, added) -> GoalEvaluator.scaled(held.add(added)));
        return sums;
    }
}
