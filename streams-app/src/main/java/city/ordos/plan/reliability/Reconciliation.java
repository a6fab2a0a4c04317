package city.ordos.plan.reliability;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The books-balance check, with no Kafka types so it can be fed from a broker reader or a test:
 * every input record must be dead-lettered or usable, no dead letter may point at a record that was
 * never read, and each goal's published figure must equal a recomputation done here (not by the
 * topology): the latest statement per (goal, source, period) wins, ordered by event time, then
 * report time, then log position; the winners are summed per goal. Figures compare numerically
 * (scale ignored).
 */
public final class Reconciliation {

    /** Where an input record sits in the log. */
    public record RecordId(String topic, int partition, long offset) {
    }

    /** One usable input record as it feeds one goal, its value already in the goal's unit. */
    public record Statement(RecordId id, String goalKey, String sourceId, String period, Instant eventTime,
                            Instant reportedAt, BigDecimal value) {
        public Statement {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(goalKey, "goalKey");
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(reportedAt, "reportedAt");
            Objects.requireNonNull(value, "value");
        }
    }

    /** What does not balance; empty sets/maps mean the books balance. */
    public record Result(Set<RecordId> unaccounted, Set<RecordId> phantomDeadLetters,
                         Map<String, BigDecimal> expected, Map<String, String> figureMismatches) {
        public boolean balanced() {
            return unaccounted.isEmpty() && phantomDeadLetters.isEmpty() && figureMismatches.isEmpty();
        }
    }

    private static final Comparator<Statement> ORDER = Comparator.comparing(Statement::eventTime)
            .thenComparing(Statement::reportedAt)
            .thenComparing(s -> s.id().topic())
            .thenComparingInt(s -> s.id().partition())
            .thenComparingLong(s -> s.id().offset());

    private Reconciliation() {
    }

    /**
     * @param inputs          every record read from the input topics up to their end offsets
     * @param deadLettered    source positions named by the dead-letter topic
     * @param accepted        the usable statements (one record may feed several goals)
     * @param publishedActual latest published actual per goal key (null or absent = no figure)
     */
    public static Result check(Collection<RecordId> inputs, Collection<RecordId> deadLettered,
                               Collection<Statement> accepted, Map<String, BigDecimal> publishedActual) {
        Set<RecordId> read = new HashSet<>(inputs);
        Set<RecordId> accounted = new HashSet<>(deadLettered);
        accepted.forEach(s -> accounted.add(s.id()));
        Set<RecordId> unaccounted = new HashSet<>(read);
        unaccounted.removeAll(accounted);
        Set<RecordId> phantom = new HashSet<>(deadLettered);
        phantom.removeAll(read);

        Map<String, BigDecimal> expected = recompute(accepted);
        Map<String, String> mismatches = new TreeMap<>();
        Set<String> goals = new HashSet<>(expected.keySet());
        goals.addAll(publishedActual.keySet());
        for (String goal : goals) {
            BigDecimal want = expected.getOrDefault(goal, BigDecimal.ZERO);
            BigDecimal got = publishedActual.get(goal);
            boolean same = got == null ? want.signum() == 0 && !expected.containsKey(goal) : got.compareTo(want) == 0;
            if (!same) {
                mismatches.put(goal, "published " + got + ", recomputed " + want);
            }
        }
        return new Result(unaccounted, phantom, expected, mismatches);
    }

    /** Latest statement per (goal, source, period) wins; winners are summed per goal. */
    public static Map<String, BigDecimal> recompute(Collection<Statement> accepted) {
        Map<String, Statement> latest = new HashMap<>();
        for (Statement s : accepted) {
            String key = s.goalKey() + "|" + s.sourceId() + "|" + (s.period() == null ? "" : s.period());
            latest.merge(key, s, (a, b) -> ORDER.compare(a, b) >= 0 ? a : b);
        }
        Map<String, BigDecimal> sums = new TreeMap<>();
        latest.values().forEach(s -> sums.merge(s.goalKey(), s.value(), BigDecimal::add));
        return sums;
    }
}
