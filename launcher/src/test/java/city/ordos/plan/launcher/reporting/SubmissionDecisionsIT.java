package city.ordos.plan.launcher.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.ReportSubmission;
import city.ordos.plan.avro.SubmissionState;
import city.ordos.plan.avro.SubmittedRow;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.ImportHeaders;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of the application, two operators, the same pending submission, the same moment:
 * exactly one approval is applied (its statements published once), the other operator is told it
 * was already decided or to decide again, and both instances show the one decision.
 */
class SubmissionDecisionsIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final int ROUNDS = 4;

    private static OrdosTopics topics;
    private static TopicSpec<String, ReportSubmission> published;
    private static KafkaSubmissions east;
    private static KafkaSubmissions west;

    @BeforeAll
    static void start() throws Exception {
        topics = kafka.createTopics();
        // Where the approved "statements" go: a topic of its own, counted with read_committed.
        published = new TopicSpec<>(
                topics.prefix() + "approved-statements",
                String.class,
                ReportSubmission.class,
                3,
                TopicSpec.CleanupPolicy.DELETE,
                null);
        kafka.createTopics(List.of(published));
        Map<String, Object> client = new HashMap<>();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        client.put("schema.registry.url", kafka.schemaRegistryUrl());
        String app = topics.prefix() + "decisions-it";
        east = KafkaSubmissions.open(
                client,
                topics.reportSubmissions(),
                new AvroSerdes(client),
                app + "-reporting-east",
                app + "-reporting-decisions",
                Duration.ofSeconds(60));
        west = KafkaSubmissions.open(
                client,
                topics.reportSubmissions(),
                new AvroSerdes(client),
                app + "-reporting-west",
                app + "-reporting-decisions",
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (east != null) {
            east.close();
        }
        if (west != null) {
            west.close();
        }
    }

    @Test
    void twoInstancesApprovingTheSameSubmissionAtOnceApplyItExactlyOnce() throws Exception {
        ExecutorService operators = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String id = "submission-" + round;
                east.record(pending(id));
                await().atMost(Duration.ofSeconds(30)).until(() -> west.get(id).isPresent());

                CyclicBarrier together = new CyclicBarrier(2);
                Future<String> fromEast = operators.submit(() -> approve(east, id, "op-east", together));
                Future<String> fromWest = operators.submit(() -> approve(west, id, "op-west", together));
                List<String> outcomes = List.of(fromEast.get(), fromWest.get());

                assertThat(outcomes)
                        .as("round %d: one approval applied, the other refused or told to decide again", round)
                        .containsOnlyOnce("APPROVED");
                String winner = outcomes.get(0).equals("APPROVED") ? "op-east" : "op-west";
                for (KafkaSubmissions instance : List.of(east, west)) {
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(
                                            instance.get(id).orElseThrow().getDecidedBy())
                                    .isEqualTo(winner));
                }
            }
        } finally {
            operators.shutdownNow();
        }

        // Each submission carries two statements: exactly two committed records per submission.
        Map<String, Integer> statements = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : committedRecords()) {
            if (r.key().startsWith("submission-")) {
                statements.merge(r.key(), 1, Integer::sum);
            }
        }
        Map<String, Integer> once = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            once.put("submission-" + round + "/1", 1);
            once.put("submission-" + round + "/2", 1);
        }
        assertThat(statements).isEqualTo(once);
    }

    /**
     * With approval turned off, a submission is published with its statements in one transaction,
     * and every instance shows it approved at once; it cannot be decided again.
     */
    @Test
    void aSubmissionNeedingNoApprovalIsPublishedWithItsStatements() throws Exception {
        String id = "unapproved-1";
        ReportSubmission published = SubmissionDecision.withoutApproval(pending(id), Instant.now());
        east.publish(new KafkaSubmissions.Decided(published, List.of(statement(id, 1))));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(west.get(id).orElseThrow().getState()).isEqualTo(SubmissionState.APPROVED));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(committedRecords().stream()
                                .map(ConsumerRecord::key)
                                .filter(k -> k.startsWith(id)))
                        .containsExactly(id + "/1"));
        assertThat(approve(west, id, "op-west", new CyclicBarrier(1))).isEqualTo("REFUSED");
    }

    /** One operator's approval; what they are told: APPROVED, or the refusal's kind. */
    private static String approve(KafkaSubmissions instance, String id, String operator, CyclicBarrier together)
            throws Exception {
        together.await();
        try {
            return instance.decide(
                            id,
                            current -> new KafkaSubmissions.Decided(
                                    SubmissionDecision.approve(current, operator, Instant.now()),
                                    List.of(statement(id, 1), statement(id, 2))),
                            Duration.ofSeconds(30))
                    .submission()
                    .getState()
                    .name();
        } catch (SubmissionDecision.RefusedException alreadyDecided) {
            return "REFUSED";
        } catch (KafkaSubmissions.NotRecordedException decideAgain) {
            return "NOT_RECORDED";
        }
    }

    private static KafkaSubmissions.Statement statement(String id, int line) {
        return new KafkaSubmissions.Statement(
                published.name(), id + "/" + line, pending(id), ImportHeaders.of("it.csv", line, id, "fgw", "op"));
    }

    private static ReportSubmission pending(String id) {
        return ReportSubmission.newBuilder()
                .setSubmissionId(id)
                .setState(SubmissionState.PENDING)
                .setDepartment("市发展和改革委员会")
                .setSubmittedBy("fgw")
                .setSubmittedAt(Instant.parse("2025-07-05T02:00:00Z"))
                .setFileName("it.csv")
                .setHeader(List.of("指标代码", "统计期", "数值", "单位"))
                .setRows(List.of(new SubmittedRow(2L, List.of("gdp.growth_yoy", "2025-06", "5.8", "%"))))
                .build();
    }

    private static List<ConsumerRecord<String, byte[]>> committedRecords() {
        Properties props = kafka.consumerProperties(topics.prefix() + "decisions-it-reader");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Assigned partitions, nothing to commit: no group to join or leave.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(published.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return records;
    }
}
