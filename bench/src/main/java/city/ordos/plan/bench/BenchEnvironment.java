package city.ordos.plan.bench;

import city.ordos.plan.infra.platform.EmbeddedPlatform;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What every measurement of one run shares: the single embedded broker + registry, the topic names,
 * the registry serdes and a scratch directory. Peers (e.g. a Flink job) get the same broker and the
 * same input bytes from here.
 */
public record BenchEnvironment(Path work, EmbeddedPlatform platform, OrdosTopics topics, AvroSerdes serdes) {

    public String bootstrap() {
        return platform.bootstrapServers();
    }

    public String registryUrl() {
        return platform.schemaRegistryUrl();
    }

    /** acks=all, idempotent: the producer settings of the raw baseline and of every load generator. */
    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates a plain topic and waits until every partition has a leader (a producer's first batches fail otherwise). */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                TopicDescription description;
                try {
                    description = admin.describeTopics(List.of(name))
                            .allTopicNames()
                            .get()
                            .get(name);
                } catch (ExecutionException e) {
                    // Just created: the broker's metadata may not list it yet (seen once on a busy
                    // machine, losing a whole 5 M run); anything else is a real failure.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    description = null;
                }
                if (description != null
                        && description.partitions().stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
                Thread.sleep(50); // polling topic metadata, not waiting for records
            }
            throw new IllegalStateException("no leaders for " + name);
        }
    }
}
