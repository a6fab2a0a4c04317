package city.ordos.plan.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.CompatibilityLevel;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
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

    private static Map<String, String> readUncommitted(String topic) {
        return StorageTopicReader.latestPerKey(kafka.bootstrapServers(), topic, "read_uncommitted");
    }
}
