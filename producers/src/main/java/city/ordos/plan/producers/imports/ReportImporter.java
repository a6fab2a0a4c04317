package city.ordos.plan.producers.imports;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.producers.ConsoleText;
import city.ordos.plan.producers.Progress;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports a report table (an investment report or a statistics release, see {@link TableLayout}):
 * every row is validated; good rows are published as {@code InvestmentReport} or
 * {@code StatisticsRelease} events, bad rows are reported with file, line and reason and sent to
 * the dead-letter topic with the raw row, and the import goes on.
 */
public final class ReportImporter {

    private static final int LISTED_REJECTIONS = 1000;

    private final ImportSink sink;
    private final Clock clock;
    private final PrintStream out;

    public ReportImporter(ImportSink sink, Clock clock, PrintStream out) {
        this.sink = sink;
        this.clock = clock;
        this.out = out;
    }

    /**
     * @param encoding {@code auto} (UTF-8, else GBK/GB18030) or an explicit charset name
     * @param options  the table layout (or auto) and what its validator needs
     * @throws ImportException when the file cannot be read at all; nothing is published then
     */
    public ImportSummary importFile(Path file, String encoding, TableLayout.Options options) throws ImportException {
        try (ReportTable table = ReportTable.open(file, encoding)) {
            if (table.note() != null) {
                out.println("注意 note: " + table.note());
            }
            RowValidator validator = options.validatorFor(table.header());
            Progress progress =
                    new Progress(out, new ConsoleText("导入 " + table.fileName(), "import " + table.fileName()), 5);
            Map<String, Long> byReason = new TreeMap<>();
            List<String> rejections = new ArrayList<>();
            long rows = 0;
            long published = 0;
            Iterator<RawRow> it = table.rows();
            while (it.hasNext()) {
                RawRow row = it.next();
                rows++;
                RowOutcome outcome = validator.validate(row);
                if (outcome instanceof RowOutcome.Accepted a) {
                    sink.publish(a.key(), a.event(), table.fileName(), row.line());
                    published++;
                } else {
                    RowOutcome.Rejected r = (RowOutcome.Rejected) outcome;
                    byReason.merge(r.reasonCode(), 1L, Long::sum);
                    String line = table.fileName() + " " + r.reason().rowLine(row.line(), r.message());
                    if (rejections.size() < LISTED_REJECTIONS) {
                        rejections.add(line);
                        out.println(line);
                    }
                    String key = validator.keyOf(row);
                    sink.reject(
                            key.isEmpty() ? table.fileName() + ":" + row.line() : key,
                            deadLetter(table.fileName(), row, key, r));
                }
                long errors = rows - published;
                progress.tick(rows, () -> new ConsoleText("已拒收 " + errors + " 行", errors + " rejected so far"));
            }
            ImportSummary summary = new ImportSummary(
                    table.fileName(), table.note(), rows, published, byReason, rejections, progress.elapsedSeconds());
            out.println(progress.line(
                    rows, new ConsoleText("拒收 " + (rows - published) + " 行", (rows - published) + " rejected")));
            return summary;
        } catch (ImportException e) {
            throw e;
        } catch (Exception e) {
            throw new ImportException(RejectReason.UNREADABLE_FILE, file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private DeadLetter deadLetter(String fileName, RawRow row, String key, RowOutcome.Rejected r) {
        return DeadLetter.newBuilder()
                .setSourceFile(fileName)
                .setSourceLine(row.line())
                .setOriginalKey(key.isEmpty() ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(row.raw().getBytes(StandardCharsets.UTF_8)))
                .setReasonCode(r.reasonCode())
                .setMessage(fileName + " line " + row.line() + ": " + r.message() + " / "
                        + r.reason().zh())
                .setComponent("importer")
                .setDeadLetteredAt(clock.instant())
                .build();
    }
}
