package city.ordos.plan.infra.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's storage: a single-partition compacted topic, written in transactions and read
 * back with {@code read_committed}.
 *
 * <p>Single writer: the transactional id is derived from the topic name, so starting a second
 * registry on the same topic fences the first one's producer (its next write fails instead of
 * racing for ids). Reads always go to the end of the topic before a write decides anything.
 *
 * <p>Confluent's registry, taking the topic over, reads it without regard to transactions, so it
 * would also see the records of a write that was aborted (and reported as failed). Every record
 * here states the whole truth about its key, so after an abort the next successful write first
 * restates the last committed record (or a tombstone) for each key the aborted one touched: any
 * reader then ends in the state this registry holds.
 */
final class KafkaSchemaLog implements AutoCloseable {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final int WRITE_ATTEMPTS = 3;

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final TopicPartition writePartition;
    /** Offset just past this registry's last write: reads must get there before deciding anything. */
    private long writtenUpTo;
    /** The latest committed value per key (absent: none or a tombstone), to restate keys after an abort. */
    private final Map<String, String> committed = new LinkedHashMap<>();
    /** Keys an aborted transaction wrote to, restated by the next successful write. */
    private final Set<String> toRestate = new LinkedHashSet<>();

    KafkaSchemaLog(Map<String, Object> clientConfig, String topic) {
        this.topic = topic;
        this.writePartition = new TopicPartition(topic, 0);
        ensureTopic(clientConfig, topic);

        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ordos-schema-registry-" + topic);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(producerConfig);

        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A registry write waits to read itself back; the default 500 ms fetch wait would be added to every write.
        consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(consumerConfig);
        try {
            this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            producer.initTransactions();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Reads every committed record up to the current end of the topic, in order, and at least
     * up to this registry's own last write. The latter matters because a transaction's commit
     * returns before its markers are written: the topic's visible end can briefly lag behind a
     * write that has already been acknowledged.
     */
    void catchUp(Consumer<LogEntry> sink) {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
        end.merge(writePartition, writtenUpTo, Math::max);
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw RegistryException.storeError(
                        "could not read topic " + topic + " to its end " + end + " within " + CATCH_UP_TIMEOUT, null);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                committed.remove(record.key()); // re-inserted last: the map keeps the order of the latest writes
                if (record.value() != null) {
                    committed.put(record.key(), record.value());
                }
                LogCodec.decode(record.key(), record.value()).ifPresent(sink);
            }
        }
    }

    /**
     * Hands the sink every live record read so far, the latest per key in the order of those
     * writes: what a fully compacted topic would hold. Lets a reader that joins late start from
     * what an earlier {@link #catchUp} has read.
     */
    void replay(Consumer<LogEntry> sink) {
        committed.forEach((key, value) -> LogCodec.decode(key, value).ifPresent(sink));
    }

    /** The live records read so far (key to value, tombstoned keys left out), in the order of their latest write. */
    Map<String, String> committedRecords() {
        return new LinkedHashMap<>(committed);
    }

    String topic() {
        return topic;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the entries atomically: all of them become visible to readers, or none. A
     * transaction that fails for a passing reason (e.g. the broker was just restarted) is aborted
     * and tried again; nothing else has been decided in between, because this is the only writer.
     */
    void append(List<LogEntry> entries) {
        KafkaException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                appendOnce(entries);
                return;
            } catch (ProducerFencedException | AuthorizationException | AuthenticationException fatal) {
                throw RegistryException.storeError("write to " + topic + " failed: " + fatal.getMessage(), fatal);
            } catch (KafkaException e) {
                entries.forEach(entry -> toRestate.add(LogCodec.encode(entry).key()));
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailure) {
                    suppress(e, abortFailure);
                }
                // A producer in an error state throws the same exception instance again.
                suppress(e, last);
                last = e;
            }
        }
        throw RegistryException.storeError(
                "write to " + topic + " failed " + WRITE_ATTEMPTS + " times: " + last.getMessage(), last);
    }

    private static void suppress(Throwable into, Throwable other) {
        if (other != null && other != into) {
            into.addSuppressed(other);
        }
    }

    private void appendOnce(List<LogEntry> entries) {
        List<LogCodec.Encoded> records = new ArrayList<>();
        Set<String> written = new HashSet<>();
        entries.forEach(entry -> written.add(LogCodec.encode(entry).key()));
        for (String key : toRestate) {
            if (!written.contains(key)) {
                records.add(new LogCodec.Encoded(key, committed.get(key)));
            }
        }
        entries.forEach(entry -> records.add(LogCodec.encode(entry)));
        producer.beginTransaction();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (LogCodec.Encoded record : records) {
            sent.add(producer.send(
                    new ProducerRecord<>(topic, writePartition.partition(), record.key(), record.value())));
        }
        producer.commitTransaction();
        toRestate.clear();
        try {
            for (Future<RecordMetadata> future : sent) {
                writtenUpTo = Math.max(writtenUpTo, future.get().offset() + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            // commitTransaction() succeeded, so every send did; a failure here is a Kafka client bug.
            throw new IllegalStateException("committed write to " + topic + " reports a failed send", e.getCause());
        }
    }

    private static void ensureTopic(Map<String, Object> clientConfig, String topic) {
        try (Admin admin = Admin.create(clientConfig)) {
            ListTopicsOptions includeInternal = new ListTopicsOptions().listInternal(true);
            if (admin.listTopics(includeInternal)
                    .names()
                    .get(30, TimeUnit.SECONDS)
                    .contains(topic)) {
                return;
            }
            int brokers =
                    admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            NewTopic newTopic = new NewTopic(topic, 1, replication).configs(Map.of("cleanup.policy", "compact"));
            try {
                admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the schema storage topic " + topic, e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
