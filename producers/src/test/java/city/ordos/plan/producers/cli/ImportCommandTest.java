package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.producers.ProducersCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The import command without a broker: dry runs and what it refuses before reading a row. */
class ImportCommandTest {

    private static String run(int[] status, String... args) {
        return capture(status, () -> ProducersCli.execute(args));
    }

    private static String capture(int[] status, IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            status[0] = command.getAsInt();
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
        assertThat(out)
                .as("each rejected row in Chinese, then in English with the validator's message")
                .contains("statistics-2025-09.csv 第 9 行 NO_MATCHING_GOAL：没有目标读取该数据（请核对指标代码或项目类别） / "
                        + "line 9 NO_MATCHING_GOAL: ")
                .contains("coal_price.level")
                .contains("statistics-2025-09.csv 第 7 行 NEGATIVE_AMOUNT：数值不能为负数 / line 7 NEGATIVE_AMOUNT: ");
        assertThat(out)
                .as("the summary in English and Chinese, and what each reason seen means")
                .contains("summary: statistics-2025-09.csv: 12 rows, 4 published, 8 rejected")
                .contains("汇总：statistics-2025-09.csv 共 12 行，发布 4 行，拒收 8 行")
                .contains("  INVALID_PERIOD ×1：统计期格式不正确 / the period is not one the importer reads");
        assertThat(out)
                .as("the progress line in Chinese, then in English")
                .containsPattern("导入 statistics-2025-09\\.csv：已处理 12 条，用时 [0-9.]+ 秒（每秒 [0-9,]+ 条），拒收 8 行 / "
                        + "import statistics-2025-09\\.csv: 12 done in [0-9.]+ s \\([0-9,]+/s\\), 8 rejected\n");
    }

    @Test
    void aFileMissingAColumnIsNamedInChineseAndEnglishAndExits2() throws Exception {
        int[] status = new int[1];
        String out = run(status, "import", "--dry-run", sample("investment-missing-columns.csv"));

        assertThat(status[0]).isEqualTo(2);
        assertThat(out)
                .contains("import: 文件 investment-missing-columns.csv 未导入 MISSING_COLUMN：表头缺少必需的列 / "
                        + "investment-missing-columns.csv not imported, MISSING_COLUMN: missing column 旗区")
                .doesNotContain("summary:");
    }

    @Test
    void anUnknownEncodingIsNamedInChineseAndEnglish() throws Exception {
        int[] status = new int[1];
        String out = run(status, "import", "--dry-run", "--encoding", "KLINGON-8", sample("statistics-2025-09.csv"));

        assertThat(status[0]).isEqualTo(2);
        assertThat(out).contains("UNKNOWN_ENCODING：无法识别指定的文字编码 / ").contains("unknown encoding 'KLINGON-8'");
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
    void aProducerSettingFromTheEnvironmentReachesTheImportersProducer() throws Exception {
        ImportCommand command = new ImportCommand();
        CommandLine commandLine = new CommandLine(command);
        command.connection.withEnvironment(Map.of("ORDOS_ACKS", "1"));
        String good = sample("investment-2025-06-good.csv");
        int[] status = new int[1];
        // max.block.ms: should ORDOS_ACKS not arrive, the send fails fast without a broker instead of waiting.
        String out = capture(status, () -> commandLine.execute("-b", "127.0.0.1:1", "-X", "max.block.ms=500", good));

        assertThat(out).contains("import: acks=1 would lose acknowledged events");
        assertThat(status[0]).as("refused before anything is read or sent").isEqualTo(2);
    }

    @Test
    void sendsThatFailEndInADeliveryLineInChineseAndEnglishAndExit1() throws Exception {
        int[] status = new int[1];
        // No broker listens there (the registry is in memory): every send fails once its wait for the cluster
        // (max.block.ms) ends.
        String out = run(
                status,
                "import",
                "-b",
                "127.0.0.1:1",
                "-r",
                "mock://delivery-line",
                "-X",
                "max.block.ms=200",
                sample("investment-2025-06-good.csv"));

        assertThat(out)
                .contains("投递：发送 8 条，送达 0 条，失败 8 条 / delivery: sent 8, delivered 0, failed 8")
                .containsPattern("  失败 / failed: ordos\\.investment-reports key ORD-[A-Z]+-[0-9]+: ");
        assertThat(status[0]).isEqualTo(1);
    }

    @Test
    void optionErrorsAreInChineseAndEnglishAndExit2() throws Exception {
        String file = sample("statistics-2025-09.csv");
        int[] status = new int[1];

        assertThat(run(status, "import", "--dry-runn", file))
                .contains("无法识别的选项：'--dry-runn' / Unknown option: '--dry-runn'")
                .as("picocli's suggestion for a mistyped option is kept")
                .contains("--dry-run");
        assertThat(status[0]).isEqualTo(2);

        assertThat(run(status, "import", "--dry-run"))
                .contains("缺少必需的选项或参数：'FILE' / Missing required parameter: 'FILE'")
                .as("then the usage")
                .contains("Usage: ordos-producers import");
        assertThat(status[0]).isEqualTo(2);

        assertThat(run(status, "import", "--dry-run", "--plan-year", "twenty", file))
                .contains("'--plan-year' 的值无效：'twenty' / Invalid value for option '--plan-year': "
                        + "'twenty' is not an int");
        assertThat(status[0]).isEqualTo(2);

        assertThat(run(status, "import", "--dry-run", "--encoding"))
                .contains("缺少必需的选项或参数：'--encoding' / Missing required parameter for option '--encoding'");
        assertThat(status[0]).isEqualTo(2);
    }

    @Test
    void anUnknownLayoutIsAUsageError() throws Exception {
        int[] status = new int[1];
        String out = run(status, "import", "--dry-run", "--layout", "budget", sample("statistics-2025-09.csv"));

        assertThat(status[0]).isEqualTo(2);
        assertThat(out).contains("layout must be auto, investment or statistics");
    }
}
