package city.ordos.plan.producers.sim;

import org.apache.avro.specific.SpecificRecord;

/**
 * One event to publish: topic, key (the source id) and value. {@code value} is the Avro record;
 * for the {@link Defect#NOT_AVRO} events of the dirty scenario it is null and {@code rawValue}
 * holds the bytes to send instead. {@code timestamp} is the simulated moment the source sent it
 * (the statement's reportedAt), which replay paces by and which becomes the record timestamp.
 */
public record SimEvent(
        String topic, String key, SpecificRecord value, byte[] rawValue, long timestamp, Statement statement) {

    public Defect defect() {
        return statement.defect();
    }

    public boolean isRaw() {
        return value == null;
    }
}
