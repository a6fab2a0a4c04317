package city.ordos.plan.api;

import city.ordos.plan.timetravel.DailyTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This instance's share of the time-travel state (docs/timetravel.md): the day deltas, statement
 * versions and restatements of the sources whose input partitions it owns, and the figures shown
 * for the goals whose goal partitions it owns. Every answer says which partitions it covers, so the
 * instance that gathers the shares can tell a complete answer from one missing a partition.
 * Throws {@link GoalState.StateUnavailableException} while the stores cannot be read.
 */
public interface TimelineShare {

    /** Each goal's partial totals as of the end of {@code date}, over this instance's input partitions. */
    TotalsShare totalsThrough(LocalDate date);

    /** One goal's deltas per plan day (each day summed over this instance's input partitions), up to {@code through}. */
    DaysShare days(String goalKey, LocalDate through);

    /** Every goal's deltas per plan day up to {@code through} (goal -> ISO day -> delta). */
    AllDaysShare allDays(LocalDate through);

    /** One goal's sources standing at the end of {@code date} (unit left null: the gatherer knows it). */
    SourcesShare sources(String goalKey, LocalDate date);

    /** One goal's restatements. */
    RestatementsShare restatements(String goalKey);

    /** The figures the given goals showed at {@code knownAt} (goals without one are left out). */
    ShownShare shown(Collection<String> goalKeys, Instant knownAt);

    /** The figures one goal showed from {@code from} to {@code to}, oldest first. */
    ShownSeriesShare shownSeries(String goalKey, Instant from, Instant to);

    record TotalsShare(Set<Integer> partitions, Map<String, DailyTotals.Totals> goals) {}

    /** Days as ISO dates. */
    record DaysShare(Set<Integer> partitions, Map<String, DailyTotals.Totals> days) {}

    record AllDaysShare(Set<Integer> partitions, Map<String, Map<String, DailyTotals.Totals>> goals) {}

    record SourcesShare(Set<Integer> partitions, List<SourceView> sources) {}

    record RestatementsShare(Set<Integer> partitions, List<RestatementView> restatements) {}

    record ShownShare(Set<Integer> partitions, Map<String, Views.GoalView> goals) {}

    record ShownSeriesShare(Set<Integer> partitions, List<Views.GoalView> figures) {}

    /**
     * What one source contributes to one role of a goal at the end of a day: the sum of its standing
     * statements (one per period; one for year-to-date and level statements) and the latest of them,
     * with where it came from (topic, partition, offset; for imported rows also file and line).
     */
    record SourceView(
            String role,
            String sourceId,
            String unit,
            BigDecimal value,
            int statements,
            String county,
            String latestEventTime,
            String latestReportedAt,
            String latestEventId,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            String importFile,
            Integer importLine,
            String submissionId,
            String submittedBy,
            String approvedBy,
            int restatements) {
        SourceView withUnit(String u) {
            return new SourceView(
                    role,
                    sourceId,
                    u,
                    value,
                    statements,
                    county,
                    latestEventTime,
                    latestReportedAt,
                    latestEventId,
                    sourceTopic,
                    sourcePartition,
                    sourceOffset,
                    importFile,
                    importLine,
                    submissionId,
                    submittedBy,
                    approvedBy,
                    restatements);
        }
    }

    /** A statement replaced by a later report with the same as-of: the first and the latest value. */
    record RestatementView(
            String role,
            String sourceId,
            String period,
            String unit,
            String county,
            String asOf,
            int restatements,
            BigDecimal firstValue,
            String firstReportedAt,
            String firstEventId,
            String firstSourceTopic,
            int firstSourcePartition,
            long firstSourceOffset,
            BigDecimal latestValue,
            String latestReportedAt,
            String latestEventId,
            String latestSourceTopic,
            int latestSourcePartition,
            long latestSourceOffset) {}
}
