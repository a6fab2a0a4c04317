package city.ordos.plan.launcher.reporting;

import city.ordos.plan.avro.ReportSubmission;
import city.ordos.plan.avro.SubmissionState;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submissions on the compacted report-submissions topic: every instance reads the whole topic
 * (committed records only) and writes through one transactional producer, so an approval publishes
 * the submission's statements to their input topics and marks it APPROVED in one transaction:
 * both or neither.
 */
public final class KafkaSubmissions implements AutoCloseable {

    /** A submission that could not be written (nothing changed); 503 to the caller. */
    public static final class NotRecordedException extends RuntimeException {
        NotRecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A statement to publish with an approval: its input topic, key and event, and the headers that
     * say which submission, file and line it came from.
     */
    public record Statement(String topic, String key, SpecificRecord event, Headers headers) {}

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSubmissions.class);

    private final TopicSpec<String, ReportSubmission> topic;
    private final AvroSerdes serdes;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, ReportSubmission> consumer;
    private final Serializer<ReportSubmission> submissionSerializer;
    private final Map<String, ReportSubmission> submissions = new ConcurrentHashMap<>();
    private final Thread reader;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closing;
    private volatile boolean reading;

    /** @param transactionalId stable per instance, so a restarted instance fences its predecessor */
    private KafkaSubmissions(
            Map<String, ?> kafka,
            TopicSpec<String, ReportSubmission> topic,
            AvroSerdes serdes,
            String transactionalId) {
        this.topic = topic;
        this.serdes = serdes;
        this.submissionSerializer = serdes.valueSerde(ReportSubmission.class).serializer();
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "ordos-reporting-writer");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumerConfig = new HashMap<>(kafka);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "ordos-reporting-reader");
        this.consumer = new KafkaConsumer<>(
                consumerConfig,
                new StringDeserializer(),
                serdes.valueSerde(ReportSubmission.class).deserializer());
        this.reader = new Thread(this::read, "ordos-reporting-reader");
        this.reader.setDaemon(true);
    }

    /** Opens the log and waits until the submissions already on the topic are loaded. */
    public static KafkaSubmissions open(
            Map<String, ?> kafka,
            TopicSpec<String, ReportSubmission> topic,
            AvroSerdes serdes,
            String transactionalId,
            Duration loadTimeout)
            throws TimeoutException, InterruptedException {
        KafkaSubmissions log = new KafkaSubmissions(kafka, topic, serdes, transactionalId);
        try {
            log.producer.initTransactions();
            log.reading = true;
            log.reader.start();
            if (!log.loaded.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS) || log.failure.get() != null) {
                throw new TimeoutException("submissions on " + topic.name() + " not loaded within " + loadTimeout
                        + (log.failure.get() == null ? "" : ": " + log.failure.get()));
            }
            return log;
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public Optional<ReportSubmission> get(String submissionId) {
        return Optional.ofNullable(submissions.get(submissionId));
    }

    /** Newest first. */
    public List<ReportSubmission> all() {
        return submissions.values().stream()
                .sorted(Comparator.comparing(ReportSubmission::getSubmittedAt).reversed())
                .toList();
    }

    /** Records a submission (pending, or rejected) on its own. */
    public synchronized void record(ReportSubmission submission) {
        inTransaction(List.of(), submission);
    }

    /** Publishes the statements and records the approved submission, in one transaction. */
    public synchronized void approve(ReportSubmission approved, List<Statement> statements) {
        if (approved.getState() != SubmissionState.APPROVED) {
            throw new IllegalArgumentException("not an approval: " + approved.getState());
        }
        inTransaction(statements, approved);
    }

    private void inTransaction(List<Statement> statements, ReportSubmission submission) {
        try {
            producer.beginTransaction();
            for (Statement s : statements) {
                producer.send(new ProducerRecord<>(s.topic(), null, s.key(), serialize(s), s.headers()));
            }
            producer.send(new ProducerRecord<>(
                    topic.name(),
                    submission.getSubmissionId(),
                    submissionSerializer.serialize(topic.name(), submission)));
            producer.commitTransaction();
        } catch (KafkaException e) {
            abort();
            throw new NotRecordedException(
                    "submission " + submission.getSubmissionId() + " not recorded on " + topic.name() + ": "
                            + e.getMessage(),
                    e);
        }
        // Read our own write at once; the reader brings the same value (and everyone else's).
        submissions.put(submission.getSubmissionId(), submission);
    }

    @SuppressWarnings("unchecked")
    private byte[] serialize(Statement s) {
        Serializer<SpecificRecord> serializer =
                serdes.valueSerde((Class<SpecificRecord>) s.event().getClass()).serializer();
        return serializer.serialize(s.topic(), s.event());
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.warn("could not abort the submissions transaction (the broker aborts it on timeout)", e);
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!closing) {
                for (ConsumerRecord<String, ReportSubmission> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        submissions.remove(r.key());
                    } else {
                        submissions.put(r.key(), r.value());
                    }
                }
                if (loaded.getCount() > 0
                        && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure.set(e);
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "reading submissions from {} failed; the reporting page shows what was read so far",
                    topic.name(),
                    e);
            failure.set(e);
            loaded.countDown();
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        closing = true;
        if (!reading) {
            consumer.close();
        }
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
