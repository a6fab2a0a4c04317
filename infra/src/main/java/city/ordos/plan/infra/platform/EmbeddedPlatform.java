package city.ordos.plan.infra.platform;

import city.ordos.plan.infra.kafka.EmbeddedKafkaBroker;
import city.ordos.plan.infra.registry.EmbeddedSchemaRegistry;
import city.ordos.plan.infra.registry.RegistryAccess;
import city.ordos.plan.infra.topics.TopicProvisioner;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the product needs to run on one machine without an existing cluster: a single-node
 * KRaft broker and a schema registry, both keeping their data under one directory, plus the
 * product's topics. Starting again on the same directory resumes where the last run stopped.
 *
 * <p>Layout: {@code <dataDir>/kafka} holds the broker's log; the registry's schemas live in the
 * broker's {@code _schemas} topic.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final TopicProvisioner.Result provisioning;

    private EmbeddedPlatform(Builder builder) {
        EmbeddedKafkaBroker.Builder brokerBuilder =
                EmbeddedKafkaBroker.builder(builder.dataDir.resolve("kafka")).brokerPort(builder.brokerPort);
        builder.brokerConfig.forEach(brokerBuilder::config);
        this.broker = brokerBuilder.build().start();
        try {
            this.registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                    .port(builder.registryPort)
                    .topic(builder.registryTopic)
                    .access(builder.registryAccess)
                    .start();
            this.provisioning = builder.topics == null ? null : provision(builder.topics);
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
        LOG.info(
                "Embedded platform ready: bootstrap.servers={} schema.registry.url={} (data in {})",
                bootstrapServers(),
                schemaRegistryUrl(),
                builder.dataDir.toAbsolutePath());
    }

    /** A platform keeping all its data under {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    /**
     * Registry client settings (Confluent's keys) carrying the registry's credentials, for the
     * clients of this run that change the registry (register new schemas, set compatibility);
     * empty when the registry needs none. Readers and producers of already registered schemas
     * need only the URL.
     */
    public Map<String, String> registryClientConfig() {
        return registry.access()
                .userInfo()
                .map(userInfo -> Map.of(
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                        "USER_INFO",
                        AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                        userInfo))
                .orElse(Map.of());
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** What topic provisioning did on start, if topics were given. */
    public Optional<TopicProvisioner.Result> provisioning() {
        return Optional.ofNullable(provisioning);
    }

    private TopicProvisioner.Result provision(OrdosTopics topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            return new TopicProvisioner(admin, Optional.empty())
                    .provision(topics.all())
                    .requireConsistent();
        }
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            if (registry != null) {
                registry.close();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            broker.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    public static final class Builder {
        private final Path dataDir;
        private int brokerPort;
        private int registryPort;
        private String registryTopic = "_schemas";
        private RegistryAccess registryAccess = RegistryAccess.generatedWriteCredentials();
        private OrdosTopics topics;
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Broker client port; 0 (default) picks a free one on first start. */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** Registry HTTP port; 0 (default) picks a free one. */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /**
         * Who may change the registry; default: changes need credentials generated for this run,
         * which {@link EmbeddedPlatform#registryClientConfig()} hands to the run's own clients.
         */
        public Builder registryAccess(RegistryAccess access) {
            this.registryAccess = Objects.requireNonNull(access);
            return this;
        }

        public Builder registryTopic(String topic) {
            this.registryTopic = Objects.requireNonNull(topic);
            return this;
        }

        /** Create these topics on start (existing ones are checked, never altered). */
        public Builder topics(OrdosTopics topics) {
            this.topics = topics;
            return this;
        }

        /** Any broker setting, e.g. {@code log.retention.hours}. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        public EmbeddedPlatform start() {
            return new EmbeddedPlatform(this);
        }
    }
}
