package city.ordos.plan.catalog;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.producers.ProducerSettings;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one plan's validated goals to the compacted goals topic, keyed
 * {@link OrdosTopics#goalKey(String, String) planId/goalId}.
 *
 * <p>It first reads the plan's current goals from the topic, then sends only what differs: new
 * and changed goals (compared as serialized records), and, when {@code prune} is set, a
 * tombstone for each goal of the plan that is on the topic but not in the file. Without
 * {@code prune} such goals are kept and reported, so deleting a line of the file never silently
 * stops a goal being watched. Goals of other plans are never touched.
 *
 * <p>The producer is idempotent with acks=all; every send is awaited and a failed one fails the
 * publication naming the goal. Running it twice with the same file sends nothing the second time.
 */
public final class CatalogPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogPublisher.class);

    private final Map<String, String> kafkaSettings = new LinkedHashMap<>();
    private final Map<String, Object> registrySettings = new LinkedHashMap<>();
    private final String topic;
    private final Duration timeout;

    /**
     * @param clientSettings Kafka client settings (bootstrap.servers, security ...) and schema
     *                       registry settings (schema.registry.url ...) in one map
     * @param topics         the product's topics (prefixed in tests)
     * @param timeout        how long reading the topic and each send may take
     */
    public CatalogPublisher(Map<String, ?> clientSettings, OrdosTopics topics, Duration timeout) {
        clientSettings.forEach((k, v) -> {
            if (AvroSerdeConfig.isSerdeSetting(k)) {
                registrySettings.put(k, v);
            } else {
                kafkaSettings.put(k, String.valueOf(v));
            }
        });
        this.topic = topics.goals().name();
        this.timeout = timeout;
    }

    /**
     * Publishes {@code goals} (all of plan {@code planId}) and, if {@code prune}, removes the plan's
     * goals that are not among them.
     *
     * @throws IllegalArgumentException if a goal belongs to another plan or an id repeats
     * @throws CatalogPublishException  if the topic cannot be read or a send fails
     */
    public PublishResult publish(String planId, List<GoalDefinition> goals, boolean prune) {
        Set<String> ids = new HashSet<>();
        for (GoalDefinition g : goals) {
            if (!planId.equals(g.getPlanId())) {
                throw new IllegalArgumentException(
                        "goal " + g.getGoalId() + " belongs to plan " + g.getPlanId() + ", not " + planId);
            }
            if (!ids.add(g.getGoalId())) {
                throw new IllegalArgumentException("goal id " + g.getGoalId() + " appears twice");
            }
        }
        Map<String, byte[]> current = currentGoals(planId);
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> orphaned = new ArrayList<>();
        Map<String, Future<RecordMetadata>> sends = new LinkedHashMap<>();
        try (Serializer<GoalDefinition> serializer = new AvroSerdes(registrySettings)
                        .valueSerde(GoalDefinition.class)
                        .serializer();
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            for (GoalDefinition g : goals) {
                String key = OrdosTopics.goalKey(planId, g.getGoalId());
                byte[] value = serializer.serialize(topic, g);
                byte[] existing = current.get(key);
                if (existing != null && Arrays.equals(existing, value)) {
                    unchanged.add(g.getGoalId());
                    continue;
                }
                (existing == null ? created : updated).add(g.getGoalId());
                sends.put(g.getGoalId(), producer.send(new ProducerRecord<>(topic, key, value)));
            }
            for (String key : current.keySet()) {
                String goalId = key.substring(planId.length() + 1);
                if (ids.contains(goalId)) {
                    continue;
                }
                if (prune) {
                    removed.add(goalId);
                    sends.put(goalId, producer.send(new ProducerRecord<>(topic, key, null)));
                } else {
                    orphaned.add(goalId);
                }
            }
            producer.flush();
            for (Map.Entry<String, Future<RecordMetadata>> s : sends.entrySet()) {
                await(s.getKey(), s.getValue());
            }
        }
        PublishResult result = new PublishResult(planId, created, updated, unchanged, removed, orphaned);
        LOG.info("Published catalog to {}: {}", topic, result);
        return result;
    }

    private void await(String goalId, Future<RecordMetadata> send) {
        try {
            send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CatalogPublishException(
                    "goal " + goalId + ": not written to " + topic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
            // CHECKSTYLE.OFF: inlineQualifiedName - the Future's timeout; Kafka's TimeoutException is imported
        } catch (java.util.concurrent.TimeoutException e) {
            // CHECKSTYLE.ON: inlineQualifiedName
            throw new CatalogPublishException(
                    "goal " + goalId + ": no acknowledgement from " + topic + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogPublishException("interrupted while publishing goal " + goalId, e);
        }
    }

    /** The plan's live goals on the topic now: key -> serialized value (tombstoned keys absent). */
    Map<String, byte[]> currentGoals(String planId) {
        String prefix = planId + "/";
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, timeout);
            } catch (TimeoutException e) {
                throw new CatalogPublishException(
                        "goals topic " + topic + " not found within " + timeout + "; provision the topics first", e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new CatalogPublishException(
                        "goals topic " + topic + " does not exist; provision the topics first", null);
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new CatalogPublishException("timed out reading goals topic " + topic, null);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        }
        return latest;
    }

    private Map<String, Object> producerConfig() {
        Map<String, String> settings = new LinkedHashMap<>();
        kafkaSettings.forEach((k, v) -> {
            if (!ConsumerConfig.configNames().contains(k)
                    || ProducerConfig.configNames().contains(k)) {
                settings.put(k, v);
            }
        });
        return ProducerSettings.producerConfig(settings, "ordos-catalog-publisher");
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        kafkaSettings.forEach((k, v) -> {
            if (!ProducerConfig.configNames().contains(k)
                    || ConsumerConfig.configNames().contains(k)) {
                out.put(k, v);
            }
        });
        out.remove(ConsumerConfig.GROUP_ID_CONFIG);
        out.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        out.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        out.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        out.put(ConsumerConfig.CLIENT_ID_CONFIG, "ordos-catalog-reader");
        return out;
    }
}
