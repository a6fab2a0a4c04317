package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertAck;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Acknowledgements kept on the compacted alert-acks topic ({@link CompactedTopicLog}), keyed by
 * alert id: one made through any instance's API stops reminders and escalation on every notifier
 * and survives restarts.
 */
public final class KafkaAckLog implements AckRegistry.Journal, AutoCloseable {

    private final AckRegistry registry;
    private final CompactedTopicLog<AlertAck> log;

    private KafkaAckLog(Map<String, ?> kafka, TopicSpec<String, AlertAck> topic, AvroSerdes serdes) {
        this.registry = new AckRegistry(this);
        this.log = new CompactedTopicLog<>(kafka, topic, serdes, AlertAck.class, "acknowledgements", (key, value) -> {
            if (value == null) {
                registry.applyWithdrawn(key);
            } else {
                registry.applyRecorded(new Ack(
                        key,
                        value.getGoalKey(),
                        value.getSequence(),
                        value.getNote(),
                        value.getAcknowledgedBy(),
                        value.getAcknowledgedAt()));
            }
        });
    }

    /**
     * Starts reading the topic and waits until every acknowledgement already on it is loaded.
     *
     * @throws TimeoutException if the topic cannot be read to its end within {@code loadTimeout}
     */
    public static KafkaAckLog open(
            Map<String, ?> kafka, TopicSpec<String, AlertAck> topic, AvroSerdes serdes, Duration loadTimeout)
            throws TimeoutException, InterruptedException {
        KafkaAckLog acks = new KafkaAckLog(kafka, topic, serdes);
        acks.log.start(loadTimeout);
        return acks;
    }

    public AckRegistry registry() {
        return registry;
    }

    @Override
    public void recordAck(Ack ack) {
        log.write(
                ack.alertId(),
                AlertAck.newBuilder()
                        .setAlertId(ack.alertId())
                        .setGoalKey(ack.goalKey())
                        .setSequence(ack.sequence())
                        .setNote(ack.note())
                        .setAcknowledgedBy(ack.acknowledgedBy())
                        .setAcknowledgedAt(ack.acknowledgedAt())
                        .build(),
                "acknowledgement of " + ack.alertId());
    }

    @Override
    public void recordWithdrawal(String alertId) {
        log.write(alertId, null, "withdrawal of the acknowledgement of " + alertId);
    }

    @Override
    public boolean echoes() {
        return true;
    }

    @Override
    public void close() {
        log.close();
    }
}
