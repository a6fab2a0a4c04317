package city.ordos.plan.topics;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Record headers the report-file importer and web reporting put on the statements they publish, so
 * a figure can be traced back to the file and line it came from, and to the web submission that
 * carried it (time travel keeps them with each statement: the provenance of a source on a goal's
 * page). UTF-8 text; absent on statements from other producers.
 */
public final class ImportHeaders {

    /** The imported file's name (no directory). */
    public static final String FILE = "ordos-import-file";
    /** The row's line (CSV) or row number (Excel), 1-based, header included, as decimal text. */
    public static final String LINE = "ordos-import-line";
    /**
     * For a table submitted on the web: the approved submission's id, which names who submitted
     * and who approved it (the reporting page, the audit trail).
     */
    public static final String SUBMISSION = "ordos-submission";
    /** Who submitted that table (their sign-in name). */
    public static final String SUBMITTED_BY = "ordos-submitted-by";
    /** Who approved it. */
    public static final String APPROVED_BY = "ordos-approved-by";

    private ImportHeaders() {}

    public static Headers of(String file, long line) {
        return new RecordHeaders()
                .add(FILE, file.getBytes(StandardCharsets.UTF_8))
                .add(LINE, Long.toString(line).getBytes(StandardCharsets.UTF_8));
    }

    /** The headers of a row of a table submitted on the web and approved. */
    public static Headers of(String file, long line, String submissionId, String submittedBy, String approvedBy) {
        return of(file, line)
                .add(SUBMISSION, submissionId.getBytes(StandardCharsets.UTF_8))
                .add(SUBMITTED_BY, submittedBy.getBytes(StandardCharsets.UTF_8))
                .add(APPROVED_BY, approvedBy.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<String> file(Headers headers) {
        return text(headers, FILE);
    }

    public static Optional<String> submission(Headers headers) {
        return text(headers, SUBMISSION);
    }

    public static Optional<String> submittedBy(Headers headers) {
        return text(headers, SUBMITTED_BY);
    }

    public static Optional<String> approvedBy(Headers headers) {
        return text(headers, APPROVED_BY);
    }

    /** The line, when the header is there and a number. */
    public static Optional<Integer> line(Headers headers) {
        return text(headers, LINE).flatMap(t -> {
            try {
                return Optional.of(Integer.parseInt(t.trim()));
            } catch (NumberFormatException notALine) {
                return Optional.empty();
            }
        });
    }

    private static Optional<String> text(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null
                ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }
}
