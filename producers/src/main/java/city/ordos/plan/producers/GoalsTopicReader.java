package city.ordos.plan.producers;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.registry.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the current goal catalog from the compacted goals topic (latest value per key, tombstones
 * removed), so the simulator feeds exactly the goals the streams app is tracking.
 */
public final class GoalsTopicReader {

    private GoalsTopicReader() {}

    public static List<GoalDefinition> read(Map<String, Object> clientSettings, String topic, Duration timeout) {
        Map<String, Object> consumerConfig = new HashMap<>();
        Map<String, Object> registry = new HashMap<>();
        clientSettings.forEach((k, v) -> {
            if (EventPublisher.isRegistrySetting(k)) {
                registry.put(k, v);
            } else if (!k.startsWith("enable.idempotence")
                    && !k.equals("acks")
                    && !k.startsWith("max.in.flight")
                    && !k.equals("delivery.timeout.ms")
                    && !k.equals("compression.type")
                    && !k.equals("linger.ms")
                    && !k.equals("batch.size")
                    && !k.equals("client.id")) {
                consumerConfig.put(k, v);
            }
        });
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Deserializer<GoalDefinition> values =
                new AvroSerdes(registry).valueSerde(GoalDefinition.class).deserializer();
        Map<String, GoalDefinition> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, GoalDefinition> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), values)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("goals topic " + topic
                        + " does not exist; publish the catalog first, or simulate with --goals bundled");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("timed out reading goals topic " + topic);
                }
                for (ConsumerRecord<String, GoalDefinition> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        }
        return List.copyOf(latest.values());
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
