package city.ordos.plan.timetravel;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.progress.CountySums;
import city.ordos.plan.progress.GoalEvaluator;
import java.math.BigDecimal;
import java.util.HashMap;

/**
 * The arithmetic of a goal's day deltas: what a statement standing from one plan day adds to the
 * goal's sums from that day on (and takes back on the day the source's next statement stands).
 * Sums per role, the county breakdown of the feed (or numerator), the number of sources per role
 * with a statement by that day, and the latest event and report times.
 */
public final class DayDeltas {

    public static final String FEED = "FEED";
    public static final String NUMERATOR = "NUMERATOR";
    public static final String DENOMINATOR = "DENOMINATOR";

    private DayDeltas() {}

    public static DayDelta empty() {
        return DayDelta.newBuilder().setByCounty(new HashMap<>()).build();
    }

    /** Applies a step of one key: its contribution changes on {@code step.from()} and back on {@code step.until()}. */
    public static void applyStep(
            String role, StatementTimeline.Step step, DayDelta onFrom, DayDelta onUntil /* null when open-ended */) {
        add(onFrom, role, step.before(), -1);
        add(onFrom, role, step.after(), +1);
        if (onUntil != null) {
            add(onUntil, role, step.after(), -1);
            add(onUntil, role, step.before(), +1);
        }
    }

    /** Adds {@code sign} times the standing contribution (none when null) to the role's sum and its county. */
    static void add(DayDelta d, String role, StatementTimeline.Standing s, int sign) {
        if (s == null) {
            return;
        }
        BigDecimal v = sign < 0 ? s.value().negate() : s.value();
        switch (role) {
            case FEED -> d.setFeed(plus(d.getFeed(), v));
            case NUMERATOR -> d.setNumerator(plus(d.getNumerator(), v));
            case DENOMINATOR -> d.setDenominator(plus(d.getDenominator(), v));
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
        if (!DENOMINATOR.equals(role) && s.county() != null) {
            d.setByCounty(CountySums.add(d.getByCounty(), s.county(), v));
        }
    }

    /** One more (or, with a negative n, fewer) source of the role with a statement by this day. */
    public static void addSources(DayDelta d, String role, int n) {
        switch (role) {
            case FEED -> d.setFeedSources(d.getFeedSources() + n);
            case NUMERATOR -> d.setNumeratorSources(d.getNumeratorSources() + n);
            case DENOMINATOR -> d.setDenominatorSources(d.getDenominatorSources() + n);
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
    }

    /** A statement standing from this day: the latest event and report times seen by this day. */
    public static void observe(DayDelta d, long eventTime, long reportedAt) {
        d.setLatestEventTime(d.getLatestEventTime() == null ? eventTime : Math.max(d.getLatestEventTime(), eventTime));
        d.setLatestReportedAt(
                d.getLatestReportedAt() == null ? reportedAt : Math.max(d.getLatestReportedAt(), reportedAt));
    }

    private static BigDecimal plus(BigDecimal sum, BigDecimal v) {
        return GoalEvaluator.scaled(sum == null ? v : sum.add(v));
    }
}
