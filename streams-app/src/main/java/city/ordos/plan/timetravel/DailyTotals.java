package city.ordos.plan.timetravel;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.progress.GoalEvaluator;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A goal's sums as of the end of a plan day: the day deltas of every day up to it, summed (over
 * every input partition). Sums and counts add, latest times take the maximum, so partial totals of
 * different partitions or instances combine with {@link #plus(Totals)} in any order.
 */
public final class DailyTotals {

    private DailyTotals() {}

    /**
     * @param feed/numerator/denominator sums per role (zero while the role has no source)
     * @param feedSources                sources with a FEED statement by the day (likewise per role)
     */
    public record Totals(
            BigDecimal feed,
            BigDecimal numerator,
            BigDecimal denominator,
            int feedSources,
            int numeratorSources,
            int denominatorSources,
            Map<String, BigDecimal> byCounty,
            Long latestEventTime,
            Long latestReportedAt) {

        public static final Totals NONE = new Totals(
                BigDecimal.ZERO.setScale(6),
                BigDecimal.ZERO.setScale(6),
                BigDecimal.ZERO.setScale(6),
                0,
                0,
                0,
                Map.of(),
                null,
                null);

        public Totals {
            Objects.requireNonNull(feed, "feed");
            Objects.requireNonNull(numerator, "numerator");
            Objects.requireNonNull(denominator, "denominator");
            byCounty = Map.copyOf(byCounty);
        }

        /** These totals with one more day delta. */
        public Totals plus(DayDelta d) {
            Map<String, BigDecimal> counties = new HashMap<>(byCounty);
            d.getByCounty().forEach((county, v) -> counties.merge(county, v, BigDecimal::add));
            counties.replaceAll((k, v) -> GoalEvaluator.scaled(v));
            return new Totals(
                    add(feed, d.getFeed()),
                    add(numerator, d.getNumerator()),
                    add(denominator, d.getDenominator()),
                    feedSources + d.getFeedSources(),
                    numeratorSources + d.getNumeratorSources(),
                    denominatorSources + d.getDenominatorSources(),
                    counties,
                    max(latestEventTime, d.getLatestEventTime()),
                    max(latestReportedAt, d.getLatestReportedAt()));
        }

        /** The sum of two partial totals (of different partitions or instances). */
        public Totals plus(Totals o) {
            Map<String, BigDecimal> counties = new HashMap<>(byCounty);
            o.byCounty.forEach((county, v) -> counties.merge(county, v, BigDecimal::add));
            counties.replaceAll((k, v) -> GoalEvaluator.scaled(v));
            return new Totals(
                    add(feed, o.feed),
                    add(numerator, o.numerator),
                    add(denominator, o.denominator),
                    feedSources + o.feedSources,
                    numeratorSources + o.numeratorSources,
                    denominatorSources + o.denominatorSources,
                    counties,
                    max(latestEventTime, o.latestEventTime),
                    max(latestReportedAt, o.latestReportedAt));
        }

        public int sources() {
            return feedSources + numeratorSources + denominatorSources;
        }

        /**
         * The goal's aggregate as the goal task would hold it: a role without sources is null (no
         * data), not zero; the latest report time is capped at the end of the day, because a
         * statement reported later but standing for this day was, as known today, there by then.
         */
        public GoalAggregate toAggregate(String goalKey, long endOfDayMillis) {
            if (sources() == 0) {
                return null;
            }
            Map<String, BigDecimal> counties = new HashMap<>();
            byCounty.forEach((county, v) -> {
                if (v.signum() != 0) {
                    counties.put(county, v);
                }
            });
            return GoalAggregate.newBuilder()
                    .setGoalKey(goalKey)
                    .setFeed(feedSources > 0 ? feed : null)
                    .setNumerator(numeratorSources > 0 ? numerator : null)
                    .setDenominator(denominatorSources > 0 ? denominator : null)
                    .setByCounty(counties)
                    .setContributions(sources())
                    .setLatestEventTime(latestEventTime)
                    .setLatestReportedAt(latestReportedAt == null ? null : Math.min(latestReportedAt, endOfDayMillis))
                    .setInputPartition(null)
                    .build();
        }

        private static BigDecimal add(BigDecimal a, BigDecimal b) {
            return b == null ? a : GoalEvaluator.scaled(a.add(b));
        }

        private static Long max(Long a, Long b) {
            if (a == null) {
                return b;
            }
            return b == null ? a : Math.max(a, b);
        }
    }
}
