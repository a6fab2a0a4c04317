package city.ordos.plan.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalAggregate;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.topics.OrdosTopics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer job, launched from its shaded jar as the benchmark launches it (its own JVM, its own
 * local MiniCluster and kafka-clients), against the embedded broker and registry: registry-framed
 * Avro inputs in, per-goal sums out, visible to a read_committed consumer once checkpointed.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FlinkPeerIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final Instant END_OF_FEB = Instant.parse("2025-02-28T15:59:59.999Z");
    private static final Instant END_OF_MARCH = Instant.parse("2025-03-31T15:59:59.999Z");

    @Test
    void sumsTheStandingStatementsOfEachGoalExactlyOnce(@TempDir Path checkpoints) throws Exception {
        Path jar = Path.of(System.getProperty("bench.flink.jar", "target/bench-flink-0.1.0-SNAPSHOT-all.jar"));
        assertThat(jar).as("the shaded jar (built in the package phase)").exists();
        OrdosTopics topics = kafka.createTopics();
        String output = topics.prefix() + "flink-goal-aggregates";
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));

        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            send(
                    producer,
                    serdes,
                    topics.goals().name(),
                    "ordos-2025/fai",
                    goal("fai", InputStream.INVESTMENT, "investment.completed", StatementType.YEAR_TO_DATE, "亿元"));
            send(
                    producer,
                    serdes,
                    topics.goals().name(),
                    "ordos-2025/power",
                    goal("power", InputStream.ENERGY, "capacity.installed", StatementType.LEVEL, "万千瓦"));
            producer.flush();

            String investment = topics.investment().name();
            send(producer, serdes, investment, "PRJ-1", investment("PRJ-1", END_OF_FEB, 0, "10", "亿元"));
            send(producer, serdes, investment, "PRJ-2", investment("PRJ-2", END_OF_FEB, 0, "5000", "万元")); // 0.5 亿元
            send(producer, serdes, investment, "PRJ-1", investment("PRJ-1", END_OF_MARCH, 0, "30", "亿元"));
            send(producer, serdes, investment, "PRJ-1", investment("PRJ-1", END_OF_FEB, 0, "99", "亿元")); // late, older
            send(
                    producer,
                    serdes,
                    investment,
                    "PRJ-1",
                    investment("PRJ-1", END_OF_MARCH, 1, "28", "亿元")); // restated down
            String energy = topics.energy().name();
            send(producer, serdes, energy, "FAC-1", capacity("FAC-1", END_OF_FEB, "120"));
            send(producer, serdes, energy, "FAC-2", capacity("FAC-2", END_OF_FEB, "80"));
            send(producer, serdes, energy, "FAC-2", capacity("FAC-2", END_OF_MARCH, "90"));
            producer.flush();
        }

        Path log = jar.resolveSibling("flink-peer-it.log");
        Process peer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        jar.toString(),
                        "--bootstrap",
                        kafka.bootstrapServers(),
                        "--registry",
                        kafka.schemaRegistryUrl(),
                        "--input-prefix",
                        topics.prefix(),
                        "--output-topic",
                        output,
                        "--checkpoint-ms",
                        "100",
                        "--parallelism",
                        "1",
                        "--group-id",
                        topics.prefix() + "flink-peer",
                        "--checkpoint-dir",
                        checkpoints.toString(),
                        "--stop-after-idle",
                        "3s")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (KafkaConsumer<String, GoalAggregate> consumer = new KafkaConsumer<>(
                kafka.consumerProperties(topics.prefix() + "reader"),
                new StringDeserializer(),
                serdes.valueSerde(GoalAggregate.class).deserializer())) {
            consumer.subscribe(Set.of(output));
            Map<String, GoalAggregate> latest = new HashMap<>();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(peer.isAlive()).as("peer job process (log %s)", log).isTrue();
                for (ConsumerRecord<String, GoalAggregate> rec : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(rec.key(), rec.value());
                }
                assertThat(latest).containsKeys("ordos-2025/fai", "ordos-2025/power");
                assertThat(latest.get("ordos-2025/fai").getFeed()).isEqualByComparingTo("28.5");
                assertThat(latest.get("ordos-2025/fai").getContributions()).isEqualTo(2);
                assertThat(latest.get("ordos-2025/power").getFeed()).isEqualByComparingTo("210");
            });
            assertThat(latest.get("ordos-2025/fai").getByCounty())
                    .isEqualTo(Map.of(
                            County.DONGSHENG.name(),
                            new BigDecimal("28.000000"),
                            County.DALATE.name(),
                            new BigDecimal("0.500000")));
            // nothing more to read: --stop-after-idle ends the job and the process by itself
            assertThat(peer.waitFor(60, TimeUnit.SECONDS))
                    .as("peer stopped after idling (log %s)", log)
                    .isTrue();
            assertThat(peer.exitValue()).isZero();
        } finally {
            peer.destroy(); // no-op once it has stopped by itself
            if (!peer.waitFor(30, TimeUnit.SECONDS)) {
                peer.destroyForcibly().waitFor();
            }
        }
    }

    /** Registry-framed Avro, as the product's producers write it. */
    private static <T extends SpecificRecord> void send(
            KafkaProducer<String, byte[]> producer, AvroSerdes serdes, String topic, String key, T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        producer.send(new ProducerRecord<>(
                topic, key, serdes.valueSerde(type).serializer().serialize(topic, value)));
    }

    private static GoalDefinition goal(
            String id, InputStream stream, String metric, StatementType statement, String unit) {
        return TestGoals.goal(id)
                .setSectionTitleZh("s")
                .setSectionTitleEn("s")
                .setPhraseZh("p")
                .setNameZh(id)
                .setNameEn(id)
                .setUnit(unit)
                .setTarget(new BigDecimal("1000.000000"))
                .setKind(statement == StatementType.LEVEL ? GoalKind.LEVEL : GoalKind.CUMULATIVE)
                .setDepartment("d")
                .setCadenceDays(60)
                .setFeed(FeedSelector.newBuilder()
                        .setStream(stream)
                        .setMetric(metric)
                        .setStatement(statement)
                        .setUnit(unit)
                        .build())
                .build();
    }

    private static StatementHeader header(String source, Instant asOf, long reportedLater, County county) {
        return StatementHeader.newBuilder()
                .setEventId(source + "@" + asOf + "/" + reportedLater)
                .setSourceId(source)
                .setEventTime(asOf)
                .setReportedAt(asOf.plusSeconds(3_600 + reportedLater))
                .setCounty(county)
                .build();
    }

    private static InvestmentReport investment(
            String project, Instant asOf, long reportedLater, String value, String unit) {
        County county = project.equals("PRJ-1") ? County.DONGSHENG : County.DALATE;
        return InvestmentReport.newBuilder()
                .setHeader(header(project, asOf, reportedLater, county))
                .setProjectId(project)
                .setProjectName(project)
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INDUSTRY")
                .setQuantity(new Quantity(new BigDecimal(value).setScale(6), unit))
                .build();
    }

    private static EnergyReading capacity(String facility, Instant asOf, String value) {
        return EnergyReading.newBuilder()
                .setHeader(header(facility, asOf, 0, County.ZHUNGEER))
                .setFacilityId(facility)
                .setEnergySource("WIND")
                .setMetric("capacity.installed")
                .setStatement(StatementType.LEVEL)
                .setQuantity(new Quantity(new BigDecimal(value).setScale(6), "万千瓦"))
                .build();
    }
}
