package city.ordos.plan.flink;

import java.util.Objects;

/**
 * Which of two statements about the same (goal, role, source, period) stands; the same rule as the
 * streams app's StatementOrder (not imported: that module brings Kafka Streams). Ordered by "as of"
 * (event time), then by report time, then by arrival: the greatest wins; an identical re-send
 * changes nothing.
 */
final class Precedence {

    private Precedence() {}

    /** True when {@code incoming} replaces {@code held} (or nothing is held yet). */
    static boolean supersedes(StatementUpdate held, StatementUpdate incoming) {
        if (held == null) {
            return true;
        }
        int byTime = Long.compare(incoming.eventTime(), held.eventTime());
        if (byTime == 0) {
            byTime = Long.compare(incoming.reportedAt(), held.reportedAt());
        }
        if (byTime < 0) {
            return false;
        }
        boolean duplicate = byTime == 0
                && incoming.value().compareTo(held.value()) == 0
                && Objects.equals(incoming.county(), held.county());
        // Equal (eventTime, reportedAt) with other content: arrival decides, the later one wins.
        return !duplicate;
    }
}
