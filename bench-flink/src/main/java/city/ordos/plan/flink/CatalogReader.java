package city.ordos.plan.flink;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.registry.AvroSerdes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the goal catalog (compacted topic, latest definition per goal) once, up to its end, before
 * the job starts — what the streams app's global table does before processing. Catalog changes
 * after the start are not followed: the benchmark publishes the catalog before the inputs.
 */
final class CatalogReader {

    private CatalogReader() {}

    static List<GoalDefinition> read(String bootstrap, String registryUrl, String topic, Duration timeout) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Deserializer<GoalDefinition> values = new AvroSerdes(Map.of("schema.registry.url", registryUrl))
                .valueSerde(GoalDefinition.class)
                .deserializer();
        Map<String, GoalDefinition> goals = new LinkedHashMap<>();
        try (KafkaConsumer<String, GoalDefinition> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("goal catalog topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("goal catalog " + topic + " not read to its end within " + timeout);
                }
                for (ConsumerRecord<String, GoalDefinition> rec : consumer.poll(Duration.ofMillis(200))) {
                    if (rec.value() == null) {
                        goals.remove(rec.key());
                    } else {
                        goals.put(rec.key(), rec.value());
                    }
                }
            }
        }
        return List.copyOf(goals.values());
    }
}
