package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.producers.ProducersCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import command without a broker: dry runs and what it refuses before reading a row. */
class ImportCommandTest {

    private static String run(int[] status, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            status[0] = ProducersCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String sample(String name) throws URISyntaxException {
        return Path.of(ImportCommandTest.class.getResource("/imports/" + name).toURI())
                .toString();
    }

    @Test
    void aDryRunOfAStatisticsTableReportsItsRowsAndRejectionsAndExits3() throws Exception {
        int[] status = new int[1];
        String out = run(status, "import", "--dry-run", sample("statistics-2025-09.csv"));

        assertThat(status[0]).isEqualTo(3);
        assertThat(out).contains("statistics-2025-09.csv:9: NO_MATCHING_GOAL").contains("coal_price.level");
    }

    @Test
    void aCatalogFileThatCannotBeReadIsAUsageErrorAndNothingIsImported(@TempDir Path dir) throws Exception {
        int[] status = new int[1];
        String out = run(
                status,
                "import",
                "--dry-run",
                "--catalog",
                dir.resolve("missing.yaml").toString(),
                sample("statistics-2025-09.csv"));

        assertThat(status[0]).isEqualTo(2);
        assertThat(out).contains("cannot read catalog").doesNotContain("summary:");
    }

    @Test
    void anUnknownLayoutIsAUsageError() throws Exception {
        int[] status = new int[1];
        String out = run(status, "import", "--dry-run", "--layout", "budget", sample("statistics-2025-09.csv"));

        assertThat(status[0]).isEqualTo(2);
        assertThat(out).contains("layout must be auto, investment or statistics");
    }
}
