package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.notify.SilenceJournal;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.metrics.AppMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A goal's current figure has one source, the owner's progress store (docs/adr/0010): here the
 * live feed has heard a newer figure than the store holds (as it may for a moment, in either
 * direction), and every route, export and gauge that shows the current figure still shows the
 * store's.
 * Would a route answer from the feed again, the two would disagree and this test fails.
 */
class OneReadModelTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAI = "ordos-2025/fai";
    private static final Pattern RATIO =
            Pattern.compile("^ordos_goal_progress_ratio\\{[^}]*goal=\"fai\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private AppMetrics metrics;
    private ApiServer.Parts parts;
    private ApiServer server;

    @BeforeEach
    void start() {
        metrics = new AppMetrics("one-read-model-test");
        ObjectMapper json = ApiRuntime.objectMapper();
        parts = SampleApi.parts(
                json,
                new SilenceRegistry(Clock.systemUTC(), SilenceJournal.NONE),
                () -> KafkaStreams.State.RUNNING,
                metrics);
        // The store holds fai at 30 of 100 (AT_RISK, July); the feed has heard 45 (ON_TRACK, August).
        GoalProgress heardOnTheFeed = Samples.progress(
                "fai",
                "3",
                "固定资产投资",
                "45",
                "100",
                GoalStatus.ON_TRACK,
                Instant.parse("2025-08-10T04:00:00Z"),
                Map.of());
        parts.history().add(heardOnTheFeed);
        server = new ApiServer(
                        new ApiServer.Settings("127.0.0.1", 0, SampleApi.TOKEN, Samples.PLAN),
                        parts,
                        json,
                        new ApiSecurity(
                                ApiSecurity.Settings.tokenOnly(SampleApi.TOKEN, true),
                                new RecordingAuditTrail(),
                                Clock.systemUTC()))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void everyRouteShowingTheCurrentFigureReadsTheProgressStore() throws Exception {
        assertThat(fai(json("/api/goals").get("goals")).get("actual").decimalValue())
                .isEqualByComparingTo("30");
        JsonNode detail = json("/api/goals/fai");
        assertThat(detail.get("progress").get("actual").decimalValue()).isEqualByComparingTo("30");
        assertThat(detail.get("progress").get("status").asText()).isEqualTo("AT_RISK");
        // History is the feed's fact: its last point is the figure the feed heard.
        assertThat(detail.get("history")
                        .get(detail.get("history").size() - 1)
                        .get("actual")
                        .decimalValue())
                .isEqualByComparingTo("45");
        assertThat(fai(json("/api/dashboard").get("goals")).get("actual").decimalValue())
                .isEqualByComparingTo("30");
        assertThat(json("/api/goals/fai/page").get("progress").get("actual").decimalValue())
                .isEqualByComparingTo("30");
        String department = URLEncoder.encode("市发展和改革委员会", StandardCharsets.UTF_8);
        assertThat(fai(json("/api/departments/" + department).get("goals"))
                        .get("actual")
                        .decimalValue())
                .isEqualByComparingTo("30");
        assertThat(fai(json("/api/counties/DONGSHENG").get("goals"))
                        .get("goal")
                        .get("actual")
                        .decimalValue())
                .isEqualByComparingTo("30");
    }

    @Test
    void theLiveGoalListWorkbookHoldsTheStoresFigure() throws Exception {
        HttpResponse<byte[]> r =
                HTTP.send(request("/api/export/goals?lang=en"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            Sheet sheet = wb.getSheet("Goals");
            Row header = null;
            Row fai = null;
            for (Row row : sheet) {
                Cell first = row.getCell(0);
                if (first != null
                        && first.getCellType() == CellType.STRING
                        && first.getStringCellValue().equals("Section")) {
                    header = row;
                }
                for (Cell c : row) {
                    if (c.getCellType() == CellType.STRING
                            && c.getStringCellValue().equals("fai")) {
                        fai = row;
                    }
                }
            }
            assertThat(header).as("header row").isNotNull();
            assertThat(fai).as("fai's row").isNotNull();
            int actual = -1;
            for (Cell c : header) {
                if (c.getCellType() == CellType.STRING && c.getStringCellValue().equals("Actual")) {
                    actual = c.getColumnIndex();
                }
            }
            assertThat(fai.getCell(actual).getNumericCellValue()).isEqualTo(30.0);
        }
    }

    @Test
    void theGoalGaugesShowTheStoresFigureAndOnlyForGoalsThisInstanceOwns() throws Exception {
        assertThat(ratio(scrape())).isEqualTo(0.3);

        // fai's partition moved to another instance: its owner exports it now, this one does not.
        ((InMemoryGoalState) parts.goals()).progress.remove(FAI);
        assertThat(RATIO.matcher(scrape()).find()).isFalse();
        assertThat(scrape()).contains("ordos_goal_status{").contains("goal=\"wind\"");
    }

    private static double ratio(String scrape) {
        Matcher m = RATIO.matcher(scrape);
        assertThat(m.find()).as("fai's ratio gauge in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static JsonNode fai(JsonNode goals) {
        for (JsonNode g : goals) {
            JsonNode figure = g.has("goal") ? g.get("goal") : g;
            if (figure.get("key").asText().equals(FAI)) {
                return g;
            }
        }
        throw new AssertionError("no " + FAI + " in " + goals);
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + SampleApi.TOKEN)
                .GET()
                .build();
    }
}
