package city.ordos.plan.api;

import static city.ordos.plan.api.Samples.dec;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.notify.Silence;
import city.ordos.plan.alerts.notify.SilenceJournal;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.dashboard.DashboardStream;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.progress.PlanCalendar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml stays true: the routes the server registers are exactly the documented
 * operations, and every documented JSON answer has the documented fields (no more, no fewer, of the
 * documented types). The HTTP layer runs over in-memory state here; the ITs run it over Kafka Streams.
 */
class OpenApiContractTest {

    private static final String TOKEN = "s3cret-token";
    private static final Instant JULY = Instant.parse("2025-07-01T04:00:00Z");
    /** The plan clock's now in this test. */
    private static final Instant TODAY = Instant.parse("2025-08-20T04:00:00Z");

    private static final AtomicReference<KafkaStreams.State> STREAMS =
            new AtomicReference<>(KafkaStreams.State.RUNNING);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The alert-silences topic refuses changes for the wind goal (as when the broker is unreachable). */
    private static final SilenceJournal WIND_UNRECORDABLE = new SilenceJournal() {
        @Override
        public void recordSilence(Silence silence) {
            if (silence.goalKey().endsWith("/wind")) {
                throw new NotRecordedException("cannot record the silence of " + silence.goalKey(), null);
            }
        }

        @Override
        public void recordLift(String goalKey) {}
    };

    private static OpenApiContract contract;
    private static ApiServer server;
    private static AppMetrics metrics;

    @BeforeAll
    static void start() throws IOException {
        contract = new OpenApiContract(OpenApiContract.locate());
        InMemoryGoalState goals = new InMemoryGoalState();
        goals.put(
                Samples.progress(
                        "fai",
                        "3",
                        "固定资产投资",
                        "30",
                        "100",
                        GoalStatus.AT_RISK,
                        JULY,
                        Map.of("DONGSHENG", dec("20"), "KANGBASHI", dec("10"))),
                List.of(new Views.Contribution(
                        "FEED",
                        "project-1",
                        "亿元",
                        dec("20"),
                        1,
                        "DONGSHENG",
                        "2025-06-30T16:00:00Z",
                        "2025-07-01T01:00:00Z",
                        "e-1",
                        "ordos.investment-reports",
                        2,
                        41L)));
        goals.put(Samples.progress("wind", "5", "风电装机", null, "500", GoalStatus.NO_DATA, JULY, Map.of()), List.of());
        HistoryBuffer history = new HistoryBuffer(400);
        history.add(Samples.progress(
                "fai",
                "3",
                "固定资产投资",
                "10",
                "100",
                GoalStatus.ON_TRACK,
                Instant.parse("2025-04-01T04:00:00Z"),
                Map.of()));
        history.add(goals.progress.get("ordos-2025/fai"));
        AlertBoard alerts = new AlertBoard(10);
        alerts.add(Samples.alert("fai", AlertState.FIRING, 1, JULY));
        CatalogView catalog = new CatalogView();
        catalog.put("ordos-2025/fai", Samples.definition("fai", "3", "固定资产投资", "Fixed-asset investment", "100"));
        catalog.put("ordos-2025/wind", Samples.definition("wind", "5", "风电装机", "Wind capacity", "500"));
        metrics = new AppMetrics("contract-test");
        AlertLog alertLog = new AlertLog(100);
        alertLog.add(Samples.alert("fai", AlertState.FIRING, 1, JULY));
        InMemoryTimelineShare timeline = new InMemoryTimelineShare();
        timeline.delta("ordos-2025/fai", LocalDate.parse("2025-03-31"), delta("10", "DONGSHENG", 1, "2025-03-31"));
        timeline.delta("ordos-2025/fai", LocalDate.parse("2025-06-30"), delta("20", "KANGBASHI", 1, "2025-06-30"));
        timeline.shown(goals.progress.get("ordos-2025/fai"));
        timeline.sources.put(
                "ordos-2025/fai",
                List.of(new TimelineShare.SourceView(
                        "FEED",
                        "P-1",
                        null,
                        dec("20"),
                        1,
                        "KANGBASHI",
                        "2025-06-30T15:59:59.999Z",
                        "2025-07-03T15:59:59.999Z",
                        "e-2",
                        "ordos.investment-reports",
                        1,
                        7L,
                        "investment-2025-06.csv",
                        12,
                        1)));
        timeline.restatements.put(
                "ordos-2025/fai",
                List.of(new TimelineShare.RestatementView(
                        "FEED",
                        "P-1",
                        null,
                        "亿元",
                        "KANGBASHI",
                        "2025-06-30T15:59:59.999Z",
                        1,
                        dec("25"),
                        "2025-07-03T15:59:59.999Z",
                        "e-1",
                        "ordos.investment-reports",
                        1,
                        5L,
                        dec("20"),
                        "2025-07-20T15:59:59.999Z",
                        "e-2",
                        "ordos.investment-reports",
                        1,
                        7L)));
        ObjectMapper json = ApiRuntime.objectMapper();
        server = new ApiServer(
                        new ApiServer.Settings("127.0.0.1", 0, TOKEN, Samples.PLAN),
                        new ApiServer.Parts(
                                goals,
                                history,
                                alerts,
                                catalog,
                                new SilenceRegistry(Clock.systemUTC(), WIND_UNRECORDABLE),
                                STREAMS::get,
                                metrics,
                                new DashboardStream(json),
                                new TimeTravel(
                                        timeline,
                                        goals,
                                        new Forwarder(json),
                                        catalog,
                                        alertLog,
                                        history,
                                        new TimeTravel.Settings(PlanCalendar.of(2025), () -> TODAY, 1, 1))),
                        json)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsRegistered() {
        assertThat(server.routes()).containsExactlyInAnyOrderElementsOf(contract.operations());
    }

    @Test
    void everyJsonAnswerHasTheDocumentedFields() throws Exception {
        assertDocumented("GET", "/api/goals", "/api/goals", 200);
        assertDocumented(
                "GET", "/api/goals", "/api/goals?county=" + URLEncoder.encode("东胜区", StandardCharsets.UTF_8), 200);
        assertDocumented("GET", "/api/goals", "/api/goals?county=atlantis", 400);
        assertDocumented("GET", "/api/goals/{goalId}", "/api/goals/fai", 200);
        assertDocumented("GET", "/api/goals/{goalId}", "/api/goals/wind", 200);
        assertDocumented("GET", "/api/goals/{goalId}", "/api/goals/nope", 404);
        assertDocumented("GET", "/api/goals/{goalId}/contributions", "/api/goals/fai/contributions", 200);
        assertDocumented("GET", "/api/alerts", "/api/alerts", 200);
        assertDocumented("GET", "/api/catalog", "/api/catalog", 200);
        assertDocumented("GET", "/api/silences", "/api/silences", 200);
        assertDocumented("GET", "/api/dashboard", "/api/dashboard", 200);
        assertDocumented("GET", "/health", "/health", 200);
        assertDocumented("GET", "/ready", "/ready", 200);
    }

    @Test
    void pastMomentsDrillDownsAndSharesHaveTheDocumentedFields() throws Exception {
        assertDocumented("GET", "/api/goals", "/api/goals?asOf=2025-06-30", 200);
        assertDocumented("GET", "/api/goals", "/api/goals?knownAt=2025-07-05", 200);
        assertDocumented("GET", "/api/goals/{goalId}", "/api/goals/fai?asOf=2025-06-30", 200);
        assertDocumented("GET", "/api/goals/{goalId}", "/api/goals/fai?knownAt=2025-07-05T12:00:00%2B08:00", 200);
        assertDocumented("GET", "/api/dashboard", "/api/dashboard?asOf=2025-06-30", 200);
        assertDocumented("GET", "/api/dashboard", "/api/dashboard?knownAt=2025-07-05", 200);
        assertDocumented("GET", "/api/goals/{goalId}/sources", "/api/goals/fai/sources?asOf=2025-06-30", 200);
        assertDocumented("GET", "/api/goals/{goalId}/sources", "/api/goals/fai/sources", 200);
        assertDocumented("GET", "/api/goals/{goalId}/restatements", "/api/goals/fai/restatements", 200);
        assertDocumented(
                "GET", "/api/goals/{goalId}/history", "/api/goals/fai/history?from=2025-06-01&to=2025-06-30", 200);
        assertDocumented("GET", "/api/goals/{goalId}/page", "/api/goals/fai/page?asOf=2025-07-01", 200);
        assertDocumented("GET", "/api/goals/{goalId}/page", "/api/goals/fai/page?knownAt=2025-07-05", 200);
        assertDocumented("GET", "/api/counties/{county}", "/api/counties/KANGBASHI?asOf=2025-06-30", 200);
        assertDocumented(
                "GET",
                "/api/counties/{county}",
                "/api/counties/" + URLEncoder.encode("东胜区", StandardCharsets.UTF_8),
                200);
        assertDocumented("GET", "/api/departments", "/api/departments?knownAt=2025-07-05", 200);
        assertDocumented(
                "GET",
                "/api/departments/{department}",
                "/api/departments/"
                        + URLEncoder.encode("市发展和改革委员会", StandardCharsets.UTF_8).replace("+", "%20")
                        + "?asOf=2025-07-01",
                200);
        assertDocumented("GET", "/api/projects", "/api/projects?q=p-&asOf=2025-06-30", 200);
        assertDocumented("GET", "/api/internal/timeline/totals", "/api/internal/timeline/totals?date=2025-06-30", 200);
        assertDocumented(
                "GET", "/api/internal/timeline/all-days", "/api/internal/timeline/all-days?through=2025-06-30", 200);
        assertDocumented(
                "GET",
                "/api/internal/timeline/days",
                "/api/internal/timeline/days?goal=ordos-2025%2Ffai&through=2025-06-30",
                200);
        assertDocumented(
                "GET",
                "/api/internal/timeline/sources",
                "/api/internal/timeline/sources?goal=ordos-2025%2Ffai&date=2025-06-30",
                200);
        assertDocumented(
                "GET",
                "/api/internal/timeline/restatements",
                "/api/internal/timeline/restatements?goal=ordos-2025%2Ffai",
                200);
        assertDocumented(
                "GET",
                "/api/internal/timeline/shown",
                "/api/internal/timeline/shown?knownAt=2025-07-05T00:00:00Z",
                200);
        assertDocumented(
                "GET",
                "/api/internal/timeline/shown-series",
                "/api/internal/timeline/shown-series?goal=ordos-2025%2Ffai&from=2025-01-01T00:00:00Z&to=2025-08-01T00:00:00Z",
                200);
    }

    @Test
    void aPastDayIsRebuiltFromItsDeltas() throws Exception {
        JsonNode june = JSON.readTree(get("/api/goals/fai?asOf=2025-06-30").body());
        assertThat(june.at("/progress/actual").decimalValue()).isEqualByComparingTo("30");
        assertThat(june.at("/progress/byCounty/KANGBASHI").decimalValue()).isEqualByComparingTo("20");
        assertThat(june.at("/progress/computedAt").isNull()).isTrue();
        JsonNode may = JSON.readTree(get("/api/goals/fai?asOf=2025-05-31").body());
        assertThat(may.at("/progress/actual").decimalValue()).isEqualByComparingTo("10");
        assertThat(may.get("history")).hasSize(151);
        JsonNode march = JSON.readTree(get("/api/goals/fai?asOf=2025-03-30").body());
        assertThat(march.at("/progress/status").asText()).isEqualTo("NO_DATA");
    }

    @Test
    void badMomentsAndUnknownThingsAreClientErrorsThatSayWhy() throws Exception {
        Map<String, Integer> bad = new java.util.LinkedHashMap<>();
        bad.put("/api/goals?asOf=yesterday", 400);
        bad.put("/api/goals?asOf=2025-13-01", 400);
        bad.put("/api/goals?asOf=2024-12-31", 400);
        bad.put("/api/goals?asOf=2025-12-31", 400); // after the plan clock's today
        bad.put("/api/goals?asOf=2025-06-30&knownAt=2025-07-05", 400);
        bad.put("/api/goals?knownAt=2025-07-05T25:00:00Z", 400);
        bad.put("/api/goals?knownAt=2026-01-01T00:00:00Z", 400);
        bad.put("/api/goals/fai?asOf=99999-01-01", 400);
        bad.put("/api/dashboard?knownAt=2025-09-01", 400);
        bad.put("/api/goals/nope/page?asOf=2025-06-30", 404);
        bad.put("/api/goals/nope/sources", 404);
        bad.put("/api/goals/nope/restatements", 404);
        bad.put("/api/goals/fai/sources?knownAt=2025-07-05", 400);
        bad.put("/api/goals/fai/sources?limit=0", 400);
        bad.put("/api/goals/fai/sources?limit=100000000", 400);
        bad.put("/api/goals/fai/history?from=0001-01-01&to=9999-12-31", 400);
        bad.put("/api/goals/fai/history?from=2025-07-01&to=2025-06-01", 400);
        bad.put("/api/goals/fai/history?from=2025-06-01&to=2025-09-01", 400);
        bad.put("/api/counties/ATLANTIS", 404);
        bad.put("/api/counties/DONGSHENG?asOf=2025-02-30", 400);
        bad.put("/api/departments/" + URLEncoder.encode("不存在的局", StandardCharsets.UTF_8), 404);
        bad.put("/api/projects?offset=-1", 400);
        bad.put("/api/projects?limit=99999", 400);
        bad.put("/api/projects?county=atlantis", 400);
        bad.put("/api/projects?q=" + "x".repeat(101), 400);
        bad.put("/api/internal/timeline/totals", 400);
        bad.put("/api/internal/timeline/shown?knownAt=soon", 400);
        for (Map.Entry<String, Integer> e : bad.entrySet()) {
            HttpResponse<String> r = get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + " -> " + r.body()).isEqualTo(e.getValue());
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.get("status").asInt()).isEqualTo(e.getValue());
            assertThat(problem.get("error").asText()).as(e.getKey()).isNotBlank();
        }
        // And the live answers are untouched by all of that.
        assertDocumented("GET", "/api/goals", "/api/goals", 200);
        assertThat(keys(get("/api/goals"))).containsExactly("ordos-2025/fai", "ordos-2025/wind");
    }

    private static city.ordos.plan.avro.DayDelta delta(String feed, String county, int sources, String day) {
        long end = city.ordos.plan.progress.PlanCalendar.endOfDay(LocalDate.parse(day))
                .toEpochMilli();
        return city.ordos.plan.avro.DayDelta.newBuilder()
                .setFeed(dec(feed))
                .setFeedSources(sources)
                .setByCounty(Map.of(county, dec(feed)))
                .setLatestEventTime(end)
                .setLatestReportedAt(end + 3 * 86_400_000L)
                .build();
    }

    @Test
    void filtersBySectionStatusAndCounty() throws Exception {
        assertThat(keys(get("/api/goals?section=5"))).containsExactly("ordos-2025/wind");
        assertThat(keys(get("/api/goals?status=at_risk,behind"))).containsExactly("ordos-2025/fai");
        assertThat(keys(get("/api/goals?county=KANGBASHI"))).containsExactly("ordos-2025/fai");
        assertThat(keys(get("/api/goals?county=" + URLEncoder.encode("乌审旗", StandardCharsets.UTF_8))))
                .isEmpty();
        assertThat(keys(get("/api/goals"))).containsExactly("ordos-2025/fai", "ordos-2025/wind");
    }

    @Test
    void goalDetailCarriesHistoryAndTheNineCountyUnits() throws Exception {
        JsonNode detail = JSON.readTree(get("/api/goals/fai").body());
        assertThat(detail.get("history")).hasSize(2);
        assertThat(detail.get("history").get(0).get("actual").decimalValue()).isEqualByComparingTo("10");
        assertThat(detail.get("counties")).hasSize(9);
        assertThat(detail.get("counties").get(0).get("nameZh").asText()).isEqualTo("东胜区");
        assertThat(detail.get("counties").get(0).get("share").asDouble()).isEqualTo(2.0 / 3.0);
    }

    @Test
    void readinessFollowsTheKafkaStreamsState() throws Exception {
        STREAMS.set(KafkaStreams.State.REBALANCING);
        try {
            assertDocumented("GET", "/ready", "/ready", 503);
            assertThat(get("/health").statusCode()).isEqualTo(200);
            STREAMS.set(KafkaStreams.State.ERROR);
            assertDocumented("GET", "/health", "/health", 503);
        } finally {
            STREAMS.set(KafkaStreams.State.RUNNING);
        }
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void silencesNeedTheBearerToken() throws Exception {
        String body =
                "{\"goalId\":\"fai\",\"until\":\"2030-01-01T00:00:00Z\",\"reason\":\"known delay\",\"createdBy\":\"ops\"}";
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/silences"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(contract.violations(
                        JSON.readTree(anonymous.body()), contract.responseSchema("POST", "/api/silences", 401)))
                .isEmpty();
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/api/silences"))
                .header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(get("/api/silences").body()).get("silences")).isEmpty();

        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/silences"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(contract.violations(
                        JSON.readTree(created.body()), contract.responseSchema("POST", "/api/silences", 201)))
                .isEmpty();
        assertThat(JSON.readTree(get("/api/silences").body())
                        .get("silences")
                        .get(0)
                        .get("goalKey")
                        .asText())
                .isEqualTo("ordos-2025/fai");

        assertThat(send(HttpRequest.newBuilder(uri("/api/silences/fai"))
                                .DELETE()
                                .build())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> lifted = send(HttpRequest.newBuilder(uri("/api/silences/fai"))
                .header("Authorization", "Bearer " + TOKEN)
                .DELETE()
                .build());
        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(contract.violations(
                        JSON.readTree(lifted.body()), contract.responseSchema("DELETE", "/api/silences/{goalId}", 200)))
                .isEmpty();
        assertThat(JSON.readTree(lifted.body()).get("silences")).isEmpty();
    }

    /** A new POST/PUT/PATCH/DELETE route that forgets the token check fails here. */
    @Test
    void everyRouteThatChangesStateRefusesRequestsWithoutTheToken() throws Exception {
        String before = get("/api/silences").body();
        List<String> changing =
                server.routes().stream().filter(r -> !r.startsWith("GET ")).toList();
        assertThat(changing).contains("POST /api/silences", "DELETE /api/silences/{goalId}");
        for (String route : changing) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "fai");
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(
                                    "{\"goalId\":\"fai\",\"until\":\"2030-01-01T00:00:00Z\"}"))
                    .build());
            assertThat(response.statusCode())
                    .as(route + " without a token -> " + response.body())
                    .isEqualTo(401);
        }
        assertThat(get("/api/silences").body()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aSilenceThatCannotBeRecordedIsRefusedAndNotApplied() throws Exception {
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/silences"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"goalId\":\"wind\",\"until\":\"2030-01-01T00:00:00Z\"}"))
                .build());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(contract.violations(
                        JSON.readTree(refused.body()), contract.responseSchema("POST", "/api/silences", 503)))
                .isEmpty();
        assertThat(JSON.readTree(get("/api/silences").body()).get("silences").findValuesAsText("goalKey"))
                .doesNotContain("ordos-2025/wind");
    }

    private void assertDocumented(String method, String path, String request, int status) throws Exception {
        HttpResponse<String> response = get(request);
        assertThat(response.statusCode()).as(request).isEqualTo(status);
        assertThat(contract.violations(JSON.readTree(response.body()), contract.responseSchema(method, path, status)))
                .as(request + " -> " + response.body())
                .isEmpty();
    }

    private static List<String> keys(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("goals").findValuesAsText("key");
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Accept", "application/json")
                .GET()
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
