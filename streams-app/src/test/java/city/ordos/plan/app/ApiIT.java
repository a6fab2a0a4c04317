package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The query API and the Prometheus scrape over the real application (progress + alerts topology,
 * exactly-once) on the embedded broker and registry, fed with the built-in 2025 catalog and
 * registry-framed input events.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOAL = Events.MAJOR_PROJECTS;
    private static OrdosTopics topics;
    private static List<GoalDefinition> catalog;
    private static Events events;
    private static RunningApp app;

    @BeforeAll
    static void start() throws Exception {
        topics = kafka.createTopics();
        events = new Events(kafka, topics);
        catalog = BuiltInCatalog.goals();
        events.catalog(catalog);
        app = new RunningApp(kafka, topics, topics.prefix() + "api-it", "fixed:2025-07-31")
                .start()
                .awaitRunning();
        events.majorProjectInvestment("P-001", County.DONGSHENG, "120.5", LocalDate.of(2025, 6, 30));
        events.majorProjectInvestment("P-002", County.ZHUNGEER, "80", LocalDate.of(2025, 6, 30));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                goal(GOAL).path("progress").path("actual").decimalValue())
                        .isEqualByComparingTo("200.5"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        events.close();
    }

    @Test
    void listsEveryCatalogGoalWithItsLatestProgressAndFilters() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(json("/api/goals").get("goals")).hasSize(catalog.size()));
        JsonNode all = json("/api/goals");
        assertThat(all.get("complete").asBoolean()).isTrue();
        JsonNode major = find(all.get("goals"), "ordos-2025/" + GOAL);
        assertThat(major.get("target").decimalValue()).isEqualByComparingTo("1700");
        assertThat(major.get("contributingSources").asInt()).isEqualTo(2);

        String county = URLEncoder.encode("准格尔旗", StandardCharsets.UTF_8);
        assertThat(json("/api/goals?county=" + county).get("goals").findValuesAsText("goalId"))
                .containsExactly(GOAL);
        assertThat(json("/api/goals?section=2.2").get("goals").findValuesAsText("goalId"))
                .contains(GOAL)
                .allSatisfy(id -> assertThat(catalog.stream()
                                .filter(g -> g.getGoalId().equals(id))
                                .findFirst()
                                .orElseThrow()
                                .getSection())
                        .isEqualTo("2.2"));
        String status = major.get("status").asText();
        assertThat(json("/api/goals?status=" + status).get("goals").findValuesAsText("status"))
                .containsOnly(status);
        assertThat(get("/api/goals?county=nowhere").statusCode()).isEqualTo(400);
    }

    @Test
    void oneGoalWithHistoryAndCountyBreakdown() throws Exception {
        JsonNode detail = goal(GOAL);
        assertThat(detail.get("progress").get("byCounty").get("DONGSHENG").decimalValue())
                .isEqualByComparingTo("120.5");
        assertThat(detail.get("counties")).hasSize(9);
        JsonNode zhungeer = detail.get("counties").get(County.ZHUNGEER.ordinal());
        assertThat(zhungeer.get("nameZh").asText()).isEqualTo("准格尔旗");
        assertThat(zhungeer.get("value").decimalValue()).isEqualByComparingTo("80");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(goal(GOAL).get("history").findValuesAsText("asOf"))
                        .isNotEmpty());
        assertThat(get("/api/goals/no-such-goal").statusCode()).isEqualTo(404);
    }

    @Test
    void contributionsNameTheSourcesAndTheirLatestStatements() throws Exception {
        JsonNode c = json("/api/goals/" + GOAL + "/contributions");
        assertThat(c.get("actual").decimalValue()).isEqualByComparingTo("200.5");
        assertThat(c.get("contributions").findValuesAsText("sourceId")).containsExactly("P-001", "P-002");
        JsonNode first = c.get("contributions").get(0);
        assertThat(first.get("value").decimalValue()).isEqualByComparingTo("120.5");
        assertThat(first.get("county").asText()).isEqualTo("DONGSHENG");
        assertThat(first.get("sourceTopic").asText())
                .isEqualTo(topics.investment().name());
        assertThat(first.get("role").asText()).isEqualTo("FEED");
    }

    @Test
    void alertsFromTheAlertTopic() throws Exception {
        Instant at = Instant.parse("2025-07-20T00:00:00Z");
        GoalAlert alert = GoalAlert.newBuilder()
                .setAlertId("ordos-2025/" + GOAL + "/falling-behind/api-it")
                .setSequence(1)
                .setPlanId("ordos-2025")
                .setGoalId(GOAL)
                .setSection("2.2")
                .setDepartment("市发展和改革委员会")
                .setKind(AlertKind.FALLING_BEHIND)
                .setState(AlertState.FIRING)
                .setSeverity(Severity.CRITICAL)
                .setStatusBefore(GoalStatus.AT_RISK)
                .setStatusAfter(GoalStatus.BEHIND)
                .setUnit("亿元")
                .setTarget(new BigDecimal("1700.000000"))
                .setFiredAt(at)
                .setChangedAt(at)
                .setMessageZh("【进度预警】市级重大项目完成投资")
                .setMessageEn("[Behind] major projects")
                .build();
        events.send(topics.alerts().name(), "ordos-2025/" + GOAL, alert);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(json("/api/alerts").get("active").findValuesAsText("alertId"))
                                .contains(alert.getAlertId()));
        assertThat(json("/api/alerts").get("recent").findValuesAsText("messageZh"))
                .contains("【进度预警】市级重大项目完成投资");
    }

    @Test
    void aRecordTheAppCannotReadIsListedForTheMonitoringCentreWithWhereItCameFrom() throws Exception {
        events.raw(topics.investment().name(), "P-BAD", "not avro at all".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(app.url("/api/dead-letters?component=streams-app")))
                            .header("Authorization", "Bearer " + RunningApp.TOKEN)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode letters = JSON.readTree(r.body()).get("letters");
            assertThat(letters.findValuesAsText("originalKey")).contains("P-BAD");
            JsonNode letter =
                    letters.get(letters.findValuesAsText("originalKey").indexOf("P-BAD"));
            assertThat(letter.get("reasonCode").asText()).isEqualTo("NOT_AVRO");
            assertThat(letter.get("sourceTopic").asText())
                    .isEqualTo(topics.investment().name());
            assertThat(letter.get("originalValue").asText()).isEqualTo("not avro at all");
        });
    }

    @Test
    void catalogHealthReadinessAndSilences() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(json("/api/catalog").get("goals")).hasSize(catalog.size()));
        assertThat(json("/health").get("streamsState").asText()).isEqualTo("RUNNING");
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(app.url("/api/silences")))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"goalId\":\"" + GOAL + "\",\"until\":\"2030-01-01T00:00:00Z\"}"));
        assertThat(HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(HTTP.send(
                                post.header("Authorization", "Bearer " + RunningApp.TOKEN)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(201);
        assertThat(json("/api/silences").get("silences").findValuesAsText("goalKey"))
                .containsExactly("ordos-2025/" + GOAL);
    }

    @Test
    void dashboardIsServedWithItsBundledLibrary() throws Exception {
        assertThat(get("/").body()).contains("/vendor/echarts.min.js").doesNotContain("cdn");
        HttpResponse<String> echarts = get("/vendor/echarts.min.js");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");
        assertThat(json("/api/dashboard").get("catalog")).hasSize(catalog.size());
    }

    @Test
    @Order(Integer.MAX_VALUE) // adds an event to the goal the other tests read: runs last
    void prometheusScrapeHasThePipelineGoalApiStreamsAndJvmMetricsAndTheyMove() throws Exception {
        String investment = topics.investment().name();
        String before = scrape();
        double inputs = value(before, "ordos_input_events_total", "topic=\"" + investment + "\"");
        double latencyCount = value(before, "ordos_end_to_end_latency_seconds_count", "");
        assertThat(inputs).isGreaterThanOrEqualTo(2);
        assertThat(latencyCount).isGreaterThanOrEqualTo(1);
        assertThat(before)
                .contains("# TYPE ordos_end_to_end_latency_seconds histogram")
                .containsPattern("ordos_end_to_end_latency_seconds_bucket\\{[^}]*le=\"\\+Inf\"")
                .contains("ordos_goal_status{")
                .contains("kafka_stream_")
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds_count{");
        double ratio = value(before, "ordos_goal_progress_ratio", "goal=\"" + GOAL + "\"");
        assertThat(ratio).isEqualTo(200.5 / 1700, Offset.offset(1e-9));

        events.majorProjectInvestment("P-003", County.WUSHEN, "99.5", LocalDate.of(2025, 7, 15));
        events.raw(investment, "garbage", "not avro at all".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String after = scrape();
            assertThat(value(after, "ordos_input_events_total", "topic=\"" + investment + "\""))
                    .isGreaterThanOrEqualTo(inputs + 2);
            assertThat(value(after, "ordos_end_to_end_latency_seconds_count", ""))
                    .isGreaterThan(latencyCount);
            assertThat(value(after, "ordos_goal_progress_ratio", "goal=\"" + GOAL + "\""))
                    .isEqualTo(300.0 / 1700, Offset.offset(1e-9));
            assertThat(after).containsPattern("ordos_dead_letters_total\\{[^}]*reason=\"[A-Z_]+\"[^}]*} [1-9]");
            assertThat(value(after, "ordos_goal_status", "goal=\"" + GOAL + "\","))
                    .isEqualTo(1.0);
        });
    }

    private static double value(String scrape, String metric, String labelFragment) {
        Pattern line =
                Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*})? ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelFragment)) {
                // For the state-set gauge, several lines match; the current status line is the 1.
                sum = metric.equals("ordos_goal_status")
                        ? Math.max(sum, Double.parseDouble(m.group(2)))
                        : sum + Double.parseDouble(m.group(2));
                found = true;
            }
        }
        assertThat(found)
                .as(metric + " with " + labelFragment + " in the scrape")
                .isTrue();
        return sum;
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode find(JsonNode goals, String key) {
        for (JsonNode g : goals) {
            if (g.get("key").asText().equals(key)) {
                return g;
            }
        }
        throw new AssertionError("no goal " + key);
    }

    private static JsonNode goal(String goalId) throws Exception {
        return json("/api/goals/" + goalId);
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
