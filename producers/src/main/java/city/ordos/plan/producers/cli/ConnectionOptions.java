package city.ordos.plan.producers.cli;

import city.ordos.plan.config.OrdosEnvironment;
import city.ordos.plan.config.OrdosEnvironment.KafkaClient;
import city.ordos.plan.producers.ProducerSettings;
import city.ordos.plan.topics.OrdosTopics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where to connect and how. Settings are layered as the app's ({@code AppConfig}), later wins:
 * built-in defaults, the properties file ({@code --config}), {@code ORDOS_*} environment variables
 * (the keys of the command's Kafka clients and of the registry, {@link OrdosEnvironment}'s rule:
 * {@code ORDOS_LINGER_MS} is {@code linger.ms}), the flags, and {@code --property key=value}. Any Kafka client or
 * {@code schema.registry.*} setting passes through, so SASL and TLS work against a real cluster.
 */
public final class ConnectionOptions {

    @Option(
            names = {"-b", "--bootstrap-servers"},
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (env ORDOS_BOOTSTRAP_SERVERS; default localhost:9092).")
    String bootstrapServers;

    @Option(
            names = {"-r", "--schema-registry-url"},
            paramLabel = "URL",
            description = "Schema registry URL; mock://NAME for an in-memory one (env ORDOS_SCHEMA_REGISTRY_URL; "
                    + "default http://localhost:8081).")
    String schemaRegistryUrl;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Properties file with Kafka client and schema.registry.* settings (e.g. SASL/TLS).")
    Path configFile;

    @Option(
            names = {"-X", "--property"},
            paramLabel = "KEY=VALUE",
            description = "A Kafka client or schema.registry.* setting; repeatable; wins over everything else "
                    + "(ORDOS_* variables set them too: ORDOS_LINGER_MS is linger.ms).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "Prefix of every topic name (default none).")
    String topicPrefix;

    private Map<String, String> environment = System.getenv();

    /** For tests: a different environment. */
    public ConnectionOptions withEnvironment(Map<String, String> environment) {
        this.environment = environment;
        return this;
    }

    public OrdosTopics topics() {
        return OrdosTopics.withPrefix(topicPrefix);
    }

    /**
     * The merged client settings (Kafka and registry), before the producer's safety defaults; from
     * the environment only the keys of {@code clients} and the registry serde.
     */
    public Map<String, String> clientSettings(KafkaClient... clients) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("bootstrap.servers", "localhost:9092");
        out.put("schema.registry.url", "http://localhost:8081");
        if (configFile != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(configFile)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --config " + configFile + ": " + e.getMessage(), e);
            }
            out.putAll(ProducerSettings.toMap(p));
        }
        out.putAll(OrdosEnvironment.clientSettings(environment, List.of(clients)));
        putIfSet(out, "bootstrap.servers", bootstrapServers);
        putIfSet(out, "schema.registry.url", schemaRegistryUrl);
        out.putAll(properties);
        return out;
    }

    /** The configuration of a command's one producer. */
    public Map<String, Object> producerConfig(String clientId) {
        return ProducerSettings.producerConfig(clientSettings(KafkaClient.PRODUCER), clientId);
    }

    private static void putIfSet(Map<String, String> out, String key, String value) {
        if (value != null && !value.isBlank()) {
            out.put(key, value.strip());
        }
    }
}
