package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertSilence;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
 * Silences kept on the compacted alert-silences topic: a change is written (acks=all) before it
 * takes effect, and every instance reads the whole topic from the beginning (no consumer group),
 * so a silence set through one instance's API mutes the goal on every notifier, and survives
 * restarts. {@link #open} returns once the silences already on the topic are loaded. Changes made
 * through this instance take effect here the same way as everyone else's, when the reader reaches
 * them, and a change call returns only after that (read your own writes).
 */
public final class KafkaSilenceLog implements SilenceJournal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSilenceLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final TopicSpec<String, AlertSilence> topic;
    private final Clock clock;
    private final KafkaProducer<String, AlertSilence> producer;
    private final KafkaConsumer<String, AlertSilence> consumer;
    private final SilenceRegistry registry;
    private final Thread reader;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Per partition, the offset after the last record applied to the registry; guarded by itself. */
    private final Map<Integer, Long> appliedUpTo = new HashMap<>();

    private volatile boolean closing;

    private KafkaSilenceLog(
            Map<String, ?> kafka, TopicSpec<String, AlertSilence> topic, AvroSerdes serdes, Clock clock) {
        this.topic = topic;
        this.clock = clock;
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ordos-silences-writer");
        this.producer = new KafkaProducer<>(
                producerConfig,
                new StringSerializer(),
                serdes.valueSerde(AlertSilence.class).serializer());
        Map<String, Object> consumerConfig = new HashMap<>(kafka);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ordos-silences-reader");
        this.consumer = new KafkaConsumer<>(
                consumerConfig,
                new StringDeserializer(),
                serdes.valueSerde(AlertSilence.class).deserializer());
        this.registry = new SilenceRegistry(clock, this);
        this.reader = new Thread(this::read, "ordos-silences-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Starts reading the topic and waits until every silence already on it is loaded.
     *
     * @throws TimeoutException if the topic cannot be read to its end within {@code loadTimeout}
     */
    public static KafkaSilenceLog open(
            Map<String, ?> kafka,
            TopicSpec<String, AlertSilence> topic,
            AvroSerdes serdes,
            Clock clock,
            Duration loadTimeout)
            throws TimeoutException, InterruptedException {
        KafkaSilenceLog log = new KafkaSilenceLog(kafka, topic, serdes, clock);
        log.reader.start();
        boolean done = log.loaded.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Throwable failed = log.failure.get();
        if (!done || failed != null) {
            log.close();
            if (failed != null) {
                throw new IllegalStateException("cannot read the silences on " + topic.name(), failed);
            }
            throw new TimeoutException("silences on " + topic.name() + " not loaded within " + loadTimeout);
        }
        return log;
    }

    /** The silences in force, shared by the notifier and the API; changes go through this log. */
    public SilenceRegistry registry() {
        return registry;
    }

    @Override
    public void recordSilence(Silence silence) {
        AlertSilence value = AlertSilence.newBuilder()
                .setGoalKey(silence.goalKey())
                .setUntil(silence.until())
                .setReason(silence.reason())
                .setCreatedBy(silence.createdBy())
                .setCreatedAt(clock.instant())
                .build();
        write(silence.goalKey(), value, "silence of " + silence.goalKey());
    }

    @Override
    public void recordLift(String goalKey) {
        write(goalKey, null, "lift of the silence of " + goalKey);
    }

    @Override
    public boolean echoes() {
        return true;
    }

    private void write(String key, AlertSilence value, String what) {
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic.name(), key, value))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitApplied(written, deadline, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRecordedException("interrupted while recording the " + what, e);
        } catch (ExecutionException e) {
            throw new NotRecordedException(
                    "cannot record the " + what + " on " + topic.name() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new NotRecordedException(
                    "the " + what + " was not acknowledged by " + topic.name() + " within " + WRITE_TIMEOUT, e);
        }
    }

    private void awaitApplied(RecordMetadata written, long deadline, String what) throws InterruptedException {
        synchronized (appliedUpTo) {
            while (appliedUpTo.getOrDefault(written.partition(), 0L) <= written.offset()) {
                long left = deadline - System.nanoTime();
                Throwable readerFailure = failure.get();
                if (readerFailure != null || left <= 0) {
                    // Durable, so other instances will apply it; this one cannot until it is restarted.
                    throw new NotRecordedException(
                            "the " + what + " is on " + topic.name() + " but not in force on "
                                    + "this instance: its silence reader "
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
                for (ConsumerRecord<String, AlertSilence> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                synchronized (appliedUpTo) {
                    partitions.forEach(p -> appliedUpTo.put(p.partition(), consumer.position(p)));
                    appliedUpTo.notifyAll();
                }
                if (loaded.getCount() > 0
                        && loadUpTo.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info(
                            "Loaded {} active silences from {}",
                            registry.active().size(),
                            topic.name());
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure.set(e);
                LOG.error("silence reader woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            failure.set(e);
            // Silences would silently stop replicating: make it loud. The API keeps the last known set.
            LOG.error(
                    "silence reader on {} stopped; silences set elsewhere will not reach this instance",
                    topic.name(),
                    e);
        } finally {
            synchronized (appliedUpTo) {
                appliedUpTo.notifyAll();
            }
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, AlertSilence> record) {
        if (record.key() == null) {
            LOG.error(
                    "keyless record at {}-{}@{} skipped: silences are keyed by planId/goalId",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        AlertSilence value = record.value();
        if (value == null) {
            registry.applyLifted(record.key());
            return;
        }
        try {
            registry.applyRecorded(
                    new Silence(record.key(), value.getUntil(), value.getReason(), value.getCreatedBy()));
        } catch (IllegalArgumentException e) {
            // Written by something other than this log (keys here are always planId/goalId); one
            // unusable record must not stop every later silence from arriving.
            LOG.error("unusable silence at {}-{}@{} skipped", record.topic(), record.partition(), record.offset(), e);
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
