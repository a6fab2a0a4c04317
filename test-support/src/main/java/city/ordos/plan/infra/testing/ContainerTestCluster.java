package city.ordos.plan.infra.testing;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Apache Kafka container (KRaft) and a Confluent Schema Registry container on a private
 * network; used when a Docker daemon is reachable.
 */
final class ContainerTestCluster implements TestCluster {

    static final String KAFKA_IMAGE = "apache/kafka:4.4.0";
    static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:8.0.0";
    private static final String KAFKA_ALIAS = "kafka";
    private static final String INTERNAL_LISTENER = KAFKA_ALIAS + ":19092";

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    ContainerTestCluster() {
        network = Network.newNetwork();
        kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withNetworkAliases(KAFKA_ALIAS)
                .withListener(INTERNAL_LISTENER)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + INTERNAL_LISTENER)
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        try {
            kafka.start();
            registry.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Override
    public String describe() {
        return KAFKA_IMAGE + " container " + bootstrapServers() + " + " + REGISTRY_IMAGE + " " + schemaRegistryUrl();
    }

    /** Mapped ports change when a container restarts, so clients could not follow; not offered. */
    @Override
    public void stopBroker() {
        throw new UnsupportedOperationException("broker restart is only supported on the embedded cluster");
    }

    @Override
    public void startBroker() {
        throw new UnsupportedOperationException("broker restart is only supported on the embedded cluster");
    }

    @Override
    public boolean supportsBrokerRestart() {
        return false;
    }

    @Override
    public void close() {
        try {
            registry.stop();
            kafka.stop();
        } finally {
            network.close();
        }
    }
}
