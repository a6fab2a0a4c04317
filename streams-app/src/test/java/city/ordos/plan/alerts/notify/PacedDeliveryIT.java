package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier ({@link AlertNotifier}: planner on Kafka Streams, durable queue, paced dispatcher)
 * on the embedded broker against a fake DingTalk robot that enforces its documented limit of 20
 * messages a minute and checks 加签 signatures. Time is a hand-moved clock shared by the notifier and
 * the robot: it stands still until the planner has taken in the whole burst, then the test moves it
 * a second per poll, and the dispatcher's waits move it too.
 */
class PacedDeliveryIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final String SECRET = "SEC8f1c1d2e3a4b5c6d7e8f90a1b2c3d4e5f6";
    private static final Instant START = Instant.parse("2025-07-14T02:00:00Z"); // Monday 10:00 in Ordos

    private static final List<GoalDefinition> GOALS = BuiltInCatalog.goals();

    @Test
    void aBurstForEveryGoalReachesARateLimitedRobotCompletelyGroupedAndWithinItsLimit() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        AvroSerdes serdes = serdes();
        ManualClock clock = new ManualClock(START);
        try (FakeRobot robot = new FakeRobot(FakeRobot.Kind.DINGTALK, "city-centre", SECRET, clock);
                AlertNotifier notifier = notifier(topics, serdes, robot, SECRET, clock, clock.sleeper())) {
            notifier.start();
            Set<String> keys = publishBurst(topics, serdes);
            awaitPlanned(topics, keys.size());

            awaitDelivered(robot, clock, keys);

            List<FakeRobot.Message> shown = robot.shown();
            assertThat(robot.tooFast()).as("requests over the robot's limit").isZero();
            assertThat(robot.refusals()).isEmpty();
            // Grouped by department and section: one message per group, more groups than the robot takes a minute.
            assertThat(groupsInCatalog()).isGreaterThan(20).isLessThan(GOALS.size());
            assertThat(shown).hasSize(groupsInCatalog());
            assertThat(shown.stream().map(FakeRobot.Message::idempotencyKey).distinct())
                    .hasSize(shown.size());
            assertThat(deadLetters(topics, serdes)).isEmpty();
            // No minute holds more than 20 of them.
            for (FakeRobot.Message m : shown) {
                long inWindow = shown.stream()
                        .filter(o -> !o.at().isBefore(m.at()) && o.at().isBefore(m.at().plus(Duration.ofMinutes(1))))
                        .count();
                assertThat(inWindow).isLessThanOrEqualTo(20);
            }
        }
    }

    @Test
    void aRestartInTheMiddleOfAPacedQueueLosesNothingAndSendsNothingTwice() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        AvroSerdes serdes = serdes();
        ManualClock clock = new ManualClock(START);
        CountDownLatch never = new CountDownLatch(1);
        try (FakeRobot robot = new FakeRobot(FakeRobot.Kind.DINGTALK, "city-centre", SECRET, clock)) {
            Set<String> keys;
            // The first run may not wait for the limit: it sends the first 20 and stops there until closed.
            try (AlertNotifier first = notifier(topics, serdes, robot, SECRET, clock, d -> never.await())) {
                first.start();
                keys = publishBurst(topics, serdes);
                awaitPlanned(topics, keys.size());
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            clock.advance(Duration.ofSeconds(1));
                            return robot.shown().size() >= 20;
                        });
            }
            assertThat(robot.shown()).hasSize(20);
            try (AlertNotifier second = notifier(topics, serdes, robot, SECRET, clock, clock.sleeper())) {
                second.start();
                awaitDelivered(robot, clock, keys);
            }
            List<String> ids = robot.shown().stream()
                    .map(FakeRobot.Message::idempotencyKey)
                    .toList();
            assertThat(ids).doesNotHaveDuplicates().hasSize(groupsInCatalog());
            assertThat(robot.tooFast()).isZero();
            assertThat(deadLetters(topics, serdes)).isEmpty();
        }
    }

    @Test
    void aWrongSecretIsRefusedByTheRobotAndEndsOnTheDeadLetterTopicSayingWhy() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        AvroSerdes serdes = serdes();
        ManualClock clock = new ManualClock(START);
        try (FakeRobot robot = new FakeRobot(FakeRobot.Kind.DINGTALK, "city-centre", SECRET, clock);
                AlertNotifier notifier = notifier(topics, serdes, robot, "SECnot-the-robots", clock, clock.sleeper())) {
            notifier.start();
            publish(topics, serdes, List.of(alert(GOALS.get(0))));

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        clock.advance(Duration.ofSeconds(1));
                        return !robot.refusals().isEmpty();
                    });
            List<DeadLetter> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                letters.addAll(deadLetters(topics, serdes));
                return !letters.isEmpty();
            });
            assertThat(robot.shown()).isEmpty();
            assertThat(robot.refusals()).isNotEmpty();
            assertThat(letters.get(0).getReasonCode()).isEqualTo("ALERT_DELIVERY_REJECTED");
            assertThat(letters.get(0).getComponent()).isEqualTo("alert-notifier/centre");
            assertThat(letters.get(0).getMessage())
                    .contains("rejected by centre", "errcode 310000", "sign not match", "加签 secret");
        }
    }

    private AlertNotifier notifier(
            OrdosTopics topics, AvroSerdes serdes, FakeRobot robot, String secret, ManualClock clock, Sleeper sleeper) {
        ReceiverConfig centre = ReceiverConfig.of("centre", ReceiverType.DINGTALK, robot.webhook())
                .withSecret(secret)
                .withGrouping(new Grouping(
                        List.of("department", "section"),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        null,
                        null,
                        null));
        NotifierConfig config = NotifierConfig.of(
                        List.of(centre),
                        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(10)))
                .withTopicPrefix(topics.prefix())
                .withGroupId(topics.prefix() + "notifier")
                .withEvaluateEvery(Duration.ofMillis(100));
        Map<String, Object> clients = new HashMap<>();
        kafka.streamsProperties(topics.prefix() + "notifier").forEach((k, v) -> clients.put((String) k, v));
        return new AlertNotifier(
                config,
                clients,
                serdes,
                new SimpleMeterRegistry(),
                new SilenceRegistry(clock),
                id -> Optional.empty(),
                clock,
                sleeper);
    }

    /**
     * Waits, with the clock standing still, until the planner has taken in (committed, in its
     * transactions) all {@code count} alerts: no group wait can end before every alert of the burst
     * is in its group, however slowly the machine runs.
     */
    private static void awaitPlanned(OrdosTopics topics, int count) {
        String planner = topics.prefix() + "notifier";
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        kafka
                                        .admin()
                                        .listConsumerGroupOffsets(planner)
                                        .partitionsToOffsetAndMetadata()
                                        .get()
                                        .entrySet()
                                        .stream()
                                        .filter(e -> e.getValue() != null
                                                && e.getKey()
                                                        .topic()
                                                        .endsWith(NotifierTopology.REPARTITION + "-repartition"))
                                        .mapToLong(e -> e.getValue().offset())
                                        .sum()
                                >= count);
    }

    private static void awaitDelivered(FakeRobot robot, ManualClock clock, Set<String> keys) {
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    return deliveredKeys(robot).containsAll(keys);
                });
    }

    /** Every alert key the robot showed, read from the message texts. */
    private static Set<String> deliveredKeys(FakeRobot robot) {
        Set<String> keys = new HashSet<>();
        for (FakeRobot.Message m : robot.shown()) {
            String text = m.body().path("markdown").path("text").asText();
            for (GoalDefinition g : GOALS) {
                String key = alertId(g) + "#1";
                if (text.contains(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private static int groupsInCatalog() {
        return (int) GOALS.stream()
                .map(g -> g.getDepartment() + "|" + g.getSection())
                .distinct()
                .count();
    }

    private Set<String> publishBurst(OrdosTopics topics, AvroSerdes serdes) throws Exception {
        List<GoalAlert> alerts = GOALS.stream().map(PacedDeliveryIT::alert).toList();
        publish(topics, serdes, alerts);
        return alerts.stream().map(a -> a.getAlertId() + "#1").collect(Collectors.toSet());
    }

    private void publish(OrdosTopics topics, AvroSerdes serdes, List<GoalAlert> alerts) throws Exception {
        try (KafkaProducer<String, GoalAlert> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalAlert.class).serializer())) {
            for (GoalAlert a : alerts) {
                producer.send(new ProducerRecord<>(topics.alerts().name(), a.getPlanId() + "/" + a.getGoalId(), a));
            }
            producer.flush();
        }
    }

    private static String alertId(GoalDefinition g) {
        return g.getPlanId() + "/" + g.getGoalId() + "/falling-behind/20250713T160000Z";
    }

    private static GoalAlert alert(GoalDefinition g) {
        return Alerts.falling(AlertState.FIRING, 1, Severity.WARNING)
                .setAlertId(alertId(g))
                .setPlanId(g.getPlanId())
                .setGoalId(g.getGoalId())
                .setSection(g.getSection())
                .setDepartment(g.getDepartment())
                .setKind(AlertKind.FALLING_BEHIND)
                .setMessageZh("【进度预警】" + g.getNameZh() + ": 截至2025-07-10 完成预期进度的 72%")
                .setMessageEn("[Falling behind] " + g.getNameEn())
                .build();
    }

    private AvroSerdes serdes() {
        return new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
    }

    private List<DeadLetter> deadLetters(OrdosTopics topics, AvroSerdes serdes) {
        Properties props = kafka.consumerProperties(topics.prefix() + "dlt-" + System.nanoTime());
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
            }
        }
        return letters;
    }
}
