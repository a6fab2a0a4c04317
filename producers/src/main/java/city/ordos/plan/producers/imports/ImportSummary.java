package city.ordos.plan.producers.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of importing one file.
 *
 * @param rejectedByReason rejected rows per reason code
 * @param rejections       each rejected row as the console shows it ({@link RejectReason#rowLine}), in file order
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

    /**
     * The summary for the console: in English, in Chinese, then what each reason seen means in both,
     * e.g. {@code   BAD_ROW ×1：该行无法读取 / the row cannot be read}.
     */
    public List<String> consoleLines() {
        List<String> lines = new ArrayList<>();
        lines.add("summary: " + this);
        lines.add("汇总：" + file + " 共 " + rows + " 行，发布 " + published + " 行，拒收 " + rejected() + " 行");
        rejectedByReason.forEach((code, count) -> {
            RejectReason reason = RejectReason.valueOf(code);
            lines.add("  " + code + " ×" + count + "：" + reason.zh() + " / " + reason.en());
        });
        return lines;
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
