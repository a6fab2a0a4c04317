package city.ordos.plan.reliability;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.units.UnitTable;
import city.ordos.plan.vocabulary.ContributionRole;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The books-balance check, with no Kafka types so it can be fed from a broker reader or a test:
 * every input record must be dead-lettered or usable, no dead letter may point at a record that was
 * never read, and each goal's published figure must equal a recomputation done here (not by the
 * topology): the latest statement per (goal, role, source, period) wins, ordered by event time, then
 * report time, then log position; the winners are summed per goal and role. Figures compare
 * numerically (scale ignored).
 */
public final class Reconciliation {

    private static final String FEED = ContributionRole.FEED.name();
    private static final String NUMERATOR = ContributionRole.NUMERATOR.name();
    private static final String DENOMINATOR = ContributionRole.DENOMINATOR.name();

    private static final int SCALE = 6;
    /** A ratio is rounded to the contract's six decimals once; allow that last digit, nothing more. */
    private static final BigDecimal RATIO_TOLERANCE = new BigDecimal("0.000001");

    /** Where an input record sits in the log. */
    public record RecordId(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /**
     * One usable input record as it feeds one goal in one role (FEED, NUMERATOR, DENOMINATOR), its
     * value already in the selector's unit; {@code period} only for flows.
     */
    public record Statement(
            RecordId id,
            String goalKey,
            String role,
            String sourceId,
            String period,
            Instant eventTime,
            Instant reportedAt,
            BigDecimal value) {
        public Statement {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(goalKey, "goalKey");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(reportedAt, "reportedAt");
            Objects.requireNonNull(value, "value");
        }

        /** A FEED statement. */
        public Statement(
                RecordId id,
                String goalKey,
                String sourceId,
                String period,
                Instant eventTime,
                Instant reportedAt,
                BigDecimal value) {
            this(id, goalKey, FEED, sourceId, period, eventTime, reportedAt, value);
        }
    }

    /** The aggregate one goal keeps for one role. */
    public record Aggregate(String goalKey, String role) implements Comparable<Aggregate> {
        @Override
        public int compareTo(Aggregate o) {
            int c = goalKey.compareTo(o.goalKey);
            return c != 0 ? c : role.compareTo(o.role);
        }
    }

    /**
     * What does not balance; empty sets/maps mean the books balance. {@code expected} is the
     * recomputed FEED sum per goal; {@code unchecked} names goals whose figure cannot be recomputed
     * from the inputs alone (growth against a 2024 baseline depends on the pace profile).
     */
    public record Result(
            Set<RecordId> unaccounted,
            Set<RecordId> phantomDeadLetters,
            Map<String, BigDecimal> expected,
            Map<String, String> figureMismatches,
            Set<String> unchecked) {
        public Result(
                Set<RecordId> unaccounted,
                Set<RecordId> phantomDeadLetters,
                Map<String, BigDecimal> expected,
                Map<String, String> figureMismatches) {
            this(unaccounted, phantomDeadLetters, expected, figureMismatches, Set.of());
        }

        public boolean balanced() {
            return unaccounted.isEmpty() && phantomDeadLetters.isEmpty() && figureMismatches.isEmpty();
        }
    }

    private static final Comparator<Statement> ORDER = Comparator.comparing(Statement::eventTime)
            .thenComparing(Statement::reportedAt)
            .thenComparing(s -> s.id().topic())
            .thenComparingInt(s -> s.id().partition())
            .thenComparingLong(s -> s.id().offset());

    private Reconciliation() {}

    /**
     * The simple form, for a goal whose actual is its FEED sum.
     *
     * @param inputs          every record read from the input topics up to their end offsets
     * @param deadLettered    source positions named by the dead-letter topic
     * @param accepted        the usable statements (one record may feed several goals)
     * @param publishedActual latest published actual per goal key (null or absent = no figure)
     */
    public static Result check(
            Collection<RecordId> inputs,
            Collection<RecordId> deadLettered,
            Collection<Statement> accepted,
            Map<String, BigDecimal> publishedActual) {
        Map<String, BigDecimal> expected = feedSums(recompute(accepted));
        Map<String, String> mismatches = new TreeMap<>();
        Set<String> goals = new HashSet<>(expected.keySet());
        goals.addAll(publishedActual.keySet());
        for (String goal : goals) {
            BigDecimal got = publishedActual.get(goal);
            compare(
                    mismatches,
                    goal,
                    "actual",
                    got,
                    got == null ? expected.get(goal) : expected.getOrDefault(goal, BigDecimal.ZERO),
                    BigDecimal.ZERO);
        }
        return accounting(inputs, deadLettered, accepted, expected, mismatches, Set.of());
    }

    /**
     * The full form: each goal of {@code catalog} (keyed planId/goalId) is checked by its kind —
     * CUMULATIVE and LEVEL: actual = FEED sum in the goal's unit; GROWTH without a baseline: actual =
     * FEED sum; SHARE and INTENSITY_CAP: numerator and denominator = their sums, actual = numerator /
     * denominator x ratioScale (to the sixth decimal). A goal without statements must have no actual.
     * Statements for a goal outside the catalog, and progress for such a goal, are mismatches.
     *
     * @param published latest progress per goal key (absent = none published or a tombstone)
     */
    public static Result check(
            Collection<RecordId> inputs,
            Collection<RecordId> deadLettered,
            Collection<Statement> accepted,
            Map<String, GoalDefinition> catalog,
            Map<String, GoalProgress> published,
            UnitTable units) {
        Map<Aggregate, BigDecimal> sums = recompute(accepted);
        Map<String, String> mismatches = new TreeMap<>();
        Set<String> unchecked = new TreeSet<>();
        Set<String> goals = new TreeSet<>(catalog.keySet());
        goals.addAll(published.keySet());
        sums.keySet().forEach(a -> goals.add(a.goalKey()));
        for (String goal : goals) {
            GoalDefinition def = catalog.get(goal);
            GoalProgress p = published.get(goal);
            if (def == null) {
                mismatches.put(
                        goal,
                        "not in the goal catalog, yet it has " + (p != null ? "published progress" : "statements"));
                continue;
            }
            BigDecimal feed = sums.get(new Aggregate(goal, FEED));
            BigDecimal num = sums.get(new Aggregate(goal, NUMERATOR));
            BigDecimal den = sums.get(new Aggregate(goal, DENOMINATOR));
            BigDecimal actual = p == null ? null : p.getActual();
            switch (def.getKind()) {
                case CUMULATIVE, LEVEL ->
                    compare(
                            mismatches,
                            goal,
                            "actual",
                            actual,
                            feed == null ? null : scaled(inGoalUnit(def, feed, units)),
                            BigDecimal.ZERO);
                case GROWTH -> {
                    if (def.getBaseline2024() != null) {
                        unchecked.add(goal);
                    } else {
                        compare(
                                mismatches,
                                goal,
                                "actual",
                                actual,
                                feed == null ? null : scaled(feed),
                                BigDecimal.ZERO);
                    }
                }
                case SHARE, INTENSITY_CAP -> {
                    compare(mismatches, goal, "numerator", p == null ? null : p.getNumerator(), num, BigDecimal.ZERO);
                    compare(
                            mismatches,
                            goal,
                            "denominator",
                            p == null ? null : p.getDenominator(),
                            den,
                            BigDecimal.ZERO);
                    BigDecimal ratio = num == null || den == null || den.signum() == 0
                            ? null
                            : scaled(num.multiply(def.getRatioScale() == null ? BigDecimal.ONE : def.getRatioScale())
                                    .divide(den, MathContext.DECIMAL128));
                    compare(mismatches, goal, "actual", actual, ratio, RATIO_TOLERANCE);
                }
            }
            if (def.getKind() != GoalKind.SHARE
                    && def.getKind() != GoalKind.INTENSITY_CAP
                    && (num != null || den != null)) {
                mismatches.merge(
                        goal,
                        "numerator/denominator statements for a " + def.getKind() + " goal",
                        (a, b) -> a + "; " + b);
            }
        }
        return accounting(inputs, deadLettered, accepted, feedSums(sums), mismatches, unchecked);
    }

    private static Result accounting(
            Collection<RecordId> inputs,
            Collection<RecordId> deadLettered,
            Collection<Statement> accepted,
            Map<String, BigDecimal> expected,
            Map<String, String> mismatches,
            Set<String> unchecked) {
        Set<RecordId> read = new HashSet<>(inputs);
        Set<RecordId> accounted = new HashSet<>(deadLettered);
        accepted.forEach(s -> accounted.add(s.id()));
        Set<RecordId> unaccounted = new HashSet<>(read);
        unaccounted.removeAll(accounted);
        Set<RecordId> phantom = new HashSet<>(deadLettered);
        phantom.removeAll(read);
        return new Result(unaccounted, phantom, expected, mismatches, unchecked);
    }

    /** Latest statement per (goal, role, source, period) wins; winners are summed per goal and role. */
    public static Map<Aggregate, BigDecimal> recompute(Collection<Statement> accepted) {
        Map<String, Statement> latest = new HashMap<>();
        for (Statement s : accepted) {
            String key =
                    s.goalKey() + "|" + s.role() + "|" + s.sourceId() + "|" + (s.period() == null ? "" : s.period());
            latest.merge(key, s, (a, b) -> ORDER.compare(a, b) >= 0 ? a : b);
        }
        Map<Aggregate, BigDecimal> sums = new TreeMap<>();
        latest.values().forEach(s -> sums.merge(new Aggregate(s.goalKey(), s.role()), s.value(), BigDecimal::add));
        return sums;
    }

    /** The FEED sum per goal. */
    public static Map<String, BigDecimal> feedSums(Map<Aggregate, BigDecimal> sums) {
        Map<String, BigDecimal> feed = new TreeMap<>();
        sums.forEach((a, v) -> {
            if (a.role().equals(FEED)) {
                feed.put(a.goalKey(), v);
            }
        });
        return feed;
    }

    private static BigDecimal inGoalUnit(GoalDefinition def, BigDecimal feedSum, UnitTable units) {
        String from = def.getFeed() == null ? def.getUnit() : def.getFeed().getUnit();
        return from.equals(def.getUnit()) ? feedSum : units.convert(feedSum, from, def.getUnit());
    }

    private static BigDecimal scaled(BigDecimal v) {
        return v.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    private static void compare(
            Map<String, String> mismatches,
            String goal,
            String figure,
            BigDecimal published,
            BigDecimal recomputed,
            BigDecimal tolerance) {
        boolean same = published == null || recomputed == null
                ? published == null && recomputed == null
                : published.subtract(recomputed).abs().compareTo(tolerance) <= 0;
        if (!same) {
            mismatches.merge(
                    goal,
                    figure + ": published " + plain(published) + ", recomputed " + plain(recomputed),
                    (a, b) -> a + "; " + b);
        }
    }

    private static String plain(BigDecimal v) {
        return v == null ? "none" : v.toPlainString();
    }
}
