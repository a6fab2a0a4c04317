package city.ordos.plan.producers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ResumePointTest {

    @Test
    void skipsTheFirstEventsOfEachPartitionAsManyAsItHolds() {
        String topic = "ordos.investment-reports";
        List<String> keys = List.of("P-001", "P-002", "P-003", "P-004", "P-005", "P-006", "P-001", "P-002", "P-003");
        int p1 = ResumePoint.partitionOf("P-001", 6);
        long heldOnP1 = 1;
        ResumePoint resume = new ResumePoint(Map.of(topic, 6), Map.of(new TopicPartition(topic, p1), heldOnP1));

        List<String> sent = new ArrayList<>();
        for (String key : keys) {
            if (!resume.alreadyDelivered(event(topic, key))) {
                sent.add(key);
            }
        }
        long onP1 =
                keys.stream().filter(k -> ResumePoint.partitionOf(k, 6) == p1).count();
        assertThat(sent).hasSize(keys.size() - 1);
        assertThat(sent.stream().filter(k -> ResumePoint.partitionOf(k, 6) == p1))
                .hasSize((int) onP1 - 1);
        assertThat(resume.deliveredEvents()).isEqualTo(1);
    }

    @Test
    void eventsOfTopicsThatDoNotExistYetAreAllSent() {
        assertThat(ResumePoint.START.alreadyDelivered(event("ordos.energy-readings", "F-1")))
                .isFalse();
    }

    /** The partition is the one KafkaProducer picks for a keyed record without a custom partitioner. */
    @Test
    void partitionsAsTheProducerDoes() {
        for (String key : List.of("P-001", "F-17", "县-东胜区-001", "x", "major-project-0433")) {
            for (int partitions : new int[] {1, 3, 6}) {
                assertThat(ResumePoint.partitionOf(key, partitions))
                        .as(key)
                        .isEqualTo(
                                BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    private static SimEvent event(String topic, String key) {
        return new SimEvent(topic, key, null, new byte[0], 0L, null);
    }
}
