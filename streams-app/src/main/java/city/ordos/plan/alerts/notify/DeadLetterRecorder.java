package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Records undeliverable alerts on the dead-letter topic, with the original bytes and offset and
 * the receiver in {@code component} ({@code alert-notifier/<receiver>}), so an operator can see
 * what a department missed and replay it.
 */
public final class DeadLetterRecorder implements FailedDeliveryRecorder {

    private final Producer<String, DeadLetter> producer;
    private final String topic;
    private final Clock clock;

    public DeadLetterRecorder(Producer<String, DeadLetter> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    @Override
    public void record(String receiver, ConsumerRecord<String, byte[]> record, String reasonCode, String message) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setOriginalKey(
                        record.key() == null
                                ? null
                                : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setRecordTimestamp(Instant.ofEpochMilli(record.timestamp()))
                .setReasonCode(reasonCode)
                .setMessage(message)
                .setComponent("alert-notifier/" + receiver)
                .setDeadLetteredAt(clock.instant())
                .build();
        try {
            producer.send(new ProducerRecord<>(topic, record.key(), letter)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while recording failed alert delivery " + message, e);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot record failed alert delivery on " + topic + ": " + message, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
