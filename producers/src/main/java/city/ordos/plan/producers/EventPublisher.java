package city.ordos.plan.producers;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.producers.sim.Defect;
import city.ordos.plan.producers.sim.SimEvent;
import city.ordos.plan.registry.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes input events with the registry Avro serde and checks the outcome of every send.
 * Values are serialised here (not by the producer) so that the dirty scenario can also send raw
 * bytes through the same idempotent producer. {@link #close()} flushes; {@link #report()} tells
 * whether everything was delivered.
 *
 * <p>A record the producer accepted and then failed with a retriable error (its delivery timeout
 * expired it, typically across a broker restart) is sent again, at most {@link #MAX_SENDS} times
 * in all: by the caller's thread, at its next send or flush, never from the producer's I/O thread.
 * The Kafka producer can leave a batch that a restarting broker refused retrying against a
 * sequence the broker has moved past until it expires (PlatformRestartIT saw it once in several
 * runs), and such a record is not in the topic. Whether an expired record was written is unknown,
 * so a resend may leave a copy; input records are statements, and the latest-statement rule
 * absorbs an identical copy (docs/reliability.md).
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final int KEPT_FAILURES = 20;
    /** Sends of one record in all: the first and two more after retriable failures. */
    static final int MAX_SENDS = 3;
    /**
     * Set while this thread is inside {@code producer.send}: a failure reported there (the topic's
     * metadata did not come within {@code max.block.ms}: no broker, or no such topic) is final, as
     * before; only what the producer accepted and then gave up on is sent again.
     */
    private static final ThreadLocal<Boolean> IN_SEND = new ThreadLocal<>();

    private final Producer<String, byte[]> producer;
    private final AvroSerdes serdes;
    private final Map<Class<?>, Serializer<SpecificRecord>> serializers = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final Queue<Attempt> toResend = new ConcurrentLinkedQueue<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final boolean useSimulatedTimestamps;
    private boolean closed;

    /**
     * @param kafkaAndRegistry producer and {@code schema.registry.*} settings together, as from
     *                         {@link ProducerSettings#producerConfig}
     * @param useSimulatedTimestamps record timestamp = the statement's simulated delivery time
     *                               (replays keep the plan-year clock); false = the producer's wall clock
     */
    public EventPublisher(Map<String, Object> kafkaAndRegistry, boolean useSimulatedTimestamps) {
        this(
                new KafkaProducer<>(kafkaOnly(kafkaAndRegistry), new StringSerializer(), new ByteArraySerializer()),
                new AvroSerdes(registryOnly(kafkaAndRegistry)),
                useSimulatedTimestamps);
    }

    public EventPublisher(Producer<String, byte[]> producer, AvroSerdes serdes, boolean useSimulatedTimestamps) {
        this.producer = producer;
        this.serdes = serdes;
        this.useSimulatedTimestamps = useSimulatedTimestamps;
    }

    /** Sends a simulated event (Avro, raw bytes, or Avro with a corrupted county for the dirty scenario). */
    public void send(SimEvent e) {
        byte[] value;
        if (e.isRaw()) {
            value = e.rawValue();
        } else {
            value = encode(e.topic(), e.value());
            if (e.defect() == Defect.UNKNOWN_COUNTY) {
                value = withCountyOutsideEnum(value, e.value());
            }
        }
        sendBytes(e.topic(), e.key(), value, useSimulatedTimestamps ? e.timestamp() : null, null);
    }

    /** Sends one Avro record. */
    public void send(String topic, String key, SpecificRecord value, Long timestamp) {
        sendBytes(topic, key, encode(topic, value), timestamp, null);
    }

    /** As above, with record headers (the importer's file and line, {@code ImportHeaders}). */
    public void send(String topic, String key, SpecificRecord value, Long timestamp, Headers headers) {
        sendBytes(topic, key, encode(topic, value), timestamp, headers);
    }

    public byte[] encode(String topic, SpecificRecord value) {
        @SuppressWarnings("unchecked")
        Serializer<SpecificRecord> serializer =
                serializers.computeIfAbsent(value.getClass(), c -> (Serializer<SpecificRecord>) (Serializer<?>)
                        serdes.valueSerde((Class<? extends SpecificRecord>) c).serializer());
        return serializer.serialize(topic, value);
    }

    private void sendBytes(String topic, String key, byte[] value, Long timestamp, Headers headers) {
        sent.incrementAndGet();
        resendFailed();
        dispatch(new Attempt(new ProducerRecord<>(topic, null, timestamp, key, value, headers), 1));
    }

    private void dispatch(Attempt attempt) {
        IN_SEND.set(Boolean.TRUE);
        try {
            producer.send(attempt.record(), (metadata, exception) -> deliveryOutcome(attempt, exception));
        } finally {
            IN_SEND.remove();
        }
    }

    private void deliveryOutcome(Attempt attempt, Exception exception) {
        if (exception == null) {
            delivered.incrementAndGet();
        } else if (exception instanceof RetriableException
                && !Boolean.TRUE.equals(IN_SEND.get())
                && attempt.number() < MAX_SENDS) {
            LOG.warn(
                    "Delivery of {} failed ({}); sending it again (send {} of at most {})",
                    attempt.describe(),
                    exception.toString(),
                    attempt.number() + 1,
                    MAX_SENDS);
            toResend.add(attempt.next());
        } else {
            fail(attempt, exception);
        }
    }

    private void fail(Attempt attempt, Exception exception) {
        long n = failed.incrementAndGet();
        String msg = attempt.describe() + ": " + exception
                + (attempt.number() > 1 ? " (after " + attempt.number() + " sends)" : "");
        if (n <= KEPT_FAILURES) {
            failures.add(msg);
            LOG.error("Delivery failed: {}", msg);
        }
    }

    /** Sends again what failed retriably since the last call; never blocks on delivery. */
    private int resendFailed() {
        int n = 0;
        for (Attempt a = toResend.poll(); a != null; a = toResend.poll()) {
            resent.incrementAndGet();
            dispatch(a);
            n++;
        }
        return n;
    }

    /**
     * Waits until every record sent so far is delivered or has failed for good, sending again what
     * failed retriably (each send waits up to the producer's delivery timeout).
     */
    public void flush() {
        do {
            producer.flush();
        } while (resendFailed() > 0);
    }

    public DeliveryReport report() {
        synchronized (failures) {
            return new DeliveryReport(sent.get(), delivered.get(), failed.get(), resent.get(), List.copyOf(failures));
        }
    }

    /** Flushes outstanding sends (waiting up to the delivery timeout, resending) and closes the producer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
        } finally {
            producer.close(Duration.ofMinutes(3));
            // Failed while the producer closed: nothing can send them any more.
            for (Attempt a = toResend.poll(); a != null; a = toResend.poll()) {
                fail(a, new IllegalStateException("the publisher closed before it could send it again"));
            }
        }
    }

    /** One send of a record; {@code number} counts from 1. */
    private record Attempt(ProducerRecord<String, byte[]> record, int number) {

        Attempt next() {
            return new Attempt(record, number + 1);
        }

        String describe() {
            return record.topic() + " key " + record.key();
        }
    }

    /**
     * The county is a closed enum, so an unknown county can only be sent by patching the encoded
     * enum index. The header is the first field of every input record: skip the registry framing
     * (5 bytes), eventId, sourceId, eventTime, reportedAt and the union branch, and the next byte
     * is the county's index.
     */
    public static byte[] withCountyOutsideEnum(byte[] framed, SpecificRecord record) {
        StatementHeader h = (StatementHeader) record.get(0);
        if (h.getCounty() == null) {
            throw new IllegalArgumentException("no county to corrupt in " + h.getSourceId());
        }
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(prefix, null);
        try {
            enc.writeString(h.getEventId());
            enc.writeString(h.getSourceId());
            enc.writeLong(h.getEventTime().toEpochMilli());
            enc.writeLong(h.getReportedAt().toEpochMilli());
            enc.writeIndex(1);
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = 5 + prefix.size();
        int expected = h.getCounty().ordinal() << 1;
        if (framed[at] != expected) {
            throw new IllegalStateException("unexpected encoding of the county of " + h.getSourceId());
        }
        byte[] out = framed.clone();
        out[at] = (byte) (County.values().length << 1);
        return out;
    }

    private static Map<String, Object> kafkaOnly(Map<String, Object> all) {
        Map<String, Object> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (!isRegistrySetting(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, Object> registryOnly(Map<String, Object> all) {
        Map<String, Object> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (isRegistrySetting(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Registry settings go to the serde, everything else to the Kafka client (which would warn about unknown keys). */
    static boolean isRegistrySetting(String key) {
        return key.startsWith("schema.registry.")
                || key.equals("auto.register.schemas")
                || key.equals("use.latest.version")
                || key.equals("latest.compatibility.strict")
                || key.equals("latest.cache.ttl.sec")
                || key.startsWith("basic.auth.")
                || key.endsWith(".subject.name.strategy")
                || key.equals("max.schemas.per.subject")
                || key.equals("avro.use.logical.type.converters")
                || key.equals("specific.avro.reader")
                || key.equals("max.retries")
                || key.startsWith("retries.")
                || key.startsWith("http.");
    }
}
