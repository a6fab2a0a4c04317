package city.ordos.plan.audit;

import city.ordos.plan.avro.AuditEvent;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail on the append-only audit topic: a record is written (acks=all, idempotent) before
 * {@link #record} returns, and every instance follows the whole topic into an {@link AuditBuffer}
 * of the latest records, so any instance answers the audit API for actions taken on any other.
 */
public final class KafkaAuditLog implements AuditTrail, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** Records the API can list; older ones are on the topic and in the analytics database. */
    public static final int KEPT = 20_000;

    private final TopicSpec<String, AuditEvent> topic;
    private final Clock clock;
    private final KafkaProducer<String, AuditEvent> producer;
    private final KafkaConsumer<String, AuditEvent> consumer;
    private final AuditBuffer buffer = new AuditBuffer(KEPT);
    private final Thread reader;
    private volatile boolean closing;

    public KafkaAuditLog(Map<String, ?> kafka, TopicSpec<String, AuditEvent> topic, AvroSerdes serdes, Clock clock) {
        this.topic = topic;
        this.clock = clock;
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ordos-audit-writer");
        this.producer = new KafkaProducer<>(
                producerConfig,
                new StringSerializer(),
                serdes.valueSerde(AuditEvent.class).serializer());
        Map<String, Object> consumerConfig = new HashMap<>(kafka);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ordos-audit-reader");
        this.consumer = new KafkaConsumer<>(
                consumerConfig,
                new StringDeserializer(),
                serdes.valueSerde(AuditEvent.class).deserializer());
        this.reader = new Thread(this::read, "ordos-audit-reader");
        this.reader.setDaemon(true);
    }

    public KafkaAuditLog start() {
        reader.start();
        return this;
    }

    @Override
    public AuditEvent record(AuditEntry entry) {
        AuditEvent event = AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setActor(entry.actor())
                .setActorRole(entry.actorRole())
                .setActorDepartments(entry.actorDepartments())
                .setAuthenticatedBy(entry.authenticatedBy())
                .setClientAddress(entry.clientAddress())
                .setAction(entry.action())
                .setTarget(entry.target())
                .setOutcome(entry.outcome())
                .setDetail(entry.detail())
                .setBefore(entry.before())
                .setAfter(entry.after())
                .build();
        try {
            producer.send(new ProducerRecord<>(topic.name(), entry.actor(), event))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRecordedException("interrupted while recording " + entry.action(), e);
        } catch (ExecutionException e) {
            throw new NotRecordedException(
                    "cannot record " + entry.action() + " on " + topic.name() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new NotRecordedException(
                    entry.action() + " was not acknowledged by " + topic.name() + " within " + WRITE_TIMEOUT, e);
        }
        return event;
    }

    @Override
    public List<AuditEvent> recent(String actor, String action, String target, int limit) {
        return buffer.recent(actor, action, target, limit);
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closing) {
                for (ConsumerRecord<String, AuditEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        buffer.add(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("audit reader woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            // The trail is still written; only this instance's view of it stops. Make it loud.
            LOG.error(
                    "audit reader on {} stopped; the audit API of this instance shows no newer actions",
                    topic.name(),
                    e);
        } finally {
            consumer.close();
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
