package city.ordos.plan.topics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One topic of the product, described once: its name, the Java types of key and value (the
 * value type decides which Avro schema is registered for it), partitions and cleanup policy.
 * Serdes are not part of the description: they are configured from runtime config and injected.
 */
public record TopicSpec<K, V>(
        String name,
        Class<K> keyType,
        Class<V> valueType,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention) {

    public enum CleanupPolicy {
        DELETE("delete"),
        COMPACT("compact");

        private final String configValue;

        CleanupPolicy(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, was " + partitions);
        }
    }

    /** Topic-level configs to apply when creating the topic (cleanup policy and, if set, retention). */
    public Map<String, String> topicConfigs() {
        if (retention == null) {
            return Map.of("cleanup.policy", cleanupPolicy.configValue());
        }
        return Map.of(
                "cleanup.policy", cleanupPolicy.configValue(), "retention.ms", Long.toString(retention.toMillis()));
    }
}
