package city.ordos.plan.infra.testing;

import city.ordos.plan.infra.topics.TopicProvisioner;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Hands a test class a Kafka cluster with a schema registry: one cluster per test class, started
 * before the first test and stopped after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension kafka = new KafkaClusterExtension();
 *
 * @Test void roundTrip() {
 *     OrdosTopics topics = kafka.createTopics();   // fresh, uniquely prefixed topics
 *     Properties props = kafka.producerProperties();
 *     ...
 * }
 * }</pre>
 * or {@code @ExtendWith(KafkaClusterExtension.class)} with a {@code KafkaClusterExtension}
 * parameter on test methods or the constructor.
 *
 * <p>Where a Docker daemon is reachable it runs {@code apache/kafka} and
 * {@code confluentinc/cp-schema-registry} containers (Testcontainers); otherwise the embedded
 * KRaft broker and embedded registry. The same test classes run on both. Force one with the
 * system property or environment variable {@code ordos.test.cluster} / {@code ORDOS_TEST_CLUSTER}
 * = {@code embedded}, {@code containers} or {@code auto} (default).
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);
    public static final String MODE_PROPERTY = "ordos.test.cluster";

    private final AtomicInteger prefixes = new AtomicInteger();
    private final List<Path> stateDirs = new CopyOnWriteArrayList<>();
    private TestCluster cluster;
    private Admin admin;
    private String owner;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (cluster != null) {
            return; // nested test classes share their enclosing class's cluster
        }
        cluster = startCluster();
        owner = context.getUniqueId();
        LOG.info("Test cluster for {}: {}", context.getDisplayName(), cluster.describe());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster == null || !context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            admin = null;
            TestCluster running = cluster;
            cluster = null;
            try {
                running.close();
            } finally {
                stateDirs.forEach(EmbeddedTestCluster::deleteRecursively);
                stateDirs.clear();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaClusterExtension.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return this;
    }

    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return running().schemaRegistryUrl();
    }

    /** True on the embedded cluster, false on containers. */
    public boolean isEmbedded() {
        return running() instanceof EmbeddedTestCluster;
    }

    /** A topic/app-id prefix no other test of this run uses, e.g. {@code t3-5f1c2a9e-}. */
    public String uniquePrefix() {
        return "t" + prefixes.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** Creates the product's topics under a fresh unique prefix and returns them. */
    public OrdosTopics createTopics() {
        return createTopics(OrdosTopics.withPrefix(uniquePrefix()));
    }

    /** Creates (idempotently) every topic of {@code topics}. */
    public OrdosTopics createTopics(OrdosTopics topics) {
        createTopics(topics.all());
        return topics;
    }

    /** Creates (idempotently) the given topics; fails if an existing one differs from its spec. */
    public TopicProvisioner.Result createTopics(Collection<? extends TopicSpec<?, ?>> specs) {
        return new TopicProvisioner(admin(), Optional.of((short) 1))
                .provision(specs)
                .requireConsistent();
    }

    /** An admin client for this cluster, closed with the cluster; do not close it. */
    public synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            admin = Admin.create(props);
        }
        return admin;
    }

    /** Producer settings: idempotent, acks=all, plus {@code schema.registry.url}; add serializers. */
    public Properties producerProperties() {
        Properties props = common();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    /** Consumer settings for a fresh group reading from the beginning, committed records only. */
    public Properties consumerProperties(String groupId) {
        Properties props = common();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /**
     * Kafka Streams settings for an application id, with a fresh state directory (removed after
     * the test class; close your KafkaStreams first) and the internal topics replicated as the
     * cluster allows (one broker in both modes).
     */
    public Properties streamsProperties(String applicationId) {
        Properties props = common();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        try {
            Path stateDir = Files.createTempDirectory("ordos-streams-" + applicationId + "-");
            stateDirs.add(stateDir);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /** Stops the broker (data kept) to test behaviour during an outage; embedded cluster only. */
    public void stopBroker() {
        running().stopBroker();
    }

    public void startBroker() {
        running().startBroker();
    }

    /** Whether {@link #stopBroker()}/{@link #startBroker()} work here; guard fault tests with it. */
    public boolean supportsBrokerRestart() {
        return running().supportsBrokerRestart();
    }

    private Properties common() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put("schema.registry.url", schemaRegistryUrl());
        return props;
    }

    private TestCluster running() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster: register KafkaClusterExtension as a static @RegisterExtension "
                    + "field or with @ExtendWith on the class");
        }
        return cluster;
    }

    private static TestCluster startCluster() {
        String mode = Optional.ofNullable(System.getProperty(MODE_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv("ORDOS_TEST_CLUSTER")))
                .orElse("auto")
                .toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "embedded" -> new EmbeddedTestCluster();
            case "containers" -> new ContainerTestCluster();
            case "auto" -> dockerAvailable() ? new ContainerTestCluster() : new EmbeddedTestCluster();
            default ->
                throw new IllegalArgumentException(
                        MODE_PROPERTY + " must be embedded, containers or auto, was " + mode);
        };
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            LOG.info("No Docker daemon ({}); using the embedded cluster", e.toString());
            return false;
        }
    }
}
