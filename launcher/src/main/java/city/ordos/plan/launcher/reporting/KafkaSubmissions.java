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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
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
 * (committed records only). A new submission is written through the instance's own transactional
 * producer. A decision (approve or reject) is taken exactly once across all instances: it runs
 * under one transactional id shared by every instance of the application, so starting a decision
 * fences any other instance's decision still in flight and waits for its outcome; the instance
 * then catches up with every committed decision before it looks at the submission's state, and
 * publishes the statements and the decided submission in one transaction: both or neither.
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

    /** A decision taken on the submission's current state: the decided submission and what to publish with it. */
    public record Decided(ReportSubmission submission, List<Statement> statements) {}

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSubmissions.class);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final TopicSpec<String, ReportSubmission> topic;
    private final AvroSerdes serdes;
    private final Map<String, Object> deciderConfig;
    private final Admin admin;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, ReportSubmission> consumer;
    private final Serializer<ReportSubmission> submissionSerializer;
    private final Map<String, ReportSubmission> submissions = new ConcurrentHashMap<>();
    private final Thread reader;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closing;
    private volatile boolean reading;

    /**
     * @param transactionalId stable per instance, so a restarted instance fences its predecessor
     * @param decisionsId the same on every instance of the application: decisions fence each other
     */
    private KafkaSubmissions(
            Map<String, ?> kafka,
            TopicSpec<String, ReportSubmission> topic,
            AvroSerdes serdes,
            String transactionalId,
            String decisionsId) {
        this.topic = topic;
        this.serdes = serdes;
        this.deciderConfig = new HashMap<>(kafka);
        deciderConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, decisionsId);
        deciderConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "ordos-reporting-decider");
        Map<String, Object> adminConfig = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                adminConfig.put(k, v);
            }
        });
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "ordos-reporting-admin");
        this.admin = Admin.create(adminConfig);
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
            String decisionsId,
            Duration loadTimeout)
            throws TimeoutException, InterruptedException {
        KafkaSubmissions log = new KafkaSubmissions(kafka, topic, serdes, transactionalId, decisionsId);
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

    /** Records a new submission (its id is new: no other instance can write it). */
    public synchronized void record(ReportSubmission submission) {
        publish(new Decided(submission, List.of()));
    }

    /**
     * Records a new submission that needs no decision (approval turned off) with its statements, in
     * one transaction; its id is new, so no other instance can decide it meanwhile.
     */
    public synchronized void publish(Decided approved) {
        if (approved.submission().getState() != SubmissionState.APPROVED
                && !approved.statements().isEmpty()) {
            throw new IllegalArgumentException("statements are published only with an approved submission");
        }
        try {
            inTransaction(producer, approved);
        } catch (KafkaException e) {
            abort(producer);
            throw new NotRecordedException(
                    "submission " + approved.submission().getSubmissionId() + " not recorded on " + topic.name() + ": "
                            + e.getMessage(),
                    e);
        }
        // Read our own write at once; the reader brings the same value (and everyone else's).
        submissions.put(approved.submission().getSubmissionId(), approved.submission());
    }

    /**
     * Decides a submission exactly once across instances: under the shared decisions id (fencing
     * and awaiting any decision in flight elsewhere), with every committed decision read, {@code
     * decision} is applied to the submission's current state (it throws {@link
     * SubmissionDecision.RefusedException} when it is already decided) and its result published in
     * one transaction.
     *
     * @throws NotRecordedException when nothing was published: another instance started a decision
     *     at the same moment (the caller reloads and decides again), or Kafka failed
     */
    public synchronized Decided decide(
            String submissionId, Function<ReportSubmission, Decided> decision, Duration timeout) {
        KafkaProducer<String, byte[]> decider =
                new KafkaProducer<>(deciderConfig, new StringSerializer(), new ByteArraySerializer());
        boolean committed = false;
        try {
            decider.initTransactions();
            awaitCommitted(timeout);
            ReportSubmission current = get(submissionId)
                    .orElseThrow(() -> new SubmissionDecision.RefusedException("no submission " + submissionId));
            Decided decided = decision.apply(current);
            try {
                inTransaction(decider, decided);
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw new NotRecordedException(
                        "another instance took a decision on the submissions at the same moment; nothing was"
                                + " published: reload and decide again",
                        e);
            } catch (KafkaException e) {
                abort(decider);
                throw e;
            }
            committed = true;
            submissions.put(submissionId, decided.submission());
            return decided;
        } catch (SubmissionDecision.RefusedException | NotRecordedException e) {
            throw e;
        } catch (KafkaException | TimeoutException e) {
            throw new NotRecordedException("submission " + submissionId + " not decided: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRecordedException("interrupted while deciding submission " + submissionId, e);
        } finally {
            // A fenced or failed producer's requests can never succeed: close it at once, or the
            // operator waits out the request timeout (30 s) for the answer "decide again".
            decider.close(committed ? CLOSE_TIMEOUT : Duration.ZERO);
        }
    }

    /** Waits until this instance has read everything committed on the topic so far. */
    private void awaitCommitted(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition p : partitions()) {
            latest.put(p, OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> committed;
        try {
            committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot read the end of " + topic.name(), e.getCause());
        }
        synchronized (positions) {
            while (!committed.entrySet().stream()
                    .allMatch(e -> positions.getOrDefault(e.getKey(), 0L)
                            >= e.getValue().offset())) {
                if (failure.get() != null) {
                    throw new KafkaException("the submissions reader failed", failure.get());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(
                            "the submissions on " + topic.name() + " were not read within " + timeout);
                }
                positions.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private List<TopicPartition> partitions() {
        return positions.keySet().stream().toList();
    }

    private void inTransaction(KafkaProducer<String, byte[]> writer, Decided decided) {
        writer.beginTransaction();
        for (Statement s : decided.statements()) {
            writer.send(new ProducerRecord<>(s.topic(), null, s.key(), serialize(s), s.headers()));
        }
        writer.send(new ProducerRecord<>(
                topic.name(),
                decided.submission().getSubmissionId(),
                submissionSerializer.serialize(topic.name(), decided.submission())));
        writer.commitTransaction();
    }

    @SuppressWarnings("unchecked")
    private byte[] serialize(Statement s) {
        Serializer<SpecificRecord> serializer =
                serdes.valueSerde((Class<SpecificRecord>) s.event().getClass()).serializer();
        return serializer.serialize(s.topic(), s.event());
    }

    private static void abort(KafkaProducer<String, byte[]> producer) {
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
            partitions.forEach(p -> positions.put(p, 0L));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!closing) {
                for (ConsumerRecord<String, ReportSubmission> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        submissions.remove(r.key());
                    } else {
                        submissions.put(r.key(), r.value());
                    }
                }
                // After the records are applied: a decision waiting for them may go on.
                synchronized (positions) {
                    for (TopicPartition p : partitions) {
                        positions.put(p, consumer.position(p));
                    }
                    positions.notifyAll();
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
            synchronized (positions) {
                positions.notifyAll();
            }
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
        admin.close(Duration.ofSeconds(10));
    }
}
