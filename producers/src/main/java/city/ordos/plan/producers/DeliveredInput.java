package city.ordos.plan.producers;

import city.ordos.plan.producers.sim.ResumePoint;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the input topics already hold, per partition: the point a resumed replay continues from. */
public final class DeliveredInput {

    private DeliveredInput() {}

    /** What the input topics of {@code topics} hold (a replay sends only to those). */
    public static ResumePoint read(Map<String, Object> clientSettings, OrdosTopics topics, Duration timeout) {
        return read(
                clientSettings, topics.inputs().stream().map(TopicSpec::name).toList(), timeout);
    }

    /**
     * Partition counts and end offsets of the given topics (a topic that does not exist yet holds
     * nothing). {@code clientSettings} are the producer's settings; only the consumer's are used.
     */
    public static ResumePoint read(Map<String, Object> clientSettings, Collection<String> topics, Duration timeout) {
        Map<String, Object> consumerConfig = new HashMap<>();
        clientSettings.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                consumerConfig.put(k, v);
            }
        });
        Map<String, Integer> partitionCounts = new HashMap<>();
        List<TopicPartition> partitions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(timeout);
            for (String topic : topics) {
                List<PartitionInfo> infos = existing.get(topic);
                if (infos == null || infos.isEmpty()) {
                    continue;
                }
                partitionCounts.put(topic, infos.size());
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return new ResumePoint(partitionCounts, consumer.endOffsets(partitions, timeout));
        }
    }
}
