package city.ordos.plan.analytics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the sink needs to run.
 *
 * @param clientProperties Kafka consumer and registry settings ({@code bootstrap.servers},
 *                         {@code schema.registry.url}, security, ...), the same keys Confluent's clients use
 * @param jdbcUrl          {@code jdbc:duckdb:<file>} or {@code jdbc:postgresql://host:port/db}
 * @param jdbcProperties   e.g. {@code user}, {@code password}
 * @param topicsPrefix     the prefix the product's topics were created with ({@code OrdosTopics.withPrefix})
 * @param maxBatchRecords  records per database transaction at most
 * @param maxBatchWait     how long records may wait for a fuller batch before they are written
 */
public record SinkSettings(
        Map<String, Object> clientProperties,
        String jdbcUrl,
        Properties jdbcProperties,
        String topicsPrefix,
        int maxBatchRecords,
        Duration maxBatchWait) {

    public static final int DEFAULT_MAX_BATCH_RECORDS = 5_000;
    public static final Duration DEFAULT_MAX_BATCH_WAIT = Duration.ofSeconds(1);

    public SinkSettings {
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        SqlDialect.fromJdbcUrl(jdbcUrl);
        jdbcProperties = copy(jdbcProperties);
        topicsPrefix = topicsPrefix == null ? "" : topicsPrefix;
        if (!clientProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("bootstrap.servers is required");
        }
        if (!clientProperties.containsKey("schema.registry.url")) {
            throw new IllegalArgumentException("schema.registry.url is required");
        }
        if (maxBatchRecords <= 0) {
            throw new IllegalArgumentException("maxBatchRecords must be positive, was " + maxBatchRecords);
        }
        if (maxBatchWait.isNegative()) {
            throw new IllegalArgumentException("maxBatchWait must not be negative, was " + maxBatchWait);
        }
    }

    private static Properties copy(Properties source) {
        Properties p = new Properties();
        if (source != null) {
            p.putAll(source);
        }
        return p;
    }
}
