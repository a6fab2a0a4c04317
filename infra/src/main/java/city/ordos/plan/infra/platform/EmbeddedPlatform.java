package city.ordos.plan.infra.platform;

import city.ordos.plan.infra.kafka.EmbeddedKafkaBroker;
import city.ordos.plan.infra.registry.EmbeddedSchemaRegistry;
import city.ordos.plan.infra.registry.RegistryAccess;
import city.ordos.plan.infra.topics.TopicProvisioner;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.topics.OrdosTopics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final List<String> portNotes;

    /** The ports of Kafka's and Confluent's defaults, which every other command of the product assumes. */
    public static final int DEFAULT_BROKER_PORT = 9092;

    public static final int DEFAULT_REGISTRY_PORT = 8081;

    private EmbeddedPlatform(Builder builder) {
        List<String> notes = new ArrayList<>();
        int brokerPort = chosenPort(builder.preferredBrokerPort, builder.brokerPort);
        EmbeddedKafkaBroker.Builder brokerBuilder =
                EmbeddedKafkaBroker.builder(builder.dataDir.resolve("kafka")).brokerPort(brokerPort);
        builder.brokerConfig.forEach(brokerBuilder::config);
        this.broker = brokerBuilder.build().start();
        if (builder.preferredBrokerPort != 0 && brokerPort != builder.preferredBrokerPort) {
            notes.add("Port " + builder.preferredBrokerPort + " is in use: the embedded Kafka broker listens on "
                    + broker.bootstrapServers() + " instead (give other commands -b " + broker.bootstrapServers()
                    + ")");
        }
        try {
            int registryPort = chosenPort(builder.preferredRegistryPort, builder.registryPort);
            this.registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                    .port(registryPort)
                    .topic(builder.registryTopic)
                    .access(builder.registryAccess)
                    .start();
            if (builder.preferredRegistryPort != 0 && registryPort != builder.preferredRegistryPort) {
                notes.add(
                        "Port " + builder.preferredRegistryPort + " is in use: the embedded schema registry listens on "
                                + registry.url() + " instead (give other commands -r " + registry.url() + ")");
            }
            this.provisioning = builder.topics == null ? null : provision(builder.topics);
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
        this.portNotes = List.copyOf(notes);
        notes.forEach(LOG::warn);
        LOG.info(
                "Embedded platform ready: bootstrap.servers={} schema.registry.url={} (data in {})",
                bootstrapServers(),
                schemaRegistryUrl(),
                builder.dataDir.toAbsolutePath());
    }

    /** The preferred port when it is free on the loopback interface, else the configured one (0: any free one). */
    private static int chosenPort(int preferred, int configured) {
        if (preferred == 0) {
            return configured;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred));
            return preferred;
        } catch (IOException inUse) {
            return configured;
        }
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

    /**
     * One sentence per preferred port that was taken, naming the port used instead and the flag
     * other commands then need; empty when every preferred port was free (or none was asked for).
     */
    public List<String> portNotes() {
        return portNotes;
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
        private int preferredBrokerPort;
        private int preferredRegistryPort;
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
         * Listen on these ports when they are free (the one-command run asks for
         * {@link #DEFAULT_BROKER_PORT} and {@link #DEFAULT_REGISTRY_PORT}, where every other
         * command looks by default), else on the ports configured above; {@link #portNotes()} says
         * which were taken.
         */
        public Builder preferredPorts(int brokerPort, int registryPort) {
            this.preferredBrokerPort = brokerPort;
            this.preferredRegistryPort = registryPort;
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
