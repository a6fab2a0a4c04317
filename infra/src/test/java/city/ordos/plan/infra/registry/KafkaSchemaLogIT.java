package city.ordos.plan.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.CompatibilityLevel;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage log as Confluent's registry would read it after a takeover: without regard to
 * transactions. A write that failed (its transaction aborted) must not leave a record such a
 * reader takes for the truth.
 */
class KafkaSchemaLogIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @Test
    void theNextWriteRestatesWhatAnAbortedWriteLeftInTheTopic() throws Exception {
        String topic = kafka.uniquePrefix() + "_schemas";
        // Small enough that one oversized schema record fails its write, after a small record of the same write landed.
        kafka.admin()
                .createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", "4096"))))
                .all()
                .get();
        Map<String, Object> config = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String tooLarge = "\"" + "x".repeat(20_000) + "\"";
        try (KafkaSchemaLog log = new KafkaSchemaLog(config, topic)) {
            log.catchUp(entry -> {});
            LogEntry aborted = new LogEntry.Config("x-value", new SubjectConfig(CompatibilityLevel.NONE, null));
            assertThatThrownBy(() -> log.append(
                            List.of(aborted, new LogEntry.SchemaVersion("x-value", 1, 1, tooLarge, List.of(), false))))
                    .isInstanceOf(RegistryException.class);
            assertThat(readUncommitted(topic))
                    .as("a reader ignoring transactions sees the aborted write")
                    .containsKey(LogCodec.encode(aborted).key());

            log.append(List.of(new LogEntry.Config("y-value", new SubjectConfig(CompatibilityLevel.FULL, null))));
        }

        Map<String, String> asConfluentReadsIt = readUncommitted(topic);
        assertThat(asConfluentReadsIt)
                .containsOnlyKeys("{\"keytype\":\"CONFIG\",\"subject\":\"y-value\",\"magic\":0}")
                .containsValue("{\"subject\":\"y-value\",\"compatibilityLevel\":\"FULL\"}");
    }

    /** The latest value per key, tombstones removing, reading every record as Confluent's registry does. */
    private static Map<String, String> readUncommitted(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<String, String> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    latest.remove(r.key());
                    if (r.value() != null) {
                        latest.put(r.key(), r.value());
                    }
                });
                return consumer.position(partition) >= end;
            });
        }
        return latest;
    }
}
