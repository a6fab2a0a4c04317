package city.ordos.plan.analytics;

import static city.ordos.plan.analytics.SinkFixtures.Consumed;
import static city.ordos.plan.analytics.SinkFixtures.checksum;
import static city.ordos.plan.analytics.SinkFixtures.count;
import static city.ordos.plan.analytics.SinkFixtures.historyChecksum;
import static city.ordos.plan.analytics.SinkFixtures.lastPerGoal;
import static city.ordos.plan.analytics.SinkFixtures.latest;
import static city.ordos.plan.analytics.SinkFixtures.serdes;
import static city.ordos.plan.analytics.SinkFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.OrdosTopology;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.metrics.PipelineMetrics;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production streams application (exactly-once) turns a year of investment reports into
 * progress; the sink then holds exactly the history the application wrote, and its latest
 * figure is the application's.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PipelineToAnalyticsIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void whatTheAppWritesIsWhatTheAnalyticsDatabaseHolds() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(kafka.uniquePrefix() + "progress")
                .forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put("schema.registry.url", kafka.schemaRegistryUrl());
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "fixed:2025-12-31");
        settings.put(AppConfig.EVALUATE_INTERVAL_MS, "500");
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));

        Map<String, BigDecimal> expectedByCounty = new TreeMap<>();
        BigDecimal expectedTotal = BigDecimal.ZERO;
        AppConfig config = AppConfig.of(settings);
        try (StreamsRunner runner = new StreamsRunner(
                        config,
                        OrdosTopology.build(
                                config,
                                new AvroSerdes(config.serdeConfigs()),
                                config.newClock(Clock.systemUTC()),
                                PipelineMetrics.NONE));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            send(producer, serdes, topics.goals().name(), "ordos-2025/fai", investmentGoal());
            runner.start();
            runner.awaitRunning(Duration.ofSeconds(60));

            Random random = new Random(42);
            for (int p = 0; p < 18; p++) {
                String project = "PRJ-" + p;
                County county = County.values()[p % County.values().length];
                BigDecimal ytd = BigDecimal.ZERO;
                for (int month = 1; month <= 12; month++) {
                    ytd = ytd.add(BigDecimal.valueOf(1 + random.nextInt(900), 2));
                    Instant asOf = PlanCalendar.endOfDay(
                            LocalDate.of(2025, month, 1).plusMonths(1).minusDays(1));
                    send(producer, serdes, topics.investment().name(), project, investment(project, asOf, ytd, county));
                }
                expectedByCounty.merge(county.name(), ytd.setScale(6), BigDecimal::add);
                expectedTotal = expectedTotal.add(ytd);
            }
            producer.flush();

            BigDecimal total = expectedTotal;
            try (KafkaConsumer<String, GoalProgress> progress = new KafkaConsumer<>(
                    kafka.consumerProperties(kafka.uniquePrefix() + "wait"),
                    new StringDeserializer(),
                    serdes.valueSerde(GoalProgress.class).deserializer())) {
                progress.subscribe(List.of(topics.progress().name()));
                Map<String, GoalProgress> latest = new HashMap<>();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    progress.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                    assertThat(latest.get("ordos-2025/fai")).isNotNull();
                    assertThat(latest.get("ordos-2025/fai").getActual()).isEqualByComparingTo(total);
                });
            }
        } // the application stops here: its last transaction is committed

        String jdbcUrl = "jdbc:duckdb:" + dir.resolve("pipeline.duckdb");
        try (AnalyticsSink sink = new AnalyticsSink(settings(kafka, topics, jdbcUrl, 1_000))) {
            sink.runUntilCaughtUp();
        }

        List<Consumed<GoalProgress>> history =
                readToEnd(topics.progressHistory().name(), serdes);
        GoalProgress lastFigure = history.stream()
                .max(Comparator.comparingLong(Consumed::offset))
                .orElseThrow()
                .value();
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            assertThat(history).isNotEmpty();
            assertThat(count(db, "progress_history")).isEqualTo(history.size());
            assertThat(historyChecksum(db)).isEqualTo(checksum(history));
            assertThat(latest(db)).isEqualTo(lastPerGoal(history));
            assertThat(lastFigure.getActual()).isEqualByComparingTo(expectedTotal);
            assertThat(countyBreakdownOfLatest(db, "ordos-2025/fai")).isEqualTo(expectedByCounty);
            assertThat(count(db, "goals")).isEqualTo(1);
        }
    }

    /** Every committed record of the topic, read up to its end offsets. */
    private static List<Consumed<GoalProgress>> readToEnd(String topic, AvroSerdes serdes) {
        Deserializer<GoalProgress> values =
                serdes.valueSerde(GoalProgress.class).deserializer();
        List<Consumed<GoalProgress>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumerProperties(kafka.uniquePrefix() + "end"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new Consumed<>(r.partition(), r.offset(), values.deserialize(topic, r.value())));
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return records;
    }

    private static Map<String, BigDecimal> countyBreakdownOfLatest(Connection db, String goalKey) throws Exception {
        Map<String, BigDecimal> byCounty = new TreeMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT c.county, c.value FROM progress_latest l "
                + "JOIN progress_history_by_county c ON c.kafka_partition = l.kafka_partition "
                + "AND c.kafka_offset = l.kafka_offset WHERE l.goal_key = ?")) {
            ps.setString(1, goalKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byCounty.put(rs.getString(1), rs.getBigDecimal(2).setScale(6));
                }
            }
        }
        return byCounty;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void send(
            KafkaProducer<String, byte[]> producer, AvroSerdes serdes, String topic, String key, SpecificRecord value) {
        byte[] bytes = serdes.valueSerde((Class) value.getClass()).serializer().serialize(topic, value);
        producer.send(new ProducerRecord<>(topic, key, bytes));
    }

    private static GoalDefinition investmentGoal() {
        return TestGoals.goal("fai")
                .setSectionTitleZh("扩大有效投资")
                .setSectionTitleEn("Investment")
                .setPhraseZh("固定资产投资")
                .setNameZh("固定资产投资")
                .setNameEn("Fixed-asset investment")
                .setTarget(new BigDecimal("3000").setScale(6))
                .setDepartment("发展改革委")
                .setCadenceDays(60)
                .setPace("CONSTRUCTION_SEASONAL")
                .setFeed(FeedSelector.newBuilder()
                        .setStream(InputStream.INVESTMENT)
                        .setMetric("investment.completed")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setUnit("亿元")
                        .build())
                .build();
    }

    private static InvestmentReport investment(String project, Instant asOf, BigDecimal yi, County county) {
        return InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId(project + "@" + asOf)
                        .setSourceId(project)
                        .setEventTime(asOf)
                        .setReportedAt(asOf.plusSeconds(5 * 86_400L))
                        .setCounty(county)
                        .build())
                .setProjectId(project)
                .setProjectName("项目")
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INDUSTRY")
                .setMetric("investment.completed")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setQuantity(new Quantity(yi.setScale(6), "亿元"))
                .build();
    }
}
