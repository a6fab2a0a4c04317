package city.ordos.plan.alerts.notify;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps an alert the notifier could not deliver (given up, rejected, or undecodable), so that its
 * offset can be committed without losing it. Must return only once the record is durable: the
 * offset is committed right after.
 */
public interface FailedDeliveryRecorder extends AutoCloseable {

    /**
     * @param receiver   receiver name
     * @param record     the alert-topic record as read (raw bytes)
     * @param reasonCode ALERT_DELIVERY_FAILED, ALERT_DELIVERY_REJECTED or NOT_AVRO
     * @param message    human-readable explanation
     */
    void record(String receiver, ConsumerRecord<String, byte[]> record, String reasonCode, String message);

    @Override
    default void close() {}
}
