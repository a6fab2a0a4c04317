package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.Statement;
import city.ordos.plan.progress.CountySums;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.vocabulary.ContributionRole;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arithmetic of the two-phase sum: a change applied to one input partition's partial, and a
 * goal's total as the sum of its partials. Sums per role, the county breakdown of the feed (or
 * numerator), the number of (role, source) contributions, and the latest event and report times.
 */
final class PartialSums {

    private PartialSums() {}

    static GoalAggregate empty(String goalKey, Integer inputPartition) {
        return GoalAggregate.newBuilder()
                .setGoalKey(goalKey)
                .setByCounty(new HashMap<>())
                .setContributions(0)
                .setInputPartition(inputPartition)
                .build();
    }

    /** Subtracts the previous statement and adds the current one (their difference is {@code delta}). */
    static void apply(
            GoalAggregate partial, Statement previous, Statement current, BigDecimal delta, boolean newContribution) {
        ContributionRole role = ContributionRole.of(current.getRole());
        switch (role) {
            case FEED -> partial.setFeed(add(partial.getFeed(), delta));
            case NUMERATOR -> partial.setNumerator(add(partial.getNumerator(), delta));
            case DENOMINATOR -> partial.setDenominator(add(partial.getDenominator(), delta));
        }
        if (role.carriesCounties()) {
            Map<String, BigDecimal> byCounty = partial.getByCounty();
            if (previous != null && previous.getCounty() != null) {
                byCounty = CountySums.add(
                        byCounty, previous.getCounty(), previous.getValue().negate());
            }
            if (current.getCounty() != null) {
                byCounty = CountySums.add(byCounty, current.getCounty(), current.getValue());
            }
            partial.setByCounty(byCounty);
        }
        if (newContribution) {
            partial.setContributions(partial.getContributions() + 1);
        }
        partial.setLatestEventTime(max(partial.getLatestEventTime(), current.getEventTime()));
        partial.setLatestReportedAt(max(partial.getLatestReportedAt(), current.getReportedAt()));
    }

    /**
     * The sums of {@code partial} that applying {@code current} in place of {@code previous} would
     * change, with their new values, by name ("FEED", "FEED of county DONGSHENG"): what the sum limit
     * is checked against before anything is applied.
     */
    static Map<String, BigDecimal> sumsAfter(GoalAggregate partial, Statement previous, Statement current) {
        ContributionRole role = ContributionRole.of(current.getRole());
        BigDecimal delta =
                previous == null ? current.getValue() : current.getValue().subtract(previous.getValue());
        BigDecimal held = switch (role) {
            case FEED -> partial.getFeed();
            case NUMERATOR -> partial.getNumerator();
            case DENOMINATOR -> partial.getDenominator();
        };
        Map<String, BigDecimal> after = new LinkedHashMap<>();
        after.put(role.name(), held == null ? delta : held.add(delta));
        if (role.carriesCounties()) {
            Map<String, BigDecimal> counties = new HashMap<>();
            if (previous != null && previous.getCounty() != null) {
                counties.merge(previous.getCounty(), previous.getValue().negate(), BigDecimal::add);
            }
            if (current.getCounty() != null) {
                counties.merge(current.getCounty(), current.getValue(), BigDecimal::add);
            }
            counties.forEach((county, change) -> after.put(
                    role.name() + " of county " + county,
                    partial.getByCounty().getOrDefault(county, BigDecimal.ZERO).add(change)));
        }
        return after;
    }

    /** The goal's total over its partials (one per input partition that has sources for it); null if none. */
    static GoalAggregate total(String goalKey, Collection<GoalAggregate> partials) {
        if (partials.isEmpty()) {
            return null;
        }
        GoalAggregate total = empty(goalKey, null);
        Map<String, BigDecimal> byCounty = new HashMap<>();
        for (GoalAggregate p : partials) {
            total.setFeed(addNullable(total.getFeed(), p.getFeed()));
            total.setNumerator(addNullable(total.getNumerator(), p.getNumerator()));
            total.setDenominator(addNullable(total.getDenominator(), p.getDenominator()));
            p.getByCounty().forEach((county, value) -> byCounty.merge(county, value, BigDecimal::add));
            total.setContributions(total.getContributions() + p.getContributions());
            if (p.getLatestEventTime() != null) {
                total.setLatestEventTime(max(total.getLatestEventTime(), p.getLatestEventTime()));
            }
            if (p.getLatestReportedAt() != null) {
                total.setLatestReportedAt(max(total.getLatestReportedAt(), p.getLatestReportedAt()));
            }
        }
        byCounty.replaceAll((k, v) -> GoalEvaluator.scaled(v));
        total.setByCounty(byCounty);
        return total;
    }

    private static BigDecimal add(BigDecimal sum, BigDecimal delta) {
        return GoalEvaluator.scaled(sum == null ? delta : sum.add(delta));
    }

    /** A role no partial has a statement for stays null (no data), not zero. */
    private static BigDecimal addNullable(BigDecimal sum, BigDecimal part) {
        return part == null ? sum : add(sum, part);
    }

    private static Long max(Long a, long b) {
        return a == null ? b : Math.max(a, b);
    }
}
