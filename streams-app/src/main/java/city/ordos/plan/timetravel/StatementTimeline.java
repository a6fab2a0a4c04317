package city.ordos.plan.timetravel;

import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.progress.StatementOrder;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The statements of one (goal, role, source, period) over the plan days: for each day the standing
 * statement is the greatest (event time, reported-at, arrival) among those counting from that day
 * or earlier, so a statement about June 30 that is restated in July changes June 30 onwards (until
 * the source's next as-of), and a late statement about May fills May without touching June.
 *
 * <p>A statement counts from the plan day of its event time (Asia/Shanghai); a flow at the latest
 * from the last day of its period, so a flow restated with a later event time still belongs to its
 * period. Only the greatest statement of a day can ever stand (every later day also sees it), so
 * one version per day is kept.
 */
public final class StatementTimeline {

    private StatementTimeline() {}

    /** What a standing statement contributes: its value, in its county (null: city-wide). */
    public record Standing(BigDecimal value, String county) {
        public Standing {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * From plan day {@code from} (inclusive) until {@code until} (exclusive; null: no end), the
     * key's contribution changes from {@code before} (null: none) to {@code after}.
     */
    public record Step(int from, Integer until, Standing before, Standing after) {}

    /**
     * The result of one statement.
     *
     * @param changed  false when the statement stands nowhere (a duplicate, or older than the
     *                 statement already standing for its day): nothing else to do
     * @param day      the plan day it counts from
     * @param step     how the key's contribution changes, null when it stands but changes no figure
     *                 (same value and county, e.g. only a new report time)
     * @param replaced the version of the same day it replaced, null for a new day
     * @param restated true when it replaced a statement with the same event time (a restatement)
     */
    public record Outcome(boolean changed, int day, Step step, StatementVersion replaced, boolean restated) {
        static Outcome unchanged(int day) {
            return new Outcome(false, day, null, null, false);
        }
    }

    /** The plan day (epoch day in Asia/Shanghai) a statement counts from. */
    public static int day(Statement s) {
        long day = PlanCalendar.dateOf(Instant.ofEpochMilli(s.getEventTime())).toEpochDay();
        if (s.getPeriod() != null) {
            var period = PlanCalendar.parsePeriod(s.getPeriod());
            if (period.isPresent()) {
                day = Math.min(day, period.get().last().toEpochDay());
            }
        }
        return Math.toIntExact(day);
    }

    /**
     * Applies {@code incoming} to {@code versions} (ascending by day, at most one per day; changed
     * in place) and says what changed.
     */
    public static Outcome apply(List<StatementVersion> versions, Statement incoming) {
        return apply(versions, incoming, Origin.NONE);
    }

    /**
     * Where a statement came from beyond its topic and offset: the row of an imported report file
     * (file and line), and the web submission that carried it; null where it does not apply.
     */
    public record Origin(
            String importFile, Integer importLine, String submissionId, String submittedBy, String approvedBy) {
        public static final Origin NONE = new Origin(null, null, null, null, null);
    }

    /**
     * As {@link #apply(List, Statement)}, for a statement with an origin: the version keeps it as
     * its provenance.
     */
    public static Outcome apply(List<StatementVersion> versions, Statement incoming, Origin origin) {
        int day = day(incoming);
        int at = indexOf(versions, day);
        StatementVersion held = at >= 0 ? versions.get(at) : null;
        if (held != null
                && StatementOrder.compare(version(held), version(incoming)) != StatementOrder.Verdict.SUPERSEDES) {
            return Outcome.unchanged(day);
        }
        int insertAt = at >= 0 ? at : -at - 1;
        StatementVersion before = held != null ? held : insertAt > 0 ? versions.get(insertAt - 1) : null;
        boolean restated = held != null && held.getEventTime() == incoming.getEventTime();
        StatementVersion next = StatementVersion.newBuilder()
                .setDay(day)
                .setEventTime(incoming.getEventTime())
                .setReportedAt(incoming.getReportedAt())
                .setValue(incoming.getValue())
                .setCounty(incoming.getCounty())
                .setEventId(incoming.getEventId())
                .setSourceTopic(incoming.getSourceTopic())
                .setSourcePartition(incoming.getSourcePartition())
                .setSourceOffset(incoming.getSourceOffset())
                .setRestatements(restated ? held.getRestatements() + 1 : 0)
                .setImportFile(origin.importFile())
                .setImportLine(origin.importLine())
                .setSubmissionId(origin.submissionId())
                .setSubmittedBy(origin.submittedBy())
                .setApprovedBy(origin.approvedBy())
                .build();
        if (held != null) {
            versions.set(at, next);
        } else {
            versions.add(insertAt, next);
        }
        int after = held != null ? at + 1 : insertAt + 1;
        Integer until = after < versions.size() ? versions.get(after).getDay() : null;
        Standing was = before == null ? null : standing(before);
        Standing now = standing(next);
        Step step = now.equals(was) ? null : new Step(day, until, was, now);
        return new Outcome(true, day, step, held, restated);
    }

    /** The version standing at the end of plan day {@code day}, or null when none counts yet. */
    public static StatementVersion standingOn(List<StatementVersion> versions, int day) {
        int at = indexOf(versions, day);
        int index = at >= 0 ? at : -at - 2;
        return index >= 0 ? versions.get(index) : null;
    }

    private static Standing standing(StatementVersion v) {
        // Values are compared by number, not by scale: 1.5 and 1.500000 are the same contribution.
        return new Standing(v.getValue().stripTrailingZeros(), v.getCounty());
    }

    /** Binary search by day: the index, or (-(insertion point) - 1). */
    private static int indexOf(List<StatementVersion> versions, int day) {
        int lo = 0;
        int hi = versions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int d = versions.get(mid).getDay();
            if (d < day) {
                lo = mid + 1;
            } else if (d > day) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private static StatementOrder.Version version(StatementVersion v) {
        return new StatementOrder.Version(v.getEventTime(), v.getReportedAt(), v.getValue(), v.getCounty());
    }

    private static StatementOrder.Version version(Statement s) {
        return new StatementOrder.Version(s.getEventTime(), s.getReportedAt(), s.getValue(), s.getCounty());
    }
}
