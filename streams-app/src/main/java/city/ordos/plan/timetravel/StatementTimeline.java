package city.ordos.plan.timetravel;

import city.ordos.plan.avro.Statement;
import city.ordos.plan.avro.StatementVersion;
import city.ordos.plan.progress.StatementOrder;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
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
     * @param next     the version to keep for {@code day}, null when unchanged
     */
    public record Outcome(
            boolean changed, int day, Step step, StatementVersion replaced, boolean restated, StatementVersion next) {
        static Outcome unchanged(int day) {
            return new Outcome(false, day, null, null, false, null);
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
     * The versions of one statement key, as their holder reads them: at most one per plan day. The
     * timeline asks for the neighbours of one day only, so a holder keyed by day needs no list.
     */
    public interface Days {
        /** The version of exactly {@code day}, or null. */
        StatementVersion on(int day);

        /** What the version of the latest day before {@code day} contributes, or null. */
        Standing before(int day);

        /** The first day after {@code day} that has a version, or null. */
        Integer after(int day);
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
     * Says what {@code incoming} changes among {@code days}. Changes nothing itself: when the
     * outcome has changed, the caller keeps {@link Outcome#next()} as the version of
     * {@link Outcome#day()} (replacing {@link Outcome#replaced()} if any).
     */
    public static Outcome apply(Days days, Statement incoming, Origin origin) {
        int day = day(incoming);
        StatementVersion held = days.on(day);
        if (held != null
                && StatementOrder.compare(version(held), version(incoming)) != StatementOrder.Verdict.SUPERSEDES) {
            return Outcome.unchanged(day);
        }
        Standing was = held != null ? standing(held) : days.before(day);
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
        Integer until = days.after(day);
        Standing now = standing(next);
        Step step = now.equals(was) ? null : new Step(day, until, was, now);
        return new Outcome(true, day, step, held, restated, next);
    }

    /** What a kept version contributes. */
    public static Standing standing(StatementVersion v) {
        // Values are compared by number, not by scale: 1.5 and 1.500000 are the same contribution.
        return new Standing(v.getValue().stripTrailingZeros(), v.getCounty());
    }

    /** What a statement contributes while it stands. */
    public static Standing standing(Statement s) {
        return new Standing(s.getValue().stripTrailingZeros(), s.getCounty());
    }

    private static StatementOrder.Version version(StatementVersion v) {
        return new StatementOrder.Version(v.getEventTime(), v.getReportedAt(), v.getValue(), v.getCounty());
    }

    private static StatementOrder.Version version(Statement s) {
        return new StatementOrder.Version(s.getEventTime(), s.getReportedAt(), s.getValue(), s.getCounty());
    }
}
