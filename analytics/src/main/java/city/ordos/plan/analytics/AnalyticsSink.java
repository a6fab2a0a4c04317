package city.ordos.plan.analytics;

import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the analytics database up to date from the progress-history, alerts, goals, audit and
 * dispatch-reports topics.
 *
 * <p>Exactly once into the database: the consumer reads committed records only, never commits
 * offsets to Kafka, and starts from the offsets stored in the database with the rows (the
 * {@code sink_offsets} table), which every batch advances in the same transaction as its rows.
 * It assigns itself every partition of the five topics, so one sink feeds one database.
 * Latest progress is derived from the history in the same transaction, so
 * {@code progress_latest} is always the last history row of each goal.
 */
public final class AnalyticsSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsSink.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration PROGRESS_REPORT_INTERVAL = Duration.ofSeconds(30);

    /** Called on the sink's thread after each committed transaction. */
    @FunctionalInterface
    public interface CommitListener {
        void committed(int records, Map<TopicPartition, Long> nextOffsets);
    }

    private final SinkSettings settings;
    private final OrdosTopics topics;
    private final AnalyticsStore store;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<GoalProgress> progressDeserializer;
    private final Deserializer<GoalAlert> alertDeserializer;
    private final Deserializer<GoalDefinition> goalDeserializer;
    private final Deserializer<AuditEvent> auditDeserializer;
    private final Deserializer<DispatchReport> reportDeserializer;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CommitListener listener;
    private long recordsWritten;
    private long transactions;
    private Instant lastReport = Instant.now();
    /** Whether the sink has said that it caught up with the topics since it started. */
    private boolean saidCaughtUp;

    public AnalyticsSink(SinkSettings settings, CommitListener listener) throws SQLException {
        this.settings = settings;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.topics = OrdosTopics.withPrefix(settings.topicsPrefix());
        AvroSerdes serdes = new AvroSerdes(settings.clientProperties());
        this.progressDeserializer = serdes.valueSerde(GoalProgress.class).deserializer();
        this.alertDeserializer = serdes.valueSerde(GoalAlert.class).deserializer();
        this.goalDeserializer = serdes.valueSerde(GoalDefinition.class).deserializer();
        this.auditDeserializer = serdes.valueSerde(AuditEvent.class).deserializer();
        this.reportDeserializer = serdes.valueSerde(DispatchReport.class).deserializer();
        this.store = AnalyticsStore.open(settings.jdbcUrl(), settings.jdbcProperties());
        try {
            this.consumer = new KafkaConsumer<>(
                    consumerConfig(settings.clientProperties(), settings.maxBatchRecords()),
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public AnalyticsSink(SinkSettings settings) throws SQLException {
        this(settings, (records, offsets) -> {});
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> client, int maxBatchRecords) {
        Map<String, Object> config = new HashMap<>(client);
        // The database, not Kafka, owns the offsets; read only what transactions committed.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ordos-analytics-sink");
        // One poll never holds more than a transaction may, so batches stay near the configured size.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatchRecords);
        return config;
    }

    /** The topics this sink reads. */
    public List<String> sourceTopics() {
        return List.of(
                topics.progressHistory().name(),
                topics.alerts().name(),
                topics.goals().name(),
                topics.audit().name(),
                topics.dispatchReports().name());
    }

    /** Runs until {@link #stop()} (from another thread or a listener); writes what it has read before returning. */
    public void run() throws SQLException {
        assignAndSeek();
        loop(null);
    }

    /**
     * Reads up to the end of every partition as of the call (the last committed record) and
     * returns once that is in the database, or earlier on {@link #stop()}.
     */
    public void runUntilCaughtUp() throws SQLException {
        List<TopicPartition> partitions = assignAndSeek();
        loop(consumer.endOffsets(partitions));
    }

    /** Asks the sink to write what it has read and return from {@link #run()}; safe from any thread. */
    public void stop() {
        // No consumer.wakeup(): it could interrupt the position lookups of the final commit.
        running.set(false);
    }

    public AnalyticsStore store() {
        return store;
    }

    private List<TopicPartition> assignAndSeek() throws SQLException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : sourceTopics()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist; provision the product's topics "
                        + "first (or check --topics-prefix)");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> stored = store.storedOffsets();
        requireSameTopics(
                stored.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet()), sourceTopics());
        for (TopicPartition tp : partitions) {
            Long next = stored.get(tp);
            if (next == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, next);
                committed.put(tp, next);
            }
        }
        LOG.info(
                "Analytics sink reading {} partitions of {} into {} ({} resumed from stored offsets)",
                partitions.size(),
                sourceTopics(),
                settings.jdbcUrl(),
                committed.size());
        return partitions;
    }

    /**
     * Rows are keyed by partition and offset, so one database holds one set of topics; writing a
     * second set (another --topics-prefix) into it would collide.
     */
    static void requireSameTopics(Set<String> storedTopics, List<String> sourceTopics) {
        Set<String> foreign = new TreeSet<>(storedTopics);
        sourceTopics.forEach(foreign::remove);
        if (!foreign.isEmpty()) {
            throw new IllegalStateException("This database was filled from other topics " + foreign + ", not "
                    + sourceTopics + ": use one database per topics prefix");
        }
    }

    private void loop(Map<TopicPartition, Long> stopAt) throws SQLException {
        Instant started = Instant.now();
        try {
            consume(stopAt);
        } finally {
            LOG.info(
                    "Analytics sink wrote {} records in {} transactions in {}",
                    recordsWritten,
                    transactions,
                    Duration.between(started, Instant.now()));
        }
    }

    private void consume(Map<TopicPartition, Long> stopAt) throws SQLException {
        SinkBatch batch = new SinkBatch();
        Instant batchStarted = null;
        while (running.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                decodeInto(batch, record);
            }
            if (batch.size() > 0 && batchStarted == null) {
                batchStarted = Instant.now();
            }
            boolean full = batch.size() >= settings.maxBatchRecords();
            boolean waitedEnough =
                    batchStarted != null && !Instant.now().isBefore(batchStarted.plus(settings.maxBatchWait()));
            boolean caughtUp = stopAt != null && reached(stopAt);
            if (full || waitedEnough || caughtUp) {
                commit(batch);
                batch = new SinkBatch();
                batchStarted = null;
            }
            if (caughtUp) {
                return;
            }
            reportProgressNowAndThen(batch.size());
        }
        commit(batch);
    }

    private boolean reached(Map<TopicPartition, Long> stopAt) {
        return stopAt.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void decodeInto(SinkBatch batch, ConsumerRecord<String, byte[]> record) {
        SinkBatch.Coordinates at = new SinkBatch.Coordinates(
                record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()));
        String topic = record.topic();
        try {
            if (topic.equals(topics.goals().name())) {
                // A tombstone on the compacted goals topic removes the goal.
                batch.addGoal(at, record.key(), goalDeserializer.deserialize(topic, record.value()));
            } else if (topic.equals(topics.dispatchReports().name())) {
                // Compacted too: a report id's last record is the report (a tombstone removes it).
                batch.addReport(at, record.key(), reportDeserializer.deserialize(topic, record.value()));
            } else if (record.value() == null) {
                batch.addReject(at, record.key(), null, "null value on append-only topic " + topic);
            } else if (topic.equals(topics.progressHistory().name())) {
                batch.addProgress(at, progressDeserializer.deserialize(topic, record.value()));
            } else if (topic.equals(topics.audit().name())) {
                batch.addAudit(at, auditDeserializer.deserialize(topic, record.value()));
            } else {
                batch.addAlert(at, alertDeserializer.deserialize(topic, record.value()));
            }
        } catch (RuntimeException e) {
            // Kept, bytes and all, in sink_rejects with the reason: analysts see it, nothing is lost.
            LOG.warn(
                    "Cannot decode {}-{}@{}; recorded in sink_rejects: {}",
                    topic,
                    record.partition(),
                    record.offset(),
                    e.toString());
            batch.addReject(at, record.key(), record.value(), e.toString());
        }
    }

    private void commit(SinkBatch batch) throws SQLException {
        Map<TopicPartition, Long> advanced = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            long position = consumer.position(tp);
            Long previous = committed.get(tp);
            if (previous == null || previous != position) {
                batch.advance(tp.topic(), tp.partition(), previous, position);
                advanced.put(tp, position);
            }
        }
        if (batch.size() == 0 && advanced.isEmpty()) {
            return;
        }
        store.write(batch);
        committed.putAll(advanced);
        recordsWritten += batch.size();
        transactions++;
        LOG.debug("Committed {} records, offsets {}", batch.size(), advanced);
        listener.committed(batch.size(), Map.copyOf(advanced));
    }

    /**
     * Kafka offsets are not committed, so group lag tools see nothing: say how far behind the sink
     * is, idle or not (an idle sink that went quiet could not be told from a stuck one), every
     * {@link #PROGRESS_REPORT_INTERVAL}, and at once the first time it has written records and
     * has nothing left to read: an operator starting it on a full topic learns when the database
     * has caught up. Records read but not yet in the database count as behind.
     */
    private void reportProgressNowAndThen(int readNotWritten) {
        Instant now = Instant.now();
        boolean due = !now.isBefore(lastReport.plus(PROGRESS_REPORT_INTERVAL));
        if (!due && saidCaughtUp) {
            return;
        }
        long lag = readNotWritten;
        boolean lagKnown = true;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong behind = consumer.currentLag(tp);
            lagKnown &= behind.isPresent();
            lag += behind.orElse(0);
        }
        // Caught up only where every partition's lag is known (not before its first fetch).
        boolean caughtUpFirstTime = !saidCaughtUp && lagKnown && lag == 0 && recordsWritten > 0;
        if (!due && !caughtUpFirstTime) {
            return;
        }
        saidCaughtUp |= caughtUpFirstTime;
        lastReport = now;
        LOG.info(
                "Analytics sink: {} records in {} transactions so far; {} records behind the topics",
                recordsWritten,
                transactions,
                lag);
    }

    @Override
    public void close() throws SQLException {
        try {
            consumer.close();
        } finally {
            store.close();
        }
    }
}
