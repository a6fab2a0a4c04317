package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing, reading back and fingerprinting what the sink tests compare. */
final class SinkFixtures {

    private SinkFixtures() {}

    /** The sql blocks of docs/analytics.md: the analyst's guide must run on what the sink writes. */
    static List<String> documentedQueries() throws Exception {
        String page = Files.readString(AvscFiles.repositoryRoot().resolve("docs/analytics.md"));
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(page);
        List<String> queries = new ArrayList<>();
        while (m.find()) {
            queries.add(m.group(1).trim().replaceAll(";$", ""));
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(3);
        return queries;
    }

    static SinkSettings settings(KafkaClusterExtension kafka, OrdosTopics topics, String jdbcUrl, int batchRecords) {
        return new SinkSettings(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "schema.registry.url", kafka.schemaRegistryUrl()),
                jdbcUrl,
                new Properties(),
                topics.prefix(),
                batchRecords,
                Duration.ofMillis(200));
    }

    static AvroSerdes serdes(KafkaClusterExtension kafka) {
        return new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
    }

    /** An exactly-once (transactional) producer writing the three topics as the streams app does. */
    static final class Producer implements AutoCloseable {
        private final OrdosTopics topics;
        private final KafkaProducer<String, byte[]> producer;
        private final AvroSerdes serdes;

        Producer(KafkaClusterExtension kafka, OrdosTopics topics) {
            this.topics = topics;
            this.serdes = serdes(kafka);
            Properties props = kafka.producerProperties();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "analytics-it-" + UUID.randomUUID());
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }

        void progress(GoalProgress p) {
            String topic = topics.progressHistory().name();
            producer.send(new ProducerRecord<>(
                    topic,
                    GoalKeys.of(p),
                    serdes.valueSerde(GoalProgress.class).serializer().serialize(topic, p)));
        }

        void alert(GoalAlert a) {
            String topic = topics.alerts().name();
            producer.send(new ProducerRecord<>(
                    topic,
                    GoalKeys.of(a),
                    serdes.valueSerde(GoalAlert.class).serializer().serialize(topic, a)));
        }

        void goal(GoalDefinition g) {
            String topic = topics.goals().name();
            producer.send(new ProducerRecord<>(
                    topic,
                    GoalKeys.of(g),
                    serdes.valueSerde(GoalDefinition.class).serializer().serialize(topic, g)));
        }

        void raw(String topic, String key, byte[] value) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }

        void goalTombstone(String key) {
            producer.send(new ProducerRecord<>(topics.goals().name(), key, null));
        }

        void inTransaction(Consumer<Producer> work) {
            producer.beginTransaction();
            work.accept(this);
            producer.commitTransaction();
        }

        void aborted(Consumer<Producer> work) {
            producer.beginTransaction();
            work.accept(this);
            producer.flush();
            producer.abortTransaction();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    record Consumed<V>(int partition, long offset, V value) {}

    /** Reads a topic independently of the sink (read_committed), until {@code expected} records arrived. */
    static <V extends SpecificRecord> List<Consumed<V>> consumeAll(
            KafkaClusterExtension kafka, String topic, Class<V> type, int expected) {
        Deserializer<V> deserializer = serdes(kafka).valueSerde(type).deserializer();
        List<Consumed<V>> consumed = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumerProperties(kafka.uniquePrefix() + "check"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    consumed.add(new Consumed<>(r.partition(), r.offset(), deserializer.deserialize(topic, r.value())));
                }
                return consumed.size() >= expected;
            });
            // Nothing beyond what was produced (e.g. the aborted transaction) may be readable.
            consumer.poll(Duration.ofMillis(500))
                    .forEach(r -> consumed.add(
                            new Consumed<>(r.partition(), r.offset(), deserializer.deserialize(topic, r.value()))));
        }
        return consumed;
    }

    static String line(String goalKey, Instant asOf, BigDecimal actual, String status, int partition, long offset) {
        return goalKey + "|" + asOf.toEpochMilli() + "|"
                + (actual == null ? "null" : actual.setScale(6).toPlainString()) + "|" + status + "|" + partition + "|"
                + offset;
    }

    static String checksum(List<Consumed<GoalProgress>> records) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Consumed<GoalProgress> c : records) {
            GoalProgress p = c.value();
            lines.add(line(
                    p.getPlanId() + "/" + p.getGoalId(),
                    p.getAsOf(),
                    p.getActual(),
                    p.getStatus().name(),
                    c.partition(),
                    c.offset()));
        }
        return digest(lines);
    }

    static String historyChecksum(Connection db) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT goal_key, as_of, actual, status, kafka_partition, kafka_offset FROM progress_history")) {
            while (rs.next()) {
                lines.add(line(
                        rs.getString(1),
                        instant(rs, 2),
                        rs.getBigDecimal(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getLong(6)));
            }
        }
        return digest(lines);
    }

    static String digest(List<String> lines) throws Exception {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String l : sorted) {
            sha.update(l.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return sorted.size() + ":" + HexFormat.of().formatHex(sha.digest());
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    static Map<String, BigDecimal> countyTotals(Connection db) throws SQLException {
        Map<String, BigDecimal> totals = new TreeMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT county, sum(value) FROM progress_history_by_county GROUP BY county")) {
            while (rs.next()) {
                totals.put(rs.getString(1), rs.getBigDecimal(2).setScale(6));
            }
        }
        return totals;
    }

    static Map<String, BigDecimal> countyTotals(List<Consumed<GoalProgress>> records) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        records.forEach(c -> c.value().getByCounty().forEach((county, v) -> totals.merge(county, v, BigDecimal::add)));
        totals.replaceAll((k, v) -> v.setScale(6));
        return totals;
    }

    /** goal key -> "asOf|actual" of the latest progress per goal. */
    static Map<String, String> latest(Connection db) throws SQLException {
        Map<String, String> latest = new TreeMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT goal_key, as_of, actual FROM progress_latest")) {
            while (rs.next()) {
                latest.put(
                        rs.getString(1),
                        instant(rs, 2).toEpochMilli() + "|"
                                + rs.getBigDecimal(3).setScale(6));
            }
        }
        return latest;
    }

    static Map<String, String> lastPerGoal(List<Consumed<GoalProgress>> records) {
        Map<String, Consumed<GoalProgress>> last = new TreeMap<>();
        for (Consumed<GoalProgress> c : records) {
            last.merge(
                    c.value().getPlanId() + "/" + c.value().getGoalId(), c, (a, b) -> b.offset() > a.offset() ? b : a);
        }
        Map<String, String> result = new TreeMap<>();
        last.forEach((k, c) -> result.put(
                k, c.value().getAsOf().toEpochMilli() + "|" + c.value().getActual()));
        return result;
    }

    static long count(Connection db, String table) throws SQLException {
        return scalar(db, "SELECT count(*) FROM " + table);
    }

    static long scalar(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<Integer, Long> storedNextOffsets(Connection db, String topic) throws SQLException {
        Map<Integer, Long> next = new TreeMap<>();
        try (var ps = db.prepareStatement("SELECT kafka_partition, next_offset FROM sink_offsets WHERE topic = ?")) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    next.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return next;
    }
}
