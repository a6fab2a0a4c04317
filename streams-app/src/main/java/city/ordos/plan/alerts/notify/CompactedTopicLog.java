package city.ordos.plan.alerts.notify;

import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator decisions kept on a compacted topic (silences, acknowledgements): a change is written
 * (acks=all) before it takes effect, and every instance reads the whole topic from the beginning
 * (no consumer group), so a change made through one instance's API holds on every instance and
 * survives restarts. {@link #start} returns once what is already on the topic is applied. Changes
 * made through this instance take effect here the same way as everyone else's, when the reader
 * reaches them, and {@link #write} returns only after that (read your own writes).
 *
 * @param <V> the record type; a null value (tombstone) removes the key's decision
 */
final class CompactedTopicLog<V extends SpecificRecord> implements AutoCloseable {

    /** Applies one record read from the topic; an IllegalArgumentException marks it unusable (logged, skipped). */
    @FunctionalInterface
    interface Applier<V> {
        void apply(String key, V valueOrNull);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final TopicSpec<String, V> topic;
    private final String what;
    private final KafkaProducer<String, V> producer;
    private final KafkaConsumer<String, V> consumer;
    private final Applier<V> applier;
    private final Thread reader;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Per partition, the offset after the last record applied; guarded by itself. */
    private final Map<Integer, Long> appliedUpTo = new HashMap<>();

    private volatile boolean closing;

    /**
     * @param what names the records in logs and errors ("silences", "acknowledgements")
     */
    CompactedTopicLog(
            Map<String, ?> kafka,
            TopicSpec<String, V> topic,
            AvroSerdes serdes,
            Class<V> type,
            String what,
            Applier<V> applier) {
        this.topic = topic;
        this.what = what;
        this.applier = applier;
        String client = "ordos-" + what.replace(' ', '-');
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, client + "-writer");
        this.producer = new KafkaProducer<>(
                producerConfig, new StringSerializer(), serdes.valueSerde(type).serializer());
        Map<String, Object> consumerConfig = new HashMap<>(kafka);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, client + "-reader");
        this.consumer = new KafkaConsumer<>(
                consumerConfig,
                new StringDeserializer(),
                serdes.valueSerde(type).deserializer());
        this.reader = new Thread(this::read, client + "-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Starts reading the topic and waits until every record already on it is applied.
     *
     * @throws TimeoutException if the topic cannot be read to its end within {@code loadTimeout}
     */
    void start(Duration loadTimeout) throws TimeoutException, InterruptedException {
        reader.start();
        boolean done = loaded.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Throwable failed = failure.get();
        if (!done || failed != null) {
            close();
            if (failed != null) {
                throw new IllegalStateException("cannot read the " + what + " on " + topic.name(), failed);
            }
            throw new TimeoutException(what + " on " + topic.name() + " not loaded within " + loadTimeout);
        }
    }

    /**
     * Writes a change and waits until this instance applied it.
     *
     * @throws SilenceJournal.NotRecordedException if it is not durable, or not in force here
     */
    void write(String key, V value, String change) {
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic.name(), key, value))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitApplied(written, deadline, change);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilenceJournal.NotRecordedException("interrupted while recording the " + change, e);
        } catch (ExecutionException e) {
            throw new SilenceJournal.NotRecordedException(
                    "cannot record the " + change + " on " + topic.name() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new SilenceJournal.NotRecordedException(
                    "the " + change + " was not acknowledged by " + topic.name() + " within " + WRITE_TIMEOUT, e);
        }
    }

    private void awaitApplied(RecordMetadata written, long deadline, String change) throws InterruptedException {
        synchronized (appliedUpTo) {
            while (appliedUpTo.getOrDefault(written.partition(), 0L) <= written.offset()) {
                long left = deadline - System.nanoTime();
                Throwable readerFailure = failure.get();
                if (readerFailure != null || left <= 0) {
                    // Durable, so other instances will apply it; this one cannot until it is restarted.
                    throw new SilenceJournal.NotRecordedException(
                            "the " + change + " is on " + topic.name() + " but not in force on "
                                    + "this instance: its reader "
                                    + (readerFailure != null
                                            ? "has stopped"
                                            : "did not reach it within " + WRITE_TIMEOUT),
                            readerFailure);
                }
                appliedUpTo.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> loadUpTo = consumer.endOffsets(partitions);
            while (!closing) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                synchronized (appliedUpTo) {
                    partitions.forEach(p -> appliedUpTo.put(p.partition(), consumer.position(p)));
                    appliedUpTo.notifyAll();
                }
                if (loaded.getCount() > 0
                        && loadUpTo.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("Loaded the {} on {}", what, topic.name());
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure.set(e);
                LOG.error("{} reader woken up unexpectedly", what, e);
            }
        } catch (RuntimeException e) {
            failure.set(e);
            // Changes would silently stop replicating: make it loud. The API keeps the last known set.
            LOG.error(
                    "{} reader on {} stopped; changes made elsewhere will not reach this instance",
                    what,
                    topic.name(),
                    e);
        } finally {
            synchronized (appliedUpTo) {
                appliedUpTo.notifyAll();
            }
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, V> record) {
        if (record.key() == null) {
            LOG.error(
                    "keyless record at {}-{}@{} skipped: {} are keyed",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    what);
            return;
        }
        try {
            applier.apply(record.key(), record.value());
        } catch (IllegalArgumentException e) {
            // Written by something other than this log; one unusable record must not stop every later one.
            LOG.error("unusable record at {}-{}@{} skipped", record.topic(), record.partition(), record.offset(), e);
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
