package city.ordos.plan.flink;

/** One input record as read: its coordinates (for error messages) and its raw key and value. */
public record InputRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

    String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
