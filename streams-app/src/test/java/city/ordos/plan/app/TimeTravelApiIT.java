package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroTrust;
import city.ordos.plan.timetravel.ScriptedYear;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scripted year of {@link ScriptedYear} through two real instances on the embedded broker: the
 * June-30 picture as known today includes the July restatement, the screen as shown on July 5 does
 * not; both equal the script's own calculation, and both instances give the same answer after the
 * first two were replaced by new ones (state restored from the changelogs, not from local disk).
 */
class TimeTravelApiIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A linear copy of the major-projects goal, so the test's own pace arithmetic stays simple. */
    private static final String GOAL = "tt-linear-investment";

    private static final BigDecimal TARGET = new BigDecimal("1000");
    private static final LocalDate JUNE_30 = LocalDate.parse("2025-06-30");
    private static final LocalDate JULY_5 = LocalDate.parse("2025-07-05");

    @Test
    void pastPicturesOfBothClocksAgreeWithTheScriptOnEveryInstanceAndAfterRestarts() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        List<GoalDefinition> catalog = new ArrayList<>(BuiltInCatalog.goals());
        GoalDefinition major = catalog.stream()
                .filter(g -> g.getGoalId().equals(Events.MAJOR_PROJECTS))
                .findFirst()
                .orElseThrow();
        // A copy builder deep-copies through Avro, which decodes only trusted classes (as the app's deserializer
        // arranges).
        AvroTrust.trustContractPackages();
        catalog.add(GoalDefinition.newBuilder(major)
                .setGoalId(GOAL)
                .setTarget(new BigDecimal("1000").setScale(6))
                .setPace("LINEAR")
                .setCadenceDays(45)
                .build());
        String appId = topics.prefix() + "time-travel";
        try (Events events = new Events(kafka, topics)) {
            events.catalog(catalog);

            // Until July 5: the plan clock stands at July 5, so every figure shown then is "as shown on July 5".
            try (RunningApp a = new RunningApp(kafka, topics, appId, "fixed:" + JULY_5).start();
                    RunningApp b = new RunningApp(kafka, topics, appId, "fixed:" + JULY_5).start()) {
                a.awaitRunning();
                b.awaitRunning();
                send(events, s -> !s.knownOn().isAfter(JULY_5));
                awaitLive(List.of(a, b), ScriptedYear.actualShownOn(JULY_5));
                // Before the restatement, June 30 as known then is what was shown.
                assertThat(actual(json(a, "/api/goals/" + GOAL + "?asOf=" + JUNE_30)))
                        .isEqualByComparingTo("490");
            }

            // Later in the year, on new instances (state restored from the changelogs): the restatement of
            // June arrives in July, P3's late report about May in August.
            try (RunningApp a = new RunningApp(kafka, topics, appId, "fixed:" + ScriptedYear.TODAY).start();
                    RunningApp b = new RunningApp(kafka, topics, appId, "fixed:" + ScriptedYear.TODAY).start()) {
                a.awaitRunning();
                b.awaitRunning();
                send(events, s -> s.knownOn().isAfter(JULY_5));
                awaitLive(List.of(a, b), ScriptedYear.actualShownOn(ScriptedYear.TODAY));

                Map<String, String> first = answers(a);
                checkAgainstTheScript(first);
                assertThat(answers(b)).as("the other instance").isEqualTo(first);
            }
        }
    }

    /** The answers compared across instances (raw bodies: the same state must give the same bytes). */
    private static Map<String, String> answers(RunningApp app) throws Exception {
        return Map.of(
                "asOf-june-30", body(app, "/api/goals/" + GOAL + "?asOf=" + JUNE_30),
                "knownAt-july-5", body(app, "/api/goals/" + GOAL + "?knownAt=" + JULY_5),
                "list-asOf-may-31", body(app, "/api/goals?asOf=2025-05-31"),
                "list-knownAt-july-5", body(app, "/api/goals?knownAt=" + JULY_5),
                "major-asOf-june-30", body(app, "/api/goals/" + Events.MAJOR_PROJECTS + "?asOf=" + JUNE_30),
                "sources-asOf-june-30", body(app, "/api/goals/" + GOAL + "/sources?asOf=" + JUNE_30),
                "restatements", body(app, "/api/goals/" + GOAL + "/restatements"));
    }

    private static void checkAgainstTheScript(Map<String, String> answers) throws Exception {
        // June 30 as known today: the July restatement of P1 is in.
        JsonNode asOf = JSON.readTree(answers.get("asOf-june-30"));
        assertThat(asOf.at("/moment/mode").asText()).isEqualTo("AS_OF");
        JsonNode june = asOf.get("progress");
        assertThat(june.get("actual").decimalValue())
                .isEqualByComparingTo(ScriptedYear.actualAsOf(JUNE_30))
                .isEqualByComparingTo("430");
        ScriptedYear.Judgement j = ScriptedYear.Judgement.of(
                TARGET, ScriptedYear.actualAsOf(JUNE_30), JUNE_30, ScriptedYear.dataAsOf(JUNE_30));
        assertThat(june.get("status").asText()).isEqualTo(j.status()).isEqualTo("AT_RISK");
        assertThat(june.get("expectedByNow").decimalValue())
                .isEqualByComparingTo(j.expected().setScale(6, RoundingMode.HALF_EVEN));
        assertThat(june.get("byCounty").get("DONGSHENG").decimalValue()).isEqualByComparingTo("240");
        assertThat(june.get("byCounty").get("WUSHEN").decimalValue()).isEqualByComparingTo("190");
        // The chart of the year as known today ends on June 30 with the same figure.
        JsonNode history = asOf.get("history");
        assertThat(history).hasSize(JUNE_30.getDayOfYear());
        assertThat(history.get(history.size() - 1).get("actual").decimalValue()).isEqualByComparingTo("430");
        assertThat(history.get(LocalDate.parse("2025-05-31").getDayOfYear() - 1)
                        .get("actual")
                        .decimalValue())
                .as("May 31 with P3's late report")
                .isEqualByComparingTo(ScriptedYear.actualAsOf(LocalDate.parse("2025-05-31")));

        // The screen on July 5 did not have it.
        JsonNode known = JSON.readTree(answers.get("knownAt-july-5"));
        assertThat(known.at("/moment/mode").asText()).isEqualTo("KNOWN_AT");
        JsonNode shown = known.get("progress");
        assertThat(shown.get("actual").decimalValue())
                .isEqualByComparingTo(ScriptedYear.actualShownOn(JULY_5))
                .isEqualByComparingTo("490");
        ScriptedYear.Judgement then = ScriptedYear.Judgement.of(
                TARGET, ScriptedYear.actualShownOn(JULY_5), JULY_5, ScriptedYear.dataShownOn(JULY_5));
        assertThat(shown.get("status").asText()).isEqualTo(then.status()).isEqualTo("ON_TRACK");
        assertThat(shown.get("asOf").asText()).startsWith("2025-07-05T15:59:59");

        // Lists: May 31 as known today includes P3's late report (which the live figure ignores).
        assertThat(actualOf(answers.get("list-asOf-may-31"), GOAL))
                .isEqualByComparingTo(ScriptedYear.actualAsOf(LocalDate.parse("2025-05-31")))
                .isEqualByComparingTo("390");
        assertThat(actualOf(answers.get("list-knownAt-july-5"), GOAL)).isEqualByComparingTo("490");
        // The seasonal goal fed by the same reports has the same sum.
        assertThat(JSON.readTree(answers.get("major-asOf-june-30"))
                        .at("/progress/actual")
                        .decimalValue())
                .isEqualByComparingTo("430");

        // Sources as of June 30: P1 with its restated value and provenance.
        JsonNode sources = JSON.readTree(answers.get("sources-asOf-june-30")).get("sources");
        assertThat(sources.findValuesAsText("sourceId")).containsExactly("P1", "P2", "P3");
        assertThat(sources.get(0).get("value").decimalValue()).isEqualByComparingTo("240");
        assertThat(sources.get(0).get("restatements").asInt()).isEqualTo(1);
        assertThat(sources.get(0).get("sourceTopic").asText()).endsWith("ordos.investment-reports");
        JsonNode restated = JSON.readTree(answers.get("restatements")).get("restatements");
        assertThat(restated).hasSize(1);
        assertThat(restated.get(0).get("firstValue").decimalValue()).isEqualByComparingTo("300");
        assertThat(restated.get(0).get("latestValue").decimalValue()).isEqualByComparingTo("240");
    }

    private static BigDecimal actualOf(String list, String goalId) throws Exception {
        for (JsonNode g : JSON.readTree(list).get("goals")) {
            if (g.get("goalId").asText().equals(goalId)) {
                return g.get("actual").decimalValue();
            }
        }
        throw new AssertionError(goalId + " not in " + list);
    }

    private static void send(Events events, Predicate<ScriptedYear.Step> which) {
        for (ScriptedYear.Step step : ScriptedYear.STEPS) {
            if (which.test(step)) {
                for (ScriptedYear.Report r : step.reports()) {
                    events.majorProjectInvestment(
                            r.project(), County.valueOf(r.county()), r.value(), r.asOf(), r.reportedOn());
                }
            }
        }
    }

    private static void awaitLive(List<RunningApp> apps, BigDecimal actual) {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (RunningApp app : apps) {
                assertThat(json(app, "/api/goals/" + GOAL)
                                .at("/progress/actual")
                                .decimalValue())
                        .isEqualByComparingTo(actual);
            }
        });
    }

    private static BigDecimal actual(JsonNode detail) {
        return detail.at("/progress/actual").decimalValue();
    }

    private static JsonNode json(RunningApp app, String path) throws Exception {
        return JSON.readTree(body(app, path));
    }

    /**
     * The answer to a GET. While a rebalance leaves partitions unowned (an instance joining after
     * the other is already running) the API answers 503 rather than an incomplete figure, and a
     * client asks again: so does this, until a deadline; any other status is the answer.
     */
    private static String body(RunningApp app, String path) throws Exception {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            answer.set(HTTP.send(
                    HttpRequest.newBuilder(URI.create(app.url(path))).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
            return answer.get().statusCode() != 503;
        });
        HttpResponse<String> r = answer.get();
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return r.body();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
