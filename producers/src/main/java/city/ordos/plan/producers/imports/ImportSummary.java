package city.ordos.plan.producers.imports;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of importing one file.
 *
 * @param rejectedByReason rejected rows per reason code
 * @param rejections       "line N: REASON message" for each rejected row, in file order
 */
public record ImportSummary(
        String file,
        String encodingNote,
        long rows,
        long published,
        Map<String, Long> rejectedByReason,
        List<String> rejections,
        double seconds) {

    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        String reasons = rejectedByReason.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return file + ": " + rows + " rows, " + published + " published, " + rejected() + " rejected"
                + (reasons.isEmpty() ? "" : " (" + reasons + ")");
    }
}
