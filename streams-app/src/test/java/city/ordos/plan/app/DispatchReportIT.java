package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimulationRunner;
import city.ordos.plan.producers.sim.YearReplay;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monthly dispatch report over a simulated year (the restatements scenario, replayed in about
 * 15 s, plan clock following event time): month-end reports appear by themselves as the
 * year goes by, each measured against the one before; the June report asked for once the year is in
 * agrees with the API on every goal's figure and status and on what changed since May (statuses,
 * restated May figures, alerts fired in June); its workbook read with POI and its PDF read with
 * PDFBox say the same; asked again it is the same report; a new instance lists the same reports and
 * writes their files without making them again.
 */
class DispatchReportIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate MAY = LocalDate.parse("2025-05-31");
    private static final LocalDate JUNE = LocalDate.parse("2025-06-30");

    @Test
    void monthEndReportsComeByThemselvesAndAJuneReportAgreesWithTheApiInWorkbookAndPdf() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        List<GoalDefinition> catalog = BuiltInCatalog.goals();
        String appId = topics.prefix() + "reports";
        Map<String, String> settings = Map.of(
                ReportSettings.GRACE_DAYS, "3",
                ReportSettings.CHECK_INTERVAL_MS, "300",
                AppConfig.EVALUATE_INTERVAL_MS, "200");

        List<JsonNode> listed;
        try (Events events = new Events(kafka, topics);
                RunningApp app = new RunningApp(kafka, topics, appId, "stream", settings).start()) {
            events.catalog(catalog);
            app.awaitRunning();
            publishYear(topics, catalog, 12, scenario -> YearReplay.pacerFor(scenario, Duration.ofSeconds(15)));

            // Every month-end up to November reported by itself, each against the month before.
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                Set<String> months = new TreeSet<>();
                json(app, "/api/reports").get("reports").forEach(r -> {
                    if (r.get("kind").asText().equals("MONTH_END")) {
                        months.add(r.get("reportId").asText());
                    }
                });
                for (int m = 1; m <= 11; m++) {
                    assertThat(months).contains(String.format("ordos-2025/2025-%02d", m));
                }
            });
            for (int m = 2; m <= 11; m++) {
                assertThat(json(app, String.format("/api/reports/2025-%02d", m))
                                .at("/summary/previousReportId")
                                .asText())
                        .isEqualTo(String.format("ordos-2025/2025-%02d", m - 1));
            }
            assertThat(json(app, "/api/reports/2025-01")
                            .at("/summary/previousReportId")
                            .isNull())
                    .isTrue();
            awaitSettled(app);

            // June asked for now that the year is in: against the May month-end report as published.
            JsonNode june = JSON.readTree(generate(app, JUNE));
            JsonNode may = json(app, "/api/reports/2025-05");
            Map<String, JsonNode> apiJune =
                    byKey(json(app, "/api/goals?asOf=" + JUNE).get("goals"), "key");
            Map<String, JsonNode> apiMay =
                    byKey(json(app, "/api/goals?asOf=" + MAY).get("goals"), "key");
            Map<String, JsonNode> mayLines = byKey(may.get("goals"), "goalKey");
            assertThat(june.at("/summary/previousReportId").asText()).isEqualTo("ordos-2025/2025-05");
            assertThat(june.get("goals")).hasSize(catalog.size());

            Set<String> changed = new TreeSet<>();
            Set<String> restated = new TreeSet<>();
            for (JsonNode line : june.get("goals")) {
                String key = line.get("goalKey").asText();
                JsonNode now = apiJune.get(key);
                assertThat(line.get("status").asText())
                        .as(key)
                        .isEqualTo(now.get("status").asText());
                assertThat(decimal(line.get("actual"))).as(key).isEqualTo(decimal(now.get("actual")));
                JsonNode before = mayLines.get(key);
                assertThat(line.get("previousStatus").asText())
                        .as(key)
                        .isEqualTo(before.get("status").asText());
                assertThat(decimal(line.get("previousActual"))).as(key).isEqualTo(decimal(before.get("actual")));
                assertThat(decimal(line.get("previousActualNow")))
                        .as(key + " May as known now")
                        .isEqualTo(decimal(apiMay.get(key).get("actual")));
                if (!before.get("status").asText().equals(now.get("status").asText())) {
                    changed.add(key);
                }
                BigDecimal published = decimal(before.get("actual"));
                BigDecimal known = decimal(apiMay.get(key).get("actual"));
                if (published != null && known != null && published.compareTo(known) != 0) {
                    restated.add(key);
                }
            }
            assertThat(new TreeSet<>(texts(june.get("statusChanged")))).isEqualTo(changed);
            assertThat(new TreeSet<>(texts(june.get("restated")))).isEqualTo(restated);
            // Alerts that fired in June, as the goal pages list their episodes.
            Set<String> firedInJune = new TreeSet<>();
            Instant after = Instant.parse(may.at("/summary/asOfDate").asText() + "T15:59:59.999Z");
            Instant upTo = Instant.parse(JUNE + "T15:59:59.999Z");
            for (GoalDefinition g : catalog) {
                for (JsonNode e : json(app, "/api/goals/" + g.getGoalId() + "/page?asOf=" + JUNE)
                        .get("alerts")) {
                    Instant fired = Instant.parse(e.get("firedAt").asText());
                    if (fired.isAfter(after) && !fired.isAfter(upTo)) {
                        firedInJune.add(e.get("alertId").asText());
                    }
                }
            }
            Set<String> reportedNew = new TreeSet<>();
            june.get("newAlerts").forEach(a -> reportedNew.add(a.get("alertId").asText()));
            assertThat(reportedNew).isEqualTo(firedInJune);

            // The workbook (POI) and the PDF (PDFBox) say the same as the report.
            assertDocumentsAgree(app, catalog, apiJune, changed, restated, firedInJune);

            // Asked again from the same data: the same report.
            assertThat(generate(app, JUNE)).isEqualTo(june.toString());

            // The month-end reports' files are in the reports directory; keep June's as a sample.
            Path dir = Path.of(app.config.reportSettings().directory().toString(), "ordos-2025");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(dir.resolve("dispatch-report-2025-06.pdf"))
                            && Files.exists(dir.resolve("dispatch-report-2025-06.xlsx")));
            Path sample = Path.of("target", "sample-report");
            Files.createDirectories(sample);
            for (String f : List.of("dispatch-report-2025-06.pdf", "dispatch-report-2025-06.xlsx")) {
                Files.copy(dir.resolve(f), sample.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            listed = new ArrayList<>();
            json(app, "/api/reports").get("reports").forEach(listed::add);
        }

        // A new instance (state restored from the changelogs) lists the same reports and writes
        // their files from the topic, without making any again.
        try (RunningApp again = new RunningApp(kafka, topics, appId, "stream", settings).start()) {
            again.awaitRunning();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<JsonNode> now = new ArrayList<>();
                json(again, "/api/reports").get("reports").forEach(now::add);
                assertThat(now).isEqualTo(listed);
            });
            Path dir = Path.of(again.config.reportSettings().directory().toString(), "ordos-2025");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.exists(dir.resolve("dispatch-report-2025-11.pdf")));
            List<JsonNode> after = new ArrayList<>();
            json(again, "/api/reports").get("reports").forEach(after::add);
            assertThat(after).as("nothing made again").isEqualTo(listed);
        }
    }

    /**
     * A year already in the topics when the application starts (a reset, a new deployment, an
     * outage while the departments kept reporting), the plan clock at December 31 so that every
     * month is due at once: each month-end report waits until the year is processed, and so says
     * what the API says of that month-end now.
     */
    @Test
    void monthEndReportsOfAReplayedYearWaitUntilTheYearIsProcessed() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        List<GoalDefinition> catalog = BuiltInCatalog.goals();
        try (Events events = new Events(kafka, topics)) {
            events.catalog(catalog);
        }
        publishYear(topics, catalog, 120, scenario -> Pacer.unthrottled());

        Map<String, String> settings = Map.of(ReportSettings.GRACE_DAYS, "3", ReportSettings.CHECK_INTERVAL_MS, "100");
        try (RunningApp app =
                new RunningApp(kafka, topics, topics.prefix() + "replayed", "fixed:2025-12-31", settings).start()) {
            app.awaitRunning();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                long made = 0;
                for (JsonNode r : json(app, "/api/reports").get("reports")) {
                    made += r.get("kind").asText().equals("MONTH_END") ? 1 : 0;
                }
                assertThat(made).isEqualTo(12);
            });
            for (int m = 1; m <= 12; m++) {
                LocalDate monthEnd = LocalDate.of(2025, m, 1).plusMonths(1).minusDays(1);
                Map<String, JsonNode> api =
                        byKey(json(app, "/api/goals?asOf=" + monthEnd).get("goals"), "key");
                JsonNode report = json(app, String.format("/api/reports/2025-%02d", m));
                assertThat(report.get("goals")).hasSize(catalog.size());
                for (JsonNode line : report.get("goals")) {
                    String key = line.get("goalKey").asText();
                    assertThat(decimal(line.get("actual")))
                            .as(monthEnd + " " + key)
                            .isEqualTo(decimal(api.get(key).get("actual")));
                    assertThat(line.get("status").asText())
                            .as(monthEnd + " " + key)
                            .isEqualTo(api.get(key).get("status").asText());
                }
            }
        }
    }

    /**
     * A year of the restatements scenario (a fifth of the reports restated, no defects) from
     * {@code majorProjects} major projects and twice as many others, sent at the pacer's pace.
     */
    private static void publishYear(
            OrdosTopics topics, List<GoalDefinition> catalog, int majorProjects, Function<ScenarioConfig, Pacer> pace) {
        ScenarioConfig scenario = ScenarioConfig.builder(Scenario.RESTATEMENTS, catalog)
                .topics(topics)
                .majorProjects(majorProjects)
                .otherProjects(2 * majorProjects)
                .dirtyShare(0)
                .restatementShare(0.2)
                .build();
        Map<String, Object> producerConfig = new HashMap<>();
        kafka.producerProperties().forEach((k, v) -> producerConfig.put(k.toString(), v));
        producerConfig.put("schema.registry.url", kafka.schemaRegistryUrl());
        try (EventPublisher publisher = new EventPublisher(producerConfig, true)) {
            SimulationRunner.run(
                    scenario,
                    publisher,
                    pace.apply(scenario),
                    0,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
    }

    /** Waits until the figures stop moving (the replay's last events are processed). */
    private static void awaitSettled(RunningApp app) {
        String[] last = {""};
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    String now = body(app, "/api/goals?asOf=" + JUNE) + body(app, "/api/goals?asOf=" + MAY);
                    boolean same = now.equals(last[0]);
                    last[0] = now;
                    return same;
                });
    }

    private static int dataRows(Sheet sheet) {
        int header = -1;
        int rows = 0;
        for (Row row : sheet) {
            if (header < 0) {
                if (row.getRowNum() > 0 && row.getCell(0) != null && row.getCell(1) != null) {
                    header = row.getRowNum();
                }
            } else {
                rows++;
            }
        }
        return rows;
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String field) {
        Map<String, JsonNode> out = new HashMap<>();
        array.forEach(n -> out.put(n.get(field).asText(), n));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    /** The June report's workbook (read with POI) and PDF (read with PDFBox) say what the API says. */
    private static void assertDocumentsAgree(
            RunningApp app,
            List<GoalDefinition> catalog,
            Map<String, JsonNode> apiJune,
            Set<String> changed,
            Set<String> restated,
            Set<String> firedInJune)
            throws Exception {
        byte[] xlsx = bytes(app, "/api/reports/2025-06-30/workbook");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Map<String, Integer> counts = new TreeMap<>();
            Sheet overview = wb.getSheet("总览");
            for (Row row : overview) {
                if (row.getCell(1) != null && row.getCell(1).getCellType() == CellType.NUMERIC) {
                    counts.put(row.getCell(0).getStringCellValue(), (int)
                            row.getCell(1).getNumericCellValue());
                }
            }
            Map<String, Integer> apiCounts = new TreeMap<>();
            Map<String, String> zh = Map.of(
                    "ACHIEVED",
                    "已完成",
                    "ON_TRACK",
                    "正常",
                    "AT_RISK",
                    "有风险",
                    "BEHIND",
                    "滞后",
                    "NO_DATA",
                    "无数据",
                    "STALE",
                    "数据过期");
            zh.values().forEach(v -> apiCounts.put(v, 0));
            apiJune.values().forEach(g -> apiCounts.merge(zh.get(g.get("status").asText()), 1, Integer::sum));
            assertThat(counts).as("totals by status").isEqualTo(apiCounts);
            Sheet goals = wb.getSheet("二、分项指标进展");
            Map<String, String> statusByName = new HashMap<>();
            for (Row row : goals) {
                if (row.getRowNum() > 3 && row.getCell(9) != null) {
                    statusByName.put(
                            row.getCell(1).getStringCellValue(), row.getCell(9).getStringCellValue());
                }
            }
            for (GoalDefinition g : catalog) {
                assertThat(statusByName.get(g.getNameZh()))
                        .as(g.getGoalId())
                        .isEqualTo(zh.get(apiJune.get("ordos-2025/" + g.getGoalId())
                                .get("status")
                                .asText()));
            }
            assertThat(dataRows(wb.getSheet("状态变化"))).isEqualTo(changed.size());
            assertThat(dataRows(wb.getSheet("数据更正引起的上期数值变化"))).isEqualTo(restated.size());
            assertThat(dataRows(wb.getSheet("新增预警"))).isEqualTo(firedInJune.size());
        }
        byte[] pdf = bytes(app, "/api/reports/2025-06-30/pdf");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("调度通报")
                    .contains("2025-06-30")
                    .contains("三、与上期相比的变化")
                    .contains("状态变化（" + changed.size() + "）")
                    .contains("数据更正引起的上期数值变化（" + restated.size() + "）")
                    .contains("新增预警（" + firedInJune.size() + "）");
            for (String key : restated) {
                String name = catalog.stream()
                        .filter(g -> key.endsWith("/" + g.getGoalId()))
                        .findFirst()
                        .orElseThrow()
                        .getNameZh();
                assertThat(text.replace("\n", "")).as("restated goal named").contains(name);
            }
        }
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() ? null : n.decimalValue().stripTrailingZeros();
    }

    private static String generate(RunningApp app, LocalDate day) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url("/api/reports?date=" + day)))
                        .header("Authorization", "Bearer " + RunningApp.TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).toString();
    }

    private static JsonNode json(RunningApp app, String path) throws Exception {
        return JSON.readTree(body(app, path));
    }

    private static String body(RunningApp app, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url(path))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static byte[] bytes(RunningApp app, String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }
}
