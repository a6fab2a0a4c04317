package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.producers.ProducersCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void bundledCatalogIsValid() {
        assertThat(ProducersCli.execute("catalog", "validate")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("plan ordos-2025, 69 goals, valid");
    }

    @Test
    void invalidFileListsEveryErrorAndExitsWith2(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                planId: bad-2025
                planYear: 2025
                sections: {"1": {titleZh: 测试, titleEn: Test}}
                goals:
                  - id: gas
                    section: "1"
                    phraseZh: 天然气
                    nameZh: 天然气
                    nameEn: Gas
                    unit: 亿桶
                    comparator: AT_LEAST
                    target: 310
                    kind: CUMULATIVE
                    department: 能源局
                    feed: {stream: ENERGY, metric: energy.outptu, statement: PERIOD_FLOW, unit: 亿立方米}
                    pace: LINEAR
                    cadenceDays: 35
                """, StandardCharsets.UTF_8);
        assertThat(ProducersCli.execute("catalog", "validate", "--file", file.toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("2 error(s)")
                .contains("gas.unit: unknown unit '亿桶'")
                .contains("gas.feed.metric: no ENERGY event has metric 'energy.outptu'");
    }

    @Test
    void invalidFileIsNotPublished(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, "planId: x-2025\nplanYear: 2025\nsections: {}\ngoals: []\n", StandardCharsets.UTF_8);
        // an unreachable broker: the command must stop at validation and never try it
        assertThat(ProducersCli.execute(
                        "catalog", "publish", "--file", file.toString(), "-b", "127.0.0.1:1", "--timeout", "PT1S"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("empty.yaml")
                .doesNotContain("catalog publish:")
                .contains("plan.goals: the catalog has no goals");
    }
}
