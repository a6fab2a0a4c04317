package city.ordos.plan.progress;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Which of two statements about the same (goal, role, source, period) stands. Statements are
 * ordered by their "as of" (event time; for flows the period is part of the key, so event time
 * orders versions of one period), then by when they were reported, then by arrival: the
 * greatest wins. A re-sent identical statement changes nothing.
 */
public final class StatementOrder {

    /** The parts of a statement that decide precedence and content. */
    public record Version(long eventTime, long reportedAt, BigDecimal value, String county) {
        public Version {
            Objects.requireNonNull(value, "value");
        }
    }

    public enum Verdict {
        /** The incoming statement supersedes the held one (or nothing was held). */
        SUPERSEDES,
        /** Same as the held statement: nothing changes. */
        DUPLICATE,
        /** Older than the held statement: ignored. */
        OLDER
    }

    private StatementOrder() {}

    public static Verdict compare(Version held, Version incoming) {
        if (held == null) {
            return Verdict.SUPERSEDES;
        }
        int byTime = Long.compare(incoming.eventTime(), held.eventTime());
        if (byTime == 0) {
            byTime = Long.compare(incoming.reportedAt(), held.reportedAt());
        }
        if (byTime < 0) {
            return Verdict.OLDER;
        }
        if (byTime == 0
                && incoming.value().compareTo(held.value()) == 0
                && Objects.equals(incoming.county(), held.county())) {
            return Verdict.DUPLICATE;
        }
        // Equal (eventTime, reportedAt) with other content: arrival decides, the later one wins.
        return Verdict.SUPERSEDES;
    }
}
