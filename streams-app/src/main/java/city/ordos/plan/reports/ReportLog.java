package city.ordos.plan.reports;

import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
 * The reports on the compacted dispatch-reports topic: every instance reads all of it from the
 * beginning (no consumer group), so each lists every report and renders its files, and a report is
 * published once for the cluster; after a restart the topic says which months are done. A report
 * published through this log is in it when {@link #publish} returns (read your own writes).
 */
public final class ReportLog implements ReportStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final TopicSpec<String, DispatchReport> topic;
    private final KafkaProducer<String, DispatchReport> producer;
    private final KafkaConsumer<String, DispatchReport> consumer;
    private final Map<String, DispatchReport> reports = new ConcurrentHashMap<>();
    private final List<Consumer<DispatchReport>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Integer, Long> appliedUpTo = new HashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread reader;
    private volatile Throwable failure;
    private volatile boolean closing;

    public ReportLog(Map<String, ?> kafka, TopicSpec<String, DispatchReport> topic, AvroSerdes serdes) {
        this.topic = topic;
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ordos-reports-writer");
        this.producer = new KafkaProducer<>(
                producerConfig,
                new StringSerializer(),
                serdes.valueSerde(DispatchReport.class).serializer());
        Map<String, Object> consumerConfig = new HashMap<>(kafka);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ordos-reports-reader");
        this.consumer = new KafkaConsumer<>(
                consumerConfig,
                new StringDeserializer(),
                serdes.valueSerde(DispatchReport.class).deserializer());
        this.reader = new Thread(this::read, "ordos-reports-reader");
        this.reader.setDaemon(true);
    }

    /** Called for every report read (on the reader thread), those already on the topic included. */
    public ReportLog listen(Consumer<DispatchReport> listener) {
        listeners.add(listener);
        return this;
    }

    public ReportLog start() {
        reader.start();
        return this;
    }

    /** True once every report on the topic at start is read. */
    @Override
    public boolean loaded() {
        return loaded.getCount() == 0 && failure == null;
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    @Override
    public Optional<DispatchReport> get(String reportId) {
        return Optional.ofNullable(reports.get(reportId));
    }

    /** Every report, newest day first (a month-end report before one asked for on the same day). */
    @Override
    public List<DispatchReport> all() {
        List<DispatchReport> out = new ArrayList<>(reports.values());
        out.sort(Comparator.comparing(DispatchReport::getAsOfDate)
                .reversed()
                .thenComparing(r -> r.getKind() == ReportKind.MONTH_END ? 0 : 1)
                .thenComparing(DispatchReport::getReportId));
        return out;
    }

    /** The latest month-end report of the plan with a day before {@code day}. */
    @Override
    public Optional<DispatchReport> monthEndBefore(String planId, LocalDate day) {
        return reports.values().stream()
                .filter(r -> r.getPlanId().equals(planId) && r.getKind() == ReportKind.MONTH_END)
                .filter(r -> LocalDate.parse(r.getAsOfDate()).isBefore(day))
                .max(Comparator.comparing(DispatchReport::getAsOfDate));
    }

    /** Writes the report (acks=all) and returns once this instance's reader has it. */
    @Override
    public void publish(DispatchReport report) {
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic.name(), report.getReportId(), report))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (appliedUpTo) {
                while (appliedUpTo.getOrDefault(written.partition(), 0L) <= written.offset()) {
                    long left = deadline - System.nanoTime();
                    if (failure != null || left <= 0) {
                        throw new ReportStore.NotPublishedException(
                                "report " + report.getReportId() + " is on " + topic.name()
                                        + " but this instance's reader "
                                        + (failure != null ? "has stopped" : "did not reach it in time"),
                                failure);
                    }
                    appliedUpTo.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportStore.NotPublishedException("interrupted while publishing " + report.getReportId(), e);
        } catch (ExecutionException e) {
            throw new ReportStore.NotPublishedException(
                    "cannot publish " + report.getReportId() + " on " + topic.name() + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new ReportStore.NotPublishedException(
                    "report " + report.getReportId() + " not acknowledged within " + WRITE_TIMEOUT, e);
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> loadUpTo = consumer.endOffsets(partitions);
            while (!closing) {
                for (ConsumerRecord<String, DispatchReport> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                synchronized (appliedUpTo) {
                    partitions.forEach(p -> appliedUpTo.put(p.partition(), consumer.position(p)));
                    appliedUpTo.notifyAll();
                }
                if (loaded.getCount() > 0
                        && loadUpTo.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("Loaded {} dispatch reports from {}", reports.size(), topic.name());
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("report reader on {} stopped: new reports will not be listed here", topic.name(), e);
        } finally {
            synchronized (appliedUpTo) {
                appliedUpTo.notifyAll();
            }
            loaded.countDown();
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, DispatchReport> r) {
        if (r.key() == null || r.value() == null) {
            if (r.key() != null) {
                reports.remove(r.key());
            }
            return;
        }
        reports.put(r.key(), r.value());
        for (Consumer<DispatchReport> l : listeners) {
            try {
                l.accept(r.value());
            } catch (RuntimeException e) {
                LOG.error("report {}: a listener failed", r.key(), e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
