package city.ordos.plan.reliability;

import city.ordos.plan.reliability.Reconciliation.RecordId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the books-balance check read and found. It balances when every input record read is
 * dead-lettered or used, no dead letter names a record that was not read, no record is
 * dead-lettered twice, and every published figure equals its recomputation.
 *
 * @param inputRecords          records read per input topic (read_committed, up to the end offsets)
 * @param usableRecords         of those, records that feed at least one goal
 * @param statements            (record, goal, role) statements they make
 * @param deadLettersByReason   dead letters naming a read input record, by reason code
 * @param deadLettersOther      dead letters not about a read record: file rows rejected by the importer,
 *                              or records appended after the inputs were read
 * @param duplicateDeadLetters  input records dead-lettered more than once
 * @param catalogGoals          goals in the catalog topic
 * @param publishedGoals        goals with a progress record (tombstones removed)
 * @param unprocessedRecords    input records read at or beyond the application's committed offsets;
 *                              -1 when no application id was given
 * @param application           what the application's consumer group looked like; null when no
 *                              application id was given
 * @param appendedDuringCheck   records appended to the input topics while the check ran: the
 *                              progress read afterwards may already count them
 * @param refusedBySumLimit     statements of dead-lettered records left out of the recomputation because
 *                              the application refused them for the sum limit (SUM_LIMIT_EXCEEDED)
 * @param failedRecords         records the application dead-lettered as PROCESSING_FAILED: skipped whole,
 *                              left out of the recomputation and listed, since only a person can judge them
 * @param result                unaccounted records, phantom dead letters, figure mismatches
 * @param took                  time the check took
 */
public record ReconciliationReport(
        Map<String, Long> inputRecords,
        long usableRecords,
        long statements,
        Map<String, Long> deadLettersByReason,
        long deadLettersOther,
        Set<RecordId> duplicateDeadLetters,
        int catalogGoals,
        int publishedGoals,
        long unprocessedRecords,
        Application application,
        long appendedDuringCheck,
        long refusedBySumLimit,
        Set<RecordId> failedRecords,
        Reconciliation.Result result,
        Duration took) {

    /**
     * The application as its consumer group shows it.
     *
     * @param groupState       the group's state (STABLE, EMPTY, DEAD, ...), or why it could not be read
     * @param members          members of the group: 0 means no instance is consuming (stopped, or shut
     *                         down after its stream threads failed); -1 when unknown
     * @param firstUnprocessed per input partition it has not finished, the first record it has not
     *                         processed (topic-partition@offset, key, size): where it stopped
     */
    public record Application(String groupState, int members, List<String> firstUnprocessed) {
        public boolean down() {
            return members == 0;
        }
    }

    /** Exit status of the command: the books balance. */
    public static final int BALANCED = 0;
    /** Exit status of the command: the books do not balance and the application had processed everything. */
    public static final int NOT_BALANCED = 1;
    /**
     * Exit status of the command: the books do not balance while the application still had records
     * to process, or while producers were still appending to the inputs: check again later.
     */
    public static final int NOT_CAUGHT_UP = 3;
    /**
     * Exit status of the command: the books do not balance, the application has records left to
     * process and no instance is consuming: it is not running (stopped, or shut down after its stream
     * threads failed), so waiting will not help.
     */
    public static final int APPLICATION_DOWN = 5;

    public boolean balanced() {
        return result.balanced() && duplicateDeadLetters.isEmpty();
    }

    public long totalInputRecords() {
        return inputRecords.values().stream().mapToLong(Long::longValue).sum();
    }

    public long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public int exitCode() {
        if (balanced()) {
            return BALANCED;
        }
        if (unprocessedRecords > 0 && application != null && application.down()) {
            return APPLICATION_DOWN;
        }
        return unprocessedRecords > 0 || appendedDuringCheck > 0 ? NOT_CAUGHT_UP : NOT_BALANCED;
    }

    /** The report as an operator reads it. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Input records read (read_committed, up to the end offsets): ")
                .append(totalInputRecords())
                .append('\n');
        inputRecords.forEach(
                (t, n) -> b.append("  ").append(t).append(": ").append(n).append('\n'));
        b.append("Usable records: ")
                .append(usableRecords)
                .append(" (")
                .append(statements)
                .append(" goal statements)\n");
        b.append("Dead letters for those records: ").append(deadLetters()).append('\n');
        deadLettersByReason.forEach(
                (r, n) -> b.append("  ").append(r).append(": ").append(n).append('\n'));
        if (deadLettersOther > 0) {
            b.append("Other dead letters (importer rows, or records newer than this check): ")
                    .append(deadLettersOther)
                    .append('\n');
        }
        b.append("Goals: ")
                .append(catalogGoals)
                .append(" in the catalog, ")
                .append(publishedGoals)
                .append(" with published progress\n");
        if (unprocessedRecords >= 0) {
            b.append("Records not yet processed by the application (at/after its committed offsets): ")
                    .append(unprocessedRecords)
                    .append('\n');
        }
        if (application != null) {
            b.append("Application consumer group: ")
                    .append(application.groupState())
                    .append(", ")
                    .append(application.members() < 0 ? "unknown" : Integer.toString(application.members()))
                    .append(" member(s)")
                    .append(
                            application.down()
                                    ? ": NOT RUNNING (stopped, or shut down after its stream threads failed)"
                                    : "")
                    .append('\n');
            if (!application.firstUnprocessed().isEmpty()) {
                b.append(application.down() ? "It stopped at" : "Next to process")
                        .append(" (first unprocessed record per partition):\n");
                application
                        .firstUnprocessed()
                        .forEach(r -> b.append("  ").append(r).append('\n'));
            }
        }
        if (!failedRecords.isEmpty()) {
            b.append("Records the application could not process (PROCESSING_FAILED): ")
                    .append(failedRecords.size())
                    .append(" (in no figure; see their dead letters)\n");
            list(b, failedRecords);
        }
        if (refusedBySumLimit > 0) {
            b.append(
                            "Statements the application refused for the sum limit (SUM_LIMIT_EXCEEDED, taken from its dead letters): ")
                    .append(refusedBySumLimit)
                    .append('\n');
        }
        if (appendedDuringCheck > 0) {
            b.append("Records appended to the inputs while checking (producers are running): ")
                    .append(appendedDuringCheck)
                    .append('\n');
        }
        b.append("Unaccounted records (neither used nor dead-lettered): ")
                .append(result.unaccounted().size())
                .append('\n');
        list(b, result.unaccounted());
        b.append("Dead letters naming a record that was not read: ")
                .append(result.phantomDeadLetters().size())
                .append('\n');
        list(b, result.phantomDeadLetters());
        b.append("Records dead-lettered more than once: ")
                .append(duplicateDeadLetters.size())
                .append('\n');
        list(b, duplicateDeadLetters);
        b.append("Figure mismatches (published vs recomputed): ")
                .append(result.figureMismatches().size())
                .append('\n');
        result.figureMismatches()
                .forEach((g, m) ->
                        b.append("  ").append(g).append(": ").append(m).append('\n'));
        if (!result.unchecked().isEmpty()) {
            b.append("Not recomputed (growth against a 2024 baseline): ")
                    .append(result.unchecked())
                    .append('\n');
        }
        b.append(
                        balanced()
                                ? "BALANCED"
                                : exitCode() == APPLICATION_DOWN
                                        ? "NOT BALANCED (the application is not running: restart it; see where it stopped above)"
                                        : exitCode() == NOT_CAUGHT_UP
                                                ? "NOT BALANCED (not settled: the application lags or producers are running; check again, or use --wait)"
                                                : "NOT BALANCED")
                .append(" in ")
                .append(took.toMillis())
                .append(" ms\n");
        return b.toString();
    }

    private static void list(StringBuilder b, Set<RecordId> ids) {
        if (!ids.isEmpty()) {
            b.append("  ")
                    .append(ids.stream()
                            .map(RecordId::toString)
                            .sorted()
                            .limit(20)
                            .collect(Collectors.joining(", ")))
                    .append(ids.size() > 20 ? ", ..." : "")
                    .append('\n');
        }
    }
}
