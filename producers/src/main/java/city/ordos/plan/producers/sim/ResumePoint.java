package city.ordos.plan.producers.sim;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Where an interrupted replay stands: how many records each input partition already holds. A
 * simulation is deterministic for its seed and an idempotent producer keeps each partition in send
 * order without gaps, so the first {@code n} events the simulation routes to a partition holding
 * {@code n} records are exactly the ones delivered; a resumed replay skips those and sends the
 * rest. Records written to the input topics by anything else than this simulation (an import)
 * count as delivered events too: resume only a replay that had the topics to itself.
 */
public final class ResumePoint {

    /** Nothing delivered yet: every event is sent. */
    public static final ResumePoint START = new ResumePoint(Map.of(), Map.of());

    private final Map<String, Integer> partitionCounts;
    private final Map<TopicPartition, Long> delivered;
    private final Map<TopicPartition, Long> skipped = new HashMap<>();

    /**
     * @param partitionCounts partitions of each input topic
     * @param delivered       records each partition holds (its end offset: the simulator's producer is not transactional)
     */
    public ResumePoint(Map<String, Integer> partitionCounts, Map<TopicPartition, Long> delivered) {
        this.partitionCounts = Map.copyOf(partitionCounts);
        this.delivered = Map.copyOf(delivered);
    }

    /** Events the input partitions hold in total. */
    public long deliveredEvents() {
        return delivered.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * True if this event, taken in the simulation's order, is one the partition it goes to already
     * holds. Call it once per event, in order.
     */
    public boolean alreadyDelivered(SimEvent event) {
        Integer partitions = partitionCounts.get(event.topic());
        if (partitions == null) {
            return false;
        }
        TopicPartition tp = new TopicPartition(event.topic(), partitionOf(event.key(), partitions));
        long held = delivered.getOrDefault(tp, 0L);
        long seen = skipped.getOrDefault(tp, 0L);
        if (seen < held) {
            skipped.put(tp, seen + 1);
            return true;
        }
        return false;
    }

    /** The producer's default partitioner for a keyed record (murmur2 of the serialised key). */
    static int partitionOf(String key, int partitions) {
        Objects.requireNonNull(key, "simulated events are keyed by source");
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
