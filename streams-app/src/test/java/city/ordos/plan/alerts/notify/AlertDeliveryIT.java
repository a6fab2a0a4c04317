package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.alerts.topology.AlertTopology;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on the embedded broker and registry: progress history → the production
 * {@link AlertTopology} (exactly-once) → goal-alerts → {@link AlertNotifier} → HTTP receivers in
 * every format, one of them failing before it recovers, one rejecting everything.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AlertDeliveryIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String FAI = "ordos-2025/fai-growth";
    private static final String WIND = "ordos-2025/wind-capacity";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyReceiverGetsItsAlertsOnceByIdEvenAfterFailures() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        String prefix = topics.prefix();
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
        publishGoals(topics, serdes);
        publishAbortedAlert(topics, serdes);

        try (TestReceiver http = new TestReceiver()
                        .script(
                                "/flaky",
                                n -> n <= 5 ? new TestReceiver.Reply(503, "overloaded") : TestReceiver.Reply.OK)
                        .script("/reject", n -> new TestReceiver.Reply(403, "{\"error\":\"invalid token\"}"));
                KafkaStreams streams = startAlertTopology(topics, serdes, prefix + "alerts-app");
                AlertNotifier notifier = new AlertNotifier(
                        notifierConfig(http, prefix),
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        serdes,
                        new SimpleMeterRegistry(),
                        new SilenceRegistry(Clock.systemUTC()),
                        Clock.systemUTC())) {
            notifier.start();
            publishProgress(topics, serdes);

            Set<String> all = Set.of(
                    FAI + "/falling-behind/20250707T160000Z#1",
                    FAI + "/falling-behind/20250707T160000Z#2",
                    FAI + "/falling-behind/20250707T160000Z#3",
                    WIND + "/achieved/20251119T160000Z#1");
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        assertThat(distinctKeys(http, "/json")).containsExactlyInAnyOrderElementsOf(all);
                        assertThat(distinctKeys(http, "/flaky")).containsExactlyInAnyOrderElementsOf(all);
                        assertThat(distinctKeys(http, "/wecom")).hasSize(3);
                        assertThat(distinctKeys(http, "/dingtalk")).hasSize(1);
                        assertThat(distinctKeys(http, "/am/api/v2/alerts")).hasSize(3);
                        assertThat(deadLetters(topics, serdes, prefix)).hasSize(1);
                    });

            // The generic JSON receiver saw the episode in order, and nothing of the aborted transaction;
            // the alert fired on 07-08 speaks of the figures known then (as of 07-05).
            List<JsonNode> received = new ArrayList<>();
            for (TestReceiver.Request r : http.requests("/json")) {
                received.add(json.readTree(r.body()));
            }
            assertThat(received).extracting(n -> n.get("alertId").asText()).doesNotContain("aborted");
            assertThat(received.stream()
                            .filter(n -> n.get("goalId").asText().equals("fai-growth"))
                            .map(n -> n.get("state").asText())
                            .distinct()
                            .toList())
                    .containsExactly("FIRING", "ESCALATED", "RESOLVED");
            JsonNode firing = received.stream()
                    .filter(n -> n.get("state").asText().equals("FIRING")
                            && n.get("kind").asText().equals("FALLING_BEHIND"))
                    .findFirst()
                    .orElseThrow();
            assertThat(firing.get("messageZh").asText())
                    .isEqualTo("【进度预警】固定资产投资增长: 截至2025-07-05 完成预期进度的 72%，预计全年 8.1%（目标 ≥10%）");
            assertThat(firing.get("department").asText()).isEqualTo("市发展和改革委员会");

            // The receiver that failed first was sent some alerts more than once; its dedup by key keeps one each.
            assertThat(http.requests("/flaky").size()).isGreaterThan(all.size());

            // Robots get group messages (grouped by department by default): the episode's three updates,
            // the last one reported as recovered.
            List<JsonNode> wecom = new ArrayList<>();
            for (TestReceiver.Request r : http.requests("/wecom")) {
                wecom.add(json.readTree(r.body()));
            }
            assertThat(wecom)
                    .allSatisfy(m -> assertThat(m.get("msgtype").asText()).isEqualTo("markdown"));
            assertThat(wecom.stream()
                            .map(m -> m.get("markdown").get("content").asText())
                            .distinct()
                            .toList())
                    .hasSize(3)
                    .allSatisfy(text -> assertThat(text).contains("固定资产投资增长", "市发展和改革委员会"))
                    .satisfies(texts -> assertThat(texts.get(0)).startsWith("### 【计划监测】市发展和改革委员会 1 项预警"))
                    .satisfies(texts -> assertThat(texts.get(2))
                            .startsWith("### 【计划监测】市发展和改革委员会 1 项恢复")
                            .contains(FAI + "/falling-behind/20250707T160000Z#3"));
            JsonNode ding = json.readTree(http.requests("/dingtalk").get(0).body());
            assertThat(ding.get("markdown").get("title").asText()).isEqualTo("【计划监测】市能源局 1 项通知");
            assertThat(ding.get("markdown").get("text").asText())
                    .contains("【目标达成】风电装机容量", WIND + "/achieved/20251119T160000Z#1");
            assertThat(http.requests("/am/api/v2/alerts").stream()
                            .map(r -> readArray(r.body()).size())
                            .toList())
                    .containsExactly(1, 2, 1); // FIRING; ESCALATED = warning ended + critical started; RESOLVED

            DeadLetter rejected = deadLetters(topics, serdes, prefix).get(0);
            assertThat(rejected.getReasonCode()).isEqualTo("ALERT_DELIVERY_REJECTED");
            assertThat(rejected.getComponent()).isEqualTo("alert-notifier/reject");
            // The rejected record is the queued message (which holds the alert), at its place in the queue.
            assertThat(rejected.getSourceTopic())
                    .isEqualTo(topics.alertNotifications().name());
            assertThat(rejected.getMessage()).contains("HTTP 403");
        }
    }

    @Test
    void aRestartedNotifierResumesAfterTheLastDeliveredAlert() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        String prefix = topics.prefix();
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
        try (TestReceiver http = new TestReceiver()) {
            NotifierConfig toHttp = NotifierConfig.of(
                            List.of(ReceiverConfig.of("ops", ReceiverType.JSON, http.url("/ops"))),
                            RetryPolicy.defaults())
                    .withTopicPrefix(prefix)
                    .withGroupId(prefix + "n");
            publishAlerts(topics, serdes, 1, 2, 3);
            try (AlertNotifier first = notifier(toHttp, serdes)) {
                first.start();
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(distinctKeys(http, "/ops")).hasSize(3));
            }
            publishAlerts(topics, serdes, 4, 5);
            try (AlertNotifier second = notifier(toHttp, serdes)) {
                second.start();
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(distinctKeys(http, "/ops")).hasSize(5));
            }
            // Offsets were committed after each delivery: the second run sent only what was new.
            assertThat(http.requests("/ops"))
                    .extracting(TestReceiver.Request::idempotencyKey)
                    .containsExactly(key(1), key(2), key(3), key(4), key(5));
        }
    }

    private static String key(int sequence) {
        return Alerts.firing().getAlertId() + "#" + sequence;
    }

    private AlertNotifier notifier(NotifierConfig config, AvroSerdes serdes) {
        return new AlertNotifier(
                config,
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                serdes,
                new SimpleMeterRegistry(),
                new SilenceRegistry(Clock.systemUTC()),
                Clock.systemUTC());
    }

    private void publishAlerts(OrdosTopics topics, AvroSerdes serdes, int... sequences) throws Exception {
        try (KafkaProducer<String, GoalAlert> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalAlert.class).serializer())) {
            for (int sequence : sequences) {
                producer.send(new ProducerRecord<>(
                                topics.alerts().name(),
                                FAI,
                                Alerts.falling(AlertState.FIRING, sequence, Severity.WARNING)
                                        .build()))
                        .get();
            }
        }
    }

    private NotifierConfig notifierConfig(TestReceiver http, String prefix) {
        RetryPolicy fast = new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5));
        // This test is about every format reaching its receiver on the real clock; grouping has its own
        // tests on a hand-moved clock (NotificationPlannerTest, PacedDeliveryIT). Without a wait or an
        // interval each update of a robot's group goes out as its own group message at once.
        Grouping immediate = new Grouping(null, Duration.ZERO, Duration.ZERO, null, null, null);
        List<ReceiverConfig> receivers = List.of(
                ReceiverConfig.of("json", ReceiverType.JSON, http.url("/json")),
                ReceiverConfig.of("flaky", ReceiverType.JSON, http.url("/flaky")),
                new ReceiverConfig(
                                "wecom",
                                ReceiverType.WECOM,
                                http.url("/wecom"),
                                Set.of("headline"),
                                Set.of(),
                                null,
                                Map.of())
                        .withGrouping(immediate),
                new ReceiverConfig(
                                "dingtalk",
                                ReceiverType.DINGTALK,
                                http.url("/dingtalk"),
                                Set.of(),
                                Set.of("市能源局"),
                                null,
                                Map.of())
                        .withGrouping(immediate),
                new ReceiverConfig(
                        "am",
                        ReceiverType.ALERTMANAGER,
                        http.url("/am"),
                        Set.of(),
                        Set.of(),
                        Severity.WARNING,
                        Map.of()),
                new ReceiverConfig(
                        "reject", ReceiverType.JSON, http.url("/reject"), Set.of(), Set.of("市能源局"), null, Map.of()));
        return NotifierConfig.of(receivers, fast).withTopicPrefix(prefix).withGroupId(prefix + "notifier");
    }

    private KafkaStreams startAlertTopology(OrdosTopics topics, AvroSerdes serdes, String appId) {
        Properties props = kafka.streamsProperties(appId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        AtomicReference<Instant> planClock = new AtomicReference<>(at("2025-01-01T00:00"));
        AlertTopology.addTo(
                builder,
                topics,
                serdes,
                AlertConfig.defaults().withEvaluateEvery(Duration.ofMillis(200)),
                planClock::get);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setUncaughtExceptionHandler(
                e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private void publishGoals(OrdosTopics topics, AvroSerdes serdes) throws Exception {
        try (KafkaProducer<String, GoalDefinition> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalDefinition.class).serializer())) {
            producer.send(new ProducerRecord<>(
                            topics.goals().name(),
                            FAI,
                            definition(
                                    "fai-growth",
                                    "headline",
                                    "固定资产投资增长",
                                    "Fixed-asset investment growth",
                                    "%",
                                    "10",
                                    "市发展和改革委员会")))
                    .get();
            producer.send(new ProducerRecord<>(
                            topics.goals().name(),
                            WIND,
                            definition("wind-capacity", "5", "风电装机容量", "Wind power capacity", "万千瓦", "1200", "市能源局")))
                    .get();
        }
    }

    /** An alert of a transaction that was rolled back: read_committed receivers must never see it. */
    private void publishAbortedAlert(OrdosTopics topics, AvroSerdes serdes) {
        Properties props = kafka.producerProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "aborting-producer");
        try (KafkaProducer<String, GoalAlert> producer = new KafkaProducer<>(
                props,
                new StringSerializer(),
                serdes.valueSerde(GoalAlert.class).serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(
                    topics.alerts().name(),
                    FAI,
                    Alerts.falling(AlertState.FIRING, 1, Severity.WARNING)
                            .setAlertId("aborted")
                            .build()));
            producer.flush();
            producer.abortTransaction();
        }
    }

    private void publishProgress(OrdosTopics topics, AvroSerdes serdes) throws Exception {
        try (KafkaProducer<String, GoalProgress> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalProgress.class).serializer())) {
            String history = topics.progressHistory().name();
            // fai-growth: at risk from 07-05, fires 07-08 (72 h), behind from 07-10, escalates 07-13,
            // back on track 07-15, resolves 07-22 (168 h hold)
            for (var step : List.of(
                    Map.entry("2025-07-01T00:00", GoalStatus.ON_TRACK),
                    Map.entry("2025-07-05T00:00", GoalStatus.AT_RISK),
                    Map.entry("2025-07-09T00:00", GoalStatus.AT_RISK),
                    Map.entry("2025-07-10T00:00", GoalStatus.BEHIND),
                    Map.entry("2025-07-14T00:00", GoalStatus.BEHIND),
                    Map.entry("2025-07-15T00:00", GoalStatus.ON_TRACK),
                    Map.entry("2025-07-25T00:00", GoalStatus.ON_TRACK))) {
                Instant asOf = at(step.getKey());
                producer.send(new ProducerRecord<>(
                                history,
                                null,
                                asOf.toEpochMilli(),
                                FAI,
                                progress(
                                        "fai-growth",
                                        "headline",
                                        "固定资产投资增长",
                                        "Fixed-asset investment growth",
                                        "%",
                                        "10",
                                        "7.2",
                                        "10",
                                        "8.1",
                                        step.getValue(),
                                        asOf)))
                        .get();
            }
            for (var step : List.of(
                    Map.entry("2025-11-01T00:00", GoalStatus.ON_TRACK),
                    Map.entry("2025-11-20T00:00", GoalStatus.ACHIEVED))) {
                Instant asOf = at(step.getKey());
                producer.send(new ProducerRecord<>(
                                history,
                                null,
                                asOf.toEpochMilli(),
                                WIND,
                                progress(
                                        "wind-capacity",
                                        "5",
                                        "风电装机容量",
                                        "Wind power capacity",
                                        "万千瓦",
                                        "1200",
                                        "1215",
                                        "1100",
                                        "1300",
                                        step.getValue(),
                                        asOf)))
                        .get();
            }
        }
    }

    private static GoalProgress progress(
            String goalId,
            String section,
            String zh,
            String en,
            String unit,
            String target,
            String actual,
            String expected,
            String projected,
            GoalStatus status,
            Instant asOf) {
        return GoalProgress.newBuilder()
                .setPlanId("ordos-2025")
                .setGoalId(goalId)
                .setSection(section)
                .setNameZh(zh)
                .setNameEn(en)
                .setUnit(unit)
                .setKind(GoalKind.CUMULATIVE)
                .setComparator(Comparator.AT_LEAST)
                .setTarget(new BigDecimal(target))
                .setActual(new BigDecimal(actual))
                .setExpectedByNow(new BigDecimal(expected))
                .setProjectedYearEnd(new BigDecimal(projected))
                .setStatus(status)
                .setContributingSources(3)
                .setLatestEventTime(asOf)
                .setAsOf(asOf)
                .setComputedAt(Instant.now())
                .build();
    }

    private static GoalDefinition definition(
            String goalId, String section, String zh, String en, String unit, String target, String department) {
        return TestGoals.goal(goalId)
                .setSection(section)
                .setSectionTitleZh(section)
                .setSectionTitleEn(section)
                .setPhraseZh(zh)
                .setNameZh(zh)
                .setNameEn(en)
                .setUnit(unit)
                .setTarget(new BigDecimal(target))
                .setDepartment(department)
                .setCadenceDays(90)
                .build();
    }

    private static Set<String> distinctKeys(TestReceiver http, String path) {
        return http.requests(path).stream()
                .map(TestReceiver.Request::idempotencyKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private List<DeadLetter> deadLetters(OrdosTopics topics, AvroSerdes serdes, String prefix) {
        Properties props = kafka.consumerProperties(prefix + "dlt-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(
                props,
                new StringDeserializer(),
                serdes.valueSerde(DeadLetter.class).deserializer())) {
            consumer.subscribe(Set.of(topics.deadLetters().name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
                if (!letters.isEmpty() && consumer.assignment().size() > 0) {
                    break;
                }
            }
        }
        return letters;
    }

    private JsonNode readArray(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }
}
