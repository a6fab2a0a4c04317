package city.ordos.plan.reports;

import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.ReportGoal;
import city.ordos.plan.export.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every report as files in the reports directory, {@code <plan>/dispatch-report-<day>.xlsx}
 * and {@code .pdf} (Chinese, as issued), written whole (temporary file, then moved). A file is
 * rendered again only when the report's content changed: a sidecar holds the content's SHA-256.
 */
public final class ReportFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);

    private final Path directory;
    private final ReportDocuments documents;

    public ReportFiles(Path directory, ReportDocuments documents) {
        this.directory = directory;
        this.documents = documents;
    }

    /** The file of a report: {@code ext} xlsx or pdf. */
    public Path file(DispatchReport r, String ext) {
        String id = r.getReportId();
        String day = id.substring(id.indexOf('/') + 1);
        return directory.resolve(r.getPlanId()).resolve("dispatch-report-" + day + "." + ext);
    }

    /** Writes the report's files unless they already hold this content. */
    public void write(DispatchReport r) {
        Path xlsx = file(r, "xlsx");
        Path pdf = file(r, "pdf");
        Path stamp = file(r, "sha256");
        String content = fingerprint(r);
        try {
            if (Files.exists(xlsx)
                    && Files.exists(pdf)
                    && Files.exists(stamp)
                    && Files.readString(stamp).strip().equals(content)) {
                return;
            }
            Files.createDirectories(xlsx.getParent());
            Labels zh = new Labels(Labels.Lang.ZH);
            replace(xlsx, documents.workbook(r, zh));
            replace(pdf, documents.pdf(r, zh));
            replace(stamp, (content + "\n").getBytes(StandardCharsets.UTF_8));
            LOG.info("Report {} written to {} and {}", r.getReportId(), xlsx, pdf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of report " + r.getReportId(), e);
        }
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        // Created with the process's umask (readable by whoever reads the directory), not as a private temp file.
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * SHA-256 of the report's Avro encoding with its maps in key order (a record read back from the
     * topic holds them in hash order): equal for equal content.
     */
    public static String fingerprint(DispatchReport r) {
        DispatchReport canonical = DispatchReport.newBuilder(r).build();
        for (ReportGoal g : canonical.getGoals()) {
            g.setByCounty(new TreeMap<>(g.getByCounty()));
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(DispatchReport.class).write(canonical, encoder);
            encoder.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
