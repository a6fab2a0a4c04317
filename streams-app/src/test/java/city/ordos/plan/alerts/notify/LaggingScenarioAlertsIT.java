package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.ProductionRunner;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.sim.FeedPlanner;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.Simulation;
import city.ordos.plan.producers.sim.SimulationRunner;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole chain on the embedded broker and registry: the plan catalog, the simulator's
 * {@code lagging} scenario, the production application ({@link StreamsRunner}: progress + alerts,
 * exactly-once, plan clock following event time) and the notifier delivering to HTTP receivers,
 * one of which fails before it recovers. Which goals must alert is worked out from the
 * progress-history topic (the alert branch's input): every goal kept AT_RISK/BEHIND for the
 * pending period alerts, no goal that never was does, and the lagging goals are among them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LaggingScenarioAlertsIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void goalsKeptBehindForThePendingPeriodRaiseAlertsAtEveryReceiver() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        List<GoalDefinition> goals = BuiltInCatalog.goals();
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
        try (KafkaProducer<String, GoalDefinition> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalDefinition.class).serializer())) {
            for (GoalDefinition g : goals) {
                producer.send(new ProducerRecord<>(
                        topics.goals().name(), OrdosTopics.goalKey(g.getPlanId(), g.getGoalId()), g));
            }
        }
        ScenarioConfig scenario = ScenarioConfig.builder(Scenario.LAGGING, goals)
                .topics(topics)
                .majorProjects(12)
                .otherProjects(24)
                .dirtyShare(0)
                .restatementShare(0.05)
                .build();
        FeedPlanner.Plan plan = Simulation.plan(scenario);
        Set<String> lagging = plan.laggingGoals();
        assertThat(lagging).isNotEmpty();

        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(kafka.uniquePrefix() + "app")
                .forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "stream");
        settings.put(AppConfig.EVALUATE_INTERVAL_MS, "200");
        settings.put(AlertConfig.EVALUATE_INTERVAL_MS, "200");

        try (TestReceiver http = new TestReceiver()
                        .script(
                                "/flaky",
                                n -> n <= 3 ? new TestReceiver.Reply(502, "bad gateway") : TestReceiver.Reply.OK);
                StreamsRunner app = ProductionRunner.of(AppConfig.of(settings));
                AlertNotifier notifier = new AlertNotifier(
                        NotifierConfig.of(
                                        List.of(
                                                ReceiverConfig.of("json", ReceiverType.JSON, http.url("/json")),
                                                // Group messages after 5 s instead of the default 30 s: the
                                                // grouping is AlertDeliveryIT's; here the robot must get some.
                                                ReceiverConfig.of("wecom", ReceiverType.WECOM, http.url("/wecom"))
                                                        .withGrouping(new Grouping(
                                                                null, Duration.ofSeconds(5), null, null, null, null)),
                                                ReceiverConfig.of("flaky", ReceiverType.JSON, http.url("/flaky"))),
                                        new RetryPolicy(
                                                6,
                                                Duration.ofMillis(20),
                                                Duration.ofMillis(200),
                                                Duration.ofSeconds(5)))
                                .withTopicPrefix(topics.prefix())
                                .withGroupId(topics.prefix() + "notifier"),
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        serdes,
                        new SimpleMeterRegistry(),
                        new SilenceRegistry(Clock.systemUTC()),
                        Clock.systemUTC())) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            notifier.start();

            Map<String, Object> producerConfig = new HashMap<>();
            kafka.producerProperties().forEach((k, v) -> producerConfig.put(k.toString(), v));
            try (EventPublisher publisher = new EventPublisher(producerConfig, true)) {
                // Replayed over ~30 s rather than unthrottled: the progress history then records each
                // goal every few plan days (one emission per 100 ms), so a run of bad figures shows in it
                // as long as it lasted; unthrottled, a whole season can fall between two emissions.
                Pacer yearIn30s = Pacer.replay(Pacer.speedFor(Duration.ofDays(365), Duration.ofSeconds(30)));
                SimulationRunner.Result result = SimulationRunner.run(
                        scenario,
                        publisher,
                        yearIn30s,
                        0,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                assertThat(result.events()).isPositive();
            }

            List<GoalProgress> history = settledHistory(topics, serdes);
            Set<String> mustFire = goalsWorseForAtLeast(history, PENDING);
            Set<String> mayFire = history.stream()
                    .filter(p -> worse(p.getStatus()))
                    .map(GoalProgress::getGoalId)
                    .collect(Collectors.toSet());
            assertThat(mustFire)
                    .as("lagging goals the progress topology kept behind for the pending period")
                    .containsAll(lagging);

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Set<String> fired = firingFallingBehindGoals(http, "/json");
                        assertThat(fired).containsAll(mustFire);
                        assertThat(mayFire).containsAll(fired);
                        assertThat(keys(http, "/flaky")).isEqualTo(keys(http, "/json"));
                        // The robot gets group messages, the first one group-wait (5 s here) after its first alert.
                        assertThat(http.requests("/wecom")).isNotEmpty();
                    });
            // The failing receiver was sent more requests than there are updates; each update once after dedup.
            assertThat(http.requests("/flaky").size())
                    .isGreaterThan(keys(http, "/flaky").size());
            assertThat(http.requests("/wecom"))
                    .allSatisfy(r -> assertThat(
                                    json.readTree(r.body()).get("msgtype").asText())
                            .isEqualTo("markdown"));
        }
    }

    private static final Duration PENDING = AlertConfig.defaults().pendingFor();

    private static boolean worse(GoalStatus status) {
        return status == GoalStatus.AT_RISK || status == GoalStatus.BEHIND;
    }

    /**
     * Goals whose history shows a run of AT_RISK/BEHIND records followed, within the run or by the
     * record ending it, by a record at least {@code pending} later: these must have fired. Worked
     * out here from the topic, independently of the rule engine.
     */
    private static Set<String> goalsWorseForAtLeast(List<GoalProgress> history, Duration pending) {
        Map<String, Long> runStart = new HashMap<>();
        Map<String, Long> latest = new HashMap<>();
        Set<String> result = new HashSet<>();
        for (GoalProgress p : history) {
            String goal = p.getGoalId();
            long t = Math.max(p.getAsOf().toEpochMilli(), latest.getOrDefault(goal, Long.MIN_VALUE));
            latest.put(goal, t);
            Long start = runStart.get(goal);
            if (start != null && t - start >= pending.toMillis()) {
                result.add(goal);
            }
            if (worse(p.getStatus())) {
                runStart.putIfAbsent(goal, t);
            } else {
                runStart.remove(goal);
            }
        }
        return result;
    }

    /** The progress history once the application has stopped adding to it (nothing new for 10 s). */
    private static List<GoalProgress> settledHistory(OrdosTopics topics, AvroSerdes serdes) {
        List<GoalProgress> history = new ArrayList<>();
        Properties props = kafka.consumerProperties(topics.prefix() + "history-reader");
        try (KafkaConsumer<String, GoalProgress> consumer = new KafkaConsumer<>(
                props,
                new StringDeserializer(),
                serdes.valueSerde(GoalProgress.class).deserializer())) {
            consumer.subscribe(List.of(topics.progressHistory().name()));
            long[] quiet = {System.nanoTime()};
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ZERO).until(() -> {
                int before = history.size();
                consumer.poll(Duration.ofMillis(500)).forEach(r -> history.add(r.value()));
                long now = System.nanoTime();
                if (history.size() != before || history.isEmpty()) {
                    quiet[0] = now;
                }
                return now - quiet[0] > Duration.ofSeconds(10).toNanos();
            });
        }
        return history;
    }

    private Set<String> firingFallingBehindGoals(TestReceiver http, String path) throws Exception {
        Set<String> goals = new HashSet<>();
        for (TestReceiver.Request r : http.requests(path)) {
            JsonNode n = json.readTree(r.body());
            if (n.get("kind").asText().equals("FALLING_BEHIND")
                    && n.get("state").asText().equals("FIRING")) {
                goals.add(n.get("goalId").asText());
            }
        }
        return goals;
    }

    private static Set<String> keys(TestReceiver http, String path) {
        return http.requests(path).stream()
                .map(TestReceiver.Request::idempotencyKey)
                .collect(Collectors.toSet());
    }
}
