package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.audit.AuditTrail;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.avro.AlertState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    private static final String TOKEN = SampleApi.TOKEN;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AuditTrail AUDIT = new RecordingAuditTrail();
    private static OpenApiContract contract;
    private static SampleApi api;
    private static ApiServer server;

    @BeforeAll
    static void start() throws IOException {
        contract = new OpenApiContract(OpenApiContract.locate());
        api = new SampleApi(AUDIT);
        server = api.server;
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsRegistered() {
        assertThat(server.routes()).containsExactlyInAnyOrderElementsOf(contract.operations());
    }

    @Test
    void theAppServesDocsOpenApiYamlItselfAndSwaggerUiOverItWithoutACdn() throws Exception {
        HttpResponse<String> served = get("/api/openapi.yaml");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body())
                .as("/api/openapi.yaml is docs/openapi.yaml")
                .isEqualTo(Files.readString(OpenApiContract.locate(), StandardCharsets.UTF_8));

        HttpResponse<String> page = get("/api/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        List<String> assets = Pattern.compile("(?:src|href)=\"([^\"]+)\"")
                .matcher(page.body())
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(assets)
                .as("Swagger UI's files and the start-up script, all from this server")
                .anyMatch(a -> a.endsWith("/swagger-ui-bundle.js"))
                .anyMatch(a -> a.endsWith("/swagger-ui.css"))
                .contains("/api/docs/init.js")
                .allMatch(a -> a.startsWith("/"));
        for (String asset : assets) {
            assertThat(get(asset).statusCode()).as(asset).isEqualTo(200);
        }
        assertThat(get("/api/docs/init.js").body()).contains("url: '/api/openapi.yaml'");
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
        assertDocumented("GET", "/api/acks", "/api/acks", 200);
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
        Map<String, Integer> bad = new LinkedHashMap<>();
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
        // A misspelt status used to filter everything out: an empty list read as "no goal behind".
        bad.put("/api/goals?status=behnid", 400);
        bad.put("/api/goals?status=AT_RISK,FOO", 400);
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

    @Test
    void filtersBySectionStatusAndCounty() throws Exception {
        assertThat(keys(get("/api/goals?section=5"))).containsExactly("ordos-2025/wind");
        assertThat(keys(get("/api/goals?status=at_risk,behind"))).containsExactly("ordos-2025/fai");
        assertThat(keys(get("/api/goals?county=KANGBASHI"))).containsExactly("ordos-2025/fai");
        assertThat(keys(get("/api/goals?county=" + URLEncoder.encode("乌审旗", StandardCharsets.UTF_8))))
                .isEmpty();
        assertThat(keys(get("/api/goals"))).containsExactly("ordos-2025/fai", "ordos-2025/wind");
    }

    /** The key every answer carries (plan/goal) names the goal in a path too, slash encoded. */
    @Test
    void aGoalKeyFromAnAnswerNamesTheGoalInThePath() throws Exception {
        String key = JSON.readTree(get("/api/goals/fai").body())
                .path("progress")
                .get("key")
                .asText();
        assertThat(key).isEqualTo("ordos-2025/fai");
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
        HttpResponse<String> byKey = get("/api/goals/" + encoded);
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
        assertThat(JSON.readTree(byKey.body()).path("progress").get("key").asText())
                .isEqualTo(key);
        assertThat(get("/api/goals/" + encoded + "/contributions").statusCode()).isEqualTo(200);
        HttpResponse<String> otherPlan = get("/api/goals/" + encoded + "?plan=ordos-2026");
        assertThat(otherPlan.statusCode()).as(otherPlan.body()).isEqualTo(400);
        assertThat(JSON.readTree(otherPlan.body()).get("error").asText()).contains("not in plan 'ordos-2026'");
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
        api.streams.set(KafkaStreams.State.REBALANCING);
        try {
            assertDocumented("GET", "/ready", "/ready", 503);
            assertThat(get("/health").statusCode()).isEqualTo(200);
            api.streams.set(KafkaStreams.State.ERROR);
            assertDocumented("GET", "/health", "/health", 503);
        } finally {
            api.streams.set(KafkaStreams.State.RUNNING);
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

    @Test
    void aBadSilenceRequestIsAClientErrorThatSaysWhatIsWrongAndChangesNothing() throws Exception {
        String before = get("/api/silences").body();
        Map<String, String> badBodies = new LinkedHashMap<>();
        badBodies.put("{\"goalId\": \"fai\", \"until\": ", "the body must be a JSON object");
        badBodies.put("[\"fai\", \"2030-01-01T00:00:00Z\"]", "the body must be a JSON object");
        badBodies.put("null", "not null");
        badBodies.put(
                "{\"goalId\": {\"id\": \"fai\"}, \"until\": \"2030-01-01T00:00:00Z\"}",
                "the body must be a JSON object");
        badBodies.put("{\"goalId\": \"fai\", \"until\": \"next week\"}", "until must be an ISO-8601 instant");
        badBodies.put(
                "{\"goalId\": \"atlantis\", \"until\": \"2030-01-01T00:00:00Z\"}",
                "no goal ordos-2025/atlantis in the catalog");
        badBodies.put(
                "{\"goalId\": \"fai\", \"until\": \"2030-01-01T00:00:00Z\", \"reason\": \"" + "x".repeat(100_000)
                        + "\"}",
                "reason is 100000 characters long; at most 1000 are accepted");
        badBodies.put(
                "{\"goalId\": \"fai\", \"until\": \"2030-01-01T00:00:00Z\", \"createdBy\": \"" + "y".repeat(201)
                        + "\"}",
                "createdBy is 201 characters long; at most 200 are accepted");
        for (Map.Entry<String, String> bad : badBodies.entrySet()) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/silences"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bad.getKey()))
                    .build());
            String shown = bad.getKey().length() > 80 ? bad.getKey().substring(0, 80) + "..." : bad.getKey();
            assertThat(answer.statusCode()).as(shown + " -> " + answer.body()).isEqualTo(400);
            assertThat(contract.violations(
                            JSON.readTree(answer.body()), contract.responseSchema("POST", "/api/silences", 400)))
                    .isEmpty();
            assertThat(JSON.readTree(answer.body()).get("error").asText())
                    .as(shown)
                    .contains(bad.getValue());
        }
        assertThat(get("/api/silences").body()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersTheDashboardNeeds() throws Exception {
        for (String path : List.of("/", "/app.js", "/api/goals", "/health", "/api/goals/nowhere")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("script-src 'self';")
                            .contains("object-src 'none'")
                            .endsWith("frame-ancestors 'self'")
                            .doesNotContain("unsafe-eval"));
            assertThat(answer.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).hasValue("SAMEORIGIN");
        }
    }

    @Test
    void aSignagePortalNamedInTheSettingsMayFrameTheDashboard() throws Exception {
        ObjectMapper json = ApiRuntime.objectMapper();
        ApiServer framed = new ApiServer(
                        new ApiServer.Settings("127.0.0.1", 0, TOKEN, Samples.PLAN, "'self' https://signage.example"),
                        SampleApi.parts(json, new SilenceRegistry(Clock.systemUTC()), api.streams::get, api.metrics),
                        json,
                        new ApiSecurity(ApiSecurity.Settings.tokenOnly(TOKEN, true), AUDIT, Clock.systemUTC()))
                .start();
        try {
            HttpResponse<String> answer =
                    send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + framed.port() + "/"))
                            .GET()
                            .build());
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(
                            csp -> assertThat(csp).endsWith("frame-ancestors 'self' https://signage.example"));
            assertThat(answer.headers().firstValue("X-Frame-Options"))
                    .as("X-Frame-Options cannot name another origin: left to CSP")
                    .isEmpty();
        } finally {
            framed.close();
        }
    }

    @Test
    void anOpenAlertIsAcknowledgedWithANoteByTheSignedInCaller() throws Exception {
        String alertId =
                Samples.alert("fai", AlertState.FIRING, 1, SampleApi.JULY).getAlertId();
        String body = "{\"alertId\":\"" + alertId + "\",\"sequence\":1,\"note\":\"在核实数据\"}";
        assertThat(send(HttpRequest.newBuilder(uri("/api/acks"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> stale = send(HttpRequest.newBuilder(uri("/api/acks"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("\"sequence\":1", "\"sequence\":7")))
                .build());
        assertThat(stale.statusCode()).isEqualTo(409);
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/api/acks"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace(alertId, "no-such-alert")))
                .build());
        assertThat(unknown.statusCode()).isEqualTo(404);

        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/acks"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(contract.violations(
                        JSON.readTree(created.body()), contract.responseSchema("POST", "/api/acks", 201)))
                .isEmpty();
        assertThat(api.acks.get(alertId)).hasValueSatisfying(a -> {
            assertThat(a.sequence()).isEqualTo(1);
            assertThat(a.note()).isEqualTo("在核实数据");
            assertThat(a.acknowledgedBy()).isEqualTo(ApiSecurity.API_TOKEN_USER);
        });
        HttpResponse<String> withdrawn = send(
                HttpRequest.newBuilder(uri("/api/acks?alertId=" + URLEncoder.encode(alertId, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + TOKEN)
                        .DELETE()
                        .build());
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        assertThat(contract.violations(
                        JSON.readTree(withdrawn.body()), contract.responseSchema("DELETE", "/api/acks", 200)))
                .isEmpty();
        assertThat(api.acks.get(alertId)).isEmpty();
    }

    /** A new POST/PUT/PATCH/DELETE route that forgets its access rule fails here (sign-in itself is public). */
    @Test
    void everyRouteThatChangesStateRefusesRequestsWithoutTheToken() throws Exception {
        String before = get("/api/silences").body();
        List<String> changing = server.routes().stream()
                .filter(r -> !r.startsWith("GET "))
                .filter(r -> !"public".equals(contract.role(r)))
                .toList();
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

    @Test
    void theMonitoringCentreSeesEveryDeadLetterCountedAndTheLatestListedWithWhatToCorrect() throws Exception {
        HttpResponse<String> all = withToken("/api/dead-letters");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(contract.violations(
                        JSON.readTree(all.body()), contract.responseSchema("GET", "/api/dead-letters", 200)))
                .as(all.body())
                .isEmpty();
        JsonNode page = JSON.readTree(all.body());
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("byReason").get("INVALID_DECIMAL").asLong()).isEqualTo(1);
        assertThat(page.get("byComponent").get("importer").asLong()).isEqualTo(1);
        // newest first: the undecodable record, then the refused row
        JsonNode record = page.get("letters").get(0);
        assertThat(record.get("reasonCode").asText()).isEqualTo("UNKNOWN_SCHEMA_ID");
        assertThat(record.get("sourceTopic").asText()).isEqualTo("ordos.investment-reports");
        assertThat(record.get("sourceOffset").asLong()).isEqualTo(1234);
        assertThat(record.get("originalValue").isNull())
                .as("binary: not shown as text")
                .isTrue();
        assertThat(record.get("originalValueSize").asInt()).isEqualTo(7);
        JsonNode row = page.get("letters").get(1);
        assertThat(row.get("sourceFile").asText()).isEqualTo("investment-2025-07.csv");
        assertThat(row.get("sourceLine").asLong()).isEqualTo(10);
        assertThat(row.get("originalValue").asText()).isEqualTo("ORD-ZD-007,项目,东胜区,工业,2025-07-31,约五亿,亿元");

        JsonNode one = JSON.readTree(
                withToken("/api/dead-letters?reason=invalid_decimal").body());
        assertThat(one.get("letters")).as("a reason in any case").hasSize(1);
        assertThat(one.get("matching").asLong()).isEqualTo(1);
        assertThat(one.get("total").asLong())
                .as("the counts stay those of all letters")
                .isEqualTo(2);
        assertThat(JSON.readTree(withToken("/api/dead-letters?limit=1").body())
                        .get("matching")
                        .asLong())
                .as("more match than are listed")
                .isEqualTo(2);
        assertThat(JSON.readTree(withToken("/api/dead-letters?component=importer&reason=UNKNOWN_SCHEMA_ID")
                                .body())
                        .get("letters"))
                .isEmpty();
        assertThat(withToken("/api/dead-letters?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/dead-letters").statusCode())
                .as("the wall screen, not signed in")
                .isEqualTo(401);
    }

    private static HttpResponse<String> withToken(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build());
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
