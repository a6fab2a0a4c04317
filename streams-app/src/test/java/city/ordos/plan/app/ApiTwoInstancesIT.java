package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.progress.topology.ProgressTopology;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of the application in one group: each owns some goals' partitions, and each
 * answers for every goal, forwarding to the owner (key metadata) or fanning out for lists.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ApiTwoInstancesIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachInstanceAnswersForGoalsOwnedByTheOther() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        List<GoalDefinition> catalog = BuiltInCatalog.goals();
        String appId = topics.prefix() + "two-instances";
        try (Events events = new Events(kafka, topics);
                RunningApp a = new RunningApp(kafka, topics, appId, "fixed:2025-07-31").start();
                RunningApp b = new RunningApp(kafka, topics, appId, "fixed:2025-07-31").start()) {
            events.catalog(catalog);
            a.awaitRunning();
            b.awaitRunning();
            events.majorProjectInvestment("P-001", County.KANGBASHI, "300", LocalDate.of(2025, 6, 30));
            List<String> projects = List.of("P-001", "P-002", "P-003", "P-004", "P-005", "P-006", "P-007", "P-008");
            for (String project : projects.subList(1, projects.size())) {
                events.majorProjectInvestment(project, County.DONGSHENG, "50", LocalDate.of(2025, 6, 30));
            }

            // Both instances own partitions of the goal-keyed store (6 partitions over 2 instances).
            Map<String, Integer> ownerPort = new HashMap<>();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                ownerPort.clear();
                for (GoalDefinition g : catalog) {
                    String key = OrdosTopics.goalKey(g.getPlanId(), g.getGoalId());
                    KeyQueryMetadata meta = a.runner
                            .streams()
                            .queryMetadataForKey(
                                    ProgressTopology.PROGRESS_STORE,
                                    key,
                                    Serdes.String().serializer());
                    assertThat(meta).isNotEqualTo(KeyQueryMetadata.NOT_AVAILABLE);
                    ownerPort.put(g.getGoalId(), meta.activeHost().port());
                }
                assertThat(ownerPort.values()).contains(a.port, b.port);
                for (RunningApp app : List.of(a, b)) {
                    JsonNode list = json(app, "/api/goals");
                    assertThat(list.get("instances").asInt()).isEqualTo(2);
                    assertThat(list.get("complete").asBoolean()).isTrue();
                    assertThat(list.get("goals")).hasSize(catalog.size());
                }
            });

            // A goal's current figure has one source, its owner's progress store (ADR 0010): the
            // per-goal gauges too, so each instance exports exactly the goals it owns.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (RunningApp app : List.of(a, b)) {
                    Set<String> owned = new TreeSet<>();
                    ownerPort.forEach((goal, port) -> {
                        if (port == app.port) {
                            owned.add(goal);
                        }
                    });
                    assertThat(gaugedGoals(app))
                            .as("goals with gauges on " + app.port)
                            .isEqualTo(owned);
                }
            });

            for (GoalDefinition g : catalog) {
                int owner = ownerPort.get(g.getGoalId());
                RunningApp other = owner == a.port ? b : a;
                HttpResponse<String> r = get(other, "/api/goals/" + g.getGoalId());
                assertThat(r.statusCode()).as(g.getGoalId()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Ordos-Served-By"))
                        .as("forwarded to the owner")
                        .hasValue("127.0.0.1:" + owner);
                assertThat(JSON.readTree(r.body()).get("progress").get("goalId").asText())
                        .isEqualTo(g.getGoalId());
            }
            // A goal's contributions are held where its sources are (input records are keyed by
            // source): these projects' input partitions are spread over both instances.
            Map<String, Integer> sourceHolder = new HashMap<>();
            for (String project : projects) {
                sourceHolder.put(
                        project,
                        a.runner
                                .streams()
                                .queryMetadataForKey(
                                        ProgressTopology.STATEMENTS_STORE,
                                        project,
                                        Serdes.String().serializer())
                                .activeHost()
                                .port());
            }
            assertThat(sourceHolder.values())
                    .as("sources held by each instance")
                    .contains(a.port, b.port);

            // The fed goal reads the same from both, whichever owns it; its contributions too, all of them.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (RunningApp app : List.of(a, b)) {
                    assertThat(json(app, "/api/goals/" + Events.MAJOR_PROJECTS)
                                    .get("progress")
                                    .get("actual")
                                    .decimalValue())
                            .isEqualByComparingTo("650");
                    assertThat(json(app, "/api/goals/" + Events.MAJOR_PROJECTS + "/contributions")
                                    .get("contributions")
                                    .findValuesAsText("sourceId"))
                            .containsExactlyElementsOf(projects);
                }
            });
        }
    }

    private static Set<String> gaugedGoals(RunningApp app) throws Exception {
        HttpResponse<String> r = get(app, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("^ordos_goal_progress_ratio\\{[^}]*goal=\"([^\"]+)\"", Pattern.MULTILINE)
                .matcher(r.body());
        Set<String> goals = new TreeSet<>();
        while (m.find()) {
            goals.add(m.group(1));
        }
        return goals;
    }

    private static JsonNode json(RunningApp app, String path) throws Exception {
        HttpResponse<String> r = get(app, path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(RunningApp app, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
