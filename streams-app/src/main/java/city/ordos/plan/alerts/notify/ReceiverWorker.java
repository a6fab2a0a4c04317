package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.GoalAlert;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery loop of one receiver, on its own thread with its own consumer group, so a slow or
 * failing receiver delays nobody else, neither the stream processing nor the other receivers.
 *
 * <p>At-least-once: a record's offset is committed only after its delivery ended (delivered,
 * silenced, not routed here) or after it was durably recorded as failed. A crash in between
 * redelivers it; receivers drop the duplicate by its idempotency key. If recording the failure
 * itself fails, the worker seeks back and tries the record again rather than skip it.
 */
final class ReceiverWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverWorker.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(5);

    private final WebhookDelivery delivery;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Deserializer<GoalAlert> alerts;
    private final FailedDeliveryRecorder failures;
    private volatile boolean running = true;

    ReceiverWorker(
            WebhookDelivery delivery,
            Consumer<String, byte[]> consumer,
            String topic,
            Deserializer<GoalAlert> alerts,
            FailedDeliveryRecorder failures) {
        this.delivery = delivery;
        this.consumer = consumer;
        this.topic = topic;
        this.alerts = alerts;
        this.failures = failures;
    }

    @Override
    public void run() {
        String name = delivery.receiver().name();
        try {
            consumer.subscribe(Set.of(topic));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (!running) {
                        break; // the rest of the batch stays uncommitted and is read again on restart
                    }
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    try {
                        handle(record);
                    } catch (RuntimeException e) {
                        LOG.error(
                                "Receiver {}: cannot finish alert at {}@{}; retrying it in {}",
                                name,
                                partition,
                                record.offset(),
                                PAUSE_AFTER_ERROR,
                                e);
                        consumer.seek(partition, record.offset());
                        Thread.sleep(PAUSE_AFTER_ERROR.toMillis());
                        break;
                    }
                    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the current record stays uncommitted
        } finally {
            boolean interrupted = Thread.interrupted(); // let close() leave the group cleanly
            consumer.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Receiver {} stopped", name);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        String name = delivery.receiver().name();
        GoalAlert alert;
        try {
            alert = alerts.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            failures.record(
                    name,
                    record,
                    "NOT_AVRO",
                    "alert at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " cannot be decoded: " + e.getMessage());
            return;
        }
        if (alert == null || !delivery.receiver().routes(alert)) {
            return;
        }
        WebhookDelivery.Result result = delivery.deliver(alert);
        switch (result.outcome()) {
            case FAILED ->
                failures.record(
                        name,
                        record,
                        "ALERT_DELIVERY_FAILED",
                        "alert "
                                + AlertPayloads.idempotencyKey(alert) + " to " + name + " given up after "
                                + result.attempts()
                                + " attempts: " + result.detail());
            case REJECTED ->
                failures.record(
                        name,
                        record,
                        "ALERT_DELIVERY_REJECTED",
                        "alert " + AlertPayloads.idempotencyKey(alert) + " rejected by " + name + ": "
                                + result.detail());
            default -> {}
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
