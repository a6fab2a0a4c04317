package city.ordos.plan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.OrdosTopology;
import city.ordos.plan.app.ReconcileCommand;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.ForeignWriters;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poison records that used to stop the product, published among valid ones to the real
 * broker and registry, through the production {@link StreamsRunner} (exactly-once, its error
 * policy): an amount that overflows 38 digits once converted or summed, a record so close to the
 * size limit that a dead letter carrying it could not be sent, writers declaring the amount with
 * scale 2 or as text, a report stamped 2099, and a valid record the processing fails on after its
 * checks (the plan clock throws on its event time). The instance stays RUNNING without replacing a thread, each lands
 * on the dead-letter topic once with its own reason, the valid figures are exact and the books
 * balance; the same after a restart on the same state.
 */
class PoisonRecordsIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    /** The as-of day whose statements the plan clock fails on, standing in for any failure after the checks. */
    private static final String POISON_DAY = "2025-07-07";

    @Test
    void poison_records_are_dead_lettered_once_and_the_application_keeps_running_across_a_restart() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(kafka.uniquePrefix() + "poison")
                .forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put("schema.registry.url", kafka.schemaRegistryUrl());
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "fixed:2025-12-31");
        settings.put(AppConfig.GOAL_PARTITIONS, "2");
        settings.put(AppConfig.EVALUATE_INTERVAL_MS, "200");
        AppConfig config = AppConfig.of(settings);
        AvroSerdes serdes = new AvroSerdes(config.serdeConfigs());

        Properties producerProps = kafka.producerProperties();
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2097152");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            Publisher out = new Publisher(producer, serdes, topics);
            out.goal(investmentGoal());

            Map<String, String> expectedReasons = new TreeMap<>();
            Map<String, BigDecimal> latest = new TreeMap<>();
            StreamsRunner runner = runner(config);
            try {
                runner.start();
                runner.awaitRunning(Duration.ofSeconds(90));
                Set<String> threads = threadNames(runner.streams());

                for (int p = 1; p <= 4; p++) {
                    out.report(report("PRJ-" + p, "2025-06-30", "2025-07-05", "1" + p + ".25", "亿元"));
                    latest.put("PRJ-" + p, new BigDecimal("1" + p + ".25"));
                }
                expectedReasons.put(
                        out.report(report(
                                "PRJ-X1", "2025-06-30", "2025-07-05", "99999999999999999999999999999999.999999", "亿元")),
                        "AMOUNT_TOO_LARGE");
                expectedReasons.put(
                        out.report(
                                report("PRJ-X2", "2025-06-30", "2025-07-05", "1000000000000000000000000000000", "万亿元")),
                        "AMOUNT_TOO_LARGE");
                InvestmentReport huge = report("PRJ-X3", "2025-06-30", "2025-07-05", "1", "亿元");
                String oversized = out.reportOfSize(huge, 1_048_450);
                expectedReasons.put(oversized, "OVERSIZED");
                expectedReasons.put(
                        out.foreign(
                                ForeignWriters.investmentWithScale(2),
                                report("PRJ-X4", "2025-06-30", "2025-07-05", "12.34", "亿元")),
                        "INCOMPATIBLE_WRITER_SCHEMA");
                expectedReasons.put(
                        out.foreign(
                                ForeignWriters.investmentWithTextAmount(),
                                report("PRJ-X5", "2025-06-30", "2025-07-05", "10", "亿元")),
                        "INCOMPATIBLE_WRITER_SCHEMA");
                expectedReasons.put(
                        out.report(report("PRJ-1", "2025-06-30", "2099-01-01", "999", "亿元")), "FUTURE_REPORT");
                expectedReasons.put(
                        out.report(report("PRJ-X6", POISON_DAY, "2025-07-08", "1", "亿元")), "PROCESSING_FAILED");
                // a restatement after all of them still counts
                out.report(report("PRJ-2", "2025-06-30", "2025-07-09", "20", "亿元"));
                latest.put("PRJ-2", new BigDecimal("20"));

                Map<String, DeadLetter> letters = awaitLetters(topics, expectedReasons.size());
                Map<String, String> reasons = new TreeMap<>();
                letters.forEach((id, d) -> reasons.put(id, d.getReasonCode()));
                assertThat(reasons).isEqualTo(expectedReasons);
                DeadLetter tooLargeToCarry = letters.get(oversized);
                assertThat(tooLargeToCarry.getOriginalValue())
                        .as("bytes left out: the letter would not fit")
                        .isNull();
                assertThat(tooLargeToCarry.getOriginalValueSize()).isEqualTo(out.size(oversized));
                assertThat(tooLargeToCarry.getOriginalValueSha256()).isEqualTo(out.sha256(oversized));
                assertThat(letters.values())
                        .filteredOn(d -> !d.getReasonCode().equals("OVERSIZED"))
                        .allSatisfy(d -> assertThat(d.getOriginalValue()).isNotNull());

                awaitFigure(runner, sum(latest));
                assertThat(runner.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(threadNames(runner.streams()))
                        .as("no stream thread died and was replaced")
                        .isEqualTo(threads);
                assertBalanced(config);
            } finally {
                runner.close();
            }

            // Restarted on the same state directory: nothing is dead-lettered again, figures hold, new input counts.
            StreamsRunner again = runner(config);
            try {
                again.start();
                again.awaitRunning(Duration.ofSeconds(90));
                out.report(report("PRJ-5", "2025-06-30", "2025-07-05", "5.5", "亿元"));
                latest.put("PRJ-5", new BigDecimal("5.5"));
                awaitFigure(again, sum(latest));
                assertThat(awaitLetters(topics, expectedReasons.size()).keySet())
                        .isEqualTo(expectedReasons.keySet());
                assertThat(again.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertBalanced(config);
            } finally {
                again.close();
            }
        }
    }

    /** The production topology, with a plan clock that fails on statements as of the poison day. */
    private static StreamsRunner runner(AppConfig config) {
        PlanClock configured = config.newClock(Clock.systemUTC());
        long poison = PlanCalendar.endOfDay(LocalDate.parse(POISON_DAY)).toEpochMilli();
        PlanClock failingAfterTheChecks = new PlanClock() {
            @Override
            public Instant now() {
                return configured.now();
            }

            @Override
            public void observe(long eventTimeMillis) {
                if (eventTimeMillis == poison) {
                    throw new IllegalStateException("injected failure after the checks");
                }
                configured.observe(eventTimeMillis);
            }
        };
        return new StreamsRunner(
                config,
                OrdosTopology.build(
                        config, new AvroSerdes(config.serdeConfigs()), failingAfterTheChecks, PipelineMetrics.NONE));
    }

    private static void assertBalanced(AppConfig config) {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    ReconciliationReport books = ReconcileCommand.reconcile(config);
                    assertThat(books.balanced()).as("%s", books.render()).isTrue();
                    assertThat(books.duplicateDeadLetters()).isEmpty();
                });
    }

    private static void awaitFigure(StreamsRunner runner, BigDecimal expected) {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    GoalProgress p = runner.progressStore().get("ordos-2025/fai");
                    assertThat(p).isNotNull();
                    assertThat(p.getActual()).isEqualByComparingTo(expected);
                });
    }

    /** Every dead letter on the topic (read_committed), by the input record it names; fails on a second letter for one. */
    private static Map<String, DeadLetter> awaitLetters(OrdosTopics topics, int expected) {
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
        Map<String, DeadLetter> letters = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumerProperties("poison-check-" + UUID.randomUUID()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.deadLetters().name()));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    DeadLetter d =
                            serdes.valueSerde(DeadLetter.class).deserializer().deserialize(r.topic(), r.value());
                    String id = d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset();
                    if (letters.put(id, d) != null) {
                        twice.add(id);
                    }
                }
                return letters.size() >= expected;
            });
            // Whatever else is committed by now is read too, so a late duplicate shows.
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> twice.add("extra letter at offset " + r.offset()));
        }
        assertThat(twice).as("records dead-lettered more than once").isEmpty();
        return letters;
    }

    private static Set<String> threadNames(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream()
                .map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
    }

    private static BigDecimal sum(Map<String, BigDecimal> values) {
        return values.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static GoalDefinition investmentGoal() {
        return GoalDefinition.newBuilder()
                .setPlanId("ordos-2025")
                .setGoalId("fai")
                .setPlanYear(2025)
                .setSection("2.2")
                .setSectionTitleZh("重大项目")
                .setSectionTitleEn("Major projects")
                .setPhraseZh("完成投资")
                .setNameZh("完成投资")
                .setNameEn("Investment completed")
                .setUnit("亿元")
                .setComparator(Comparator.AT_LEAST)
                .setTarget(new BigDecimal("1000.000000"))
                .setKind(GoalKind.CUMULATIVE)
                .setDepartment("市发展和改革委员会")
                .setPace("LINEAR")
                .setCadenceDays(60)
                .setFeed(FeedSelector.newBuilder()
                        .setStream(InputStream.INVESTMENT)
                        .setMetric("investment.completed")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setUnit("亿元")
                        .setCategories(List.of())
                        .build())
                .build();
    }

    private static InvestmentReport report(String project, String asOf, String reportedOn, String value, String unit) {
        return InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId(project + "-" + asOf + "-" + reportedOn + "-" + value)
                        .setSourceId(project)
                        .setEventTime(PlanCalendar.endOfDay(LocalDate.parse(asOf)))
                        .setReportedAt(PlanCalendar.endOfDay(LocalDate.parse(reportedOn)))
                        .build())
                .setProjectId(project)
                .setProjectName("项目 " + project)
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INDUSTRY")
                .setQuantity(new Quantity(new BigDecimal(value).setScale(6), unit))
                .build();
    }

    /** Publishes and remembers what it sent, by topic-partition@offset. */
    private static final class Publisher {
        private final KafkaProducer<String, byte[]> producer;
        private final AvroSerdes serdes;
        private final OrdosTopics topics;
        private final Map<String, byte[]> sent = new HashMap<>();

        Publisher(KafkaProducer<String, byte[]> producer, AvroSerdes serdes, OrdosTopics topics) {
            this.producer = producer;
            this.serdes = serdes;
            this.topics = topics;
        }

        void goal(GoalDefinition goal) throws Exception {
            producer.send(new ProducerRecord<>(
                            topics.goals().name(),
                            OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId()),
                            serdes.valueSerde(GoalDefinition.class)
                                    .serializer()
                                    .serialize(topics.goals().name(), goal)))
                    .get();
        }

        String report(InvestmentReport r) throws Exception {
            String topic = topics.investment().name();
            return send(
                    r.getHeader().getSourceId(),
                    serdes.valueSerde(InvestmentReport.class).serializer().serialize(topic, r));
        }

        /** The report with its project name padded so that the record's value is exactly {@code bytes} long. */
        String reportOfSize(InvestmentReport r, int bytes) throws Exception {
            String topic = topics.investment().name();
            byte[] value =
                    serdes.valueSerde(InvestmentReport.class).serializer().serialize(topic, r);
            for (int i = 0; i < 3 && value.length != bytes; i++) {
                int more = bytes - value.length; // the name's length prefix may grow a byte or two on the way
                String name = r.getProjectName();
                r.setProjectName(more > 0 ? name + "x".repeat(more) : name.substring(0, name.length() + more));
                value = serdes.valueSerde(InvestmentReport.class).serializer().serialize(topic, r);
            }
            assertThat(value).as("test setup: value size").hasSize(bytes);
            return send(r.getHeader().getSourceId(), value);
        }

        String foreign(Schema writer, InvestmentReport r) throws Exception {
            return send(
                    r.getHeader().getSourceId(),
                    ForeignWriters.frame(serdes.client(), "foreign-" + UUID.randomUUID(), writer, r));
        }

        private String send(String key, byte[] value) throws Exception {
            RecordMetadata m = producer.send(
                            new ProducerRecord<>(topics.investment().name(), key, value))
                    .get();
            String id = m.topic() + "-" + m.partition() + "@" + m.offset();
            sent.put(id, value);
            return id;
        }

        int size(String id) {
            return sent.get(id).length;
        }

        String sha256(String id) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sent.get(id)));
        }
    }
}
