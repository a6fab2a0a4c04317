package city.ordos.plan.app;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.CatalogParser;
import city.ordos.plan.catalog.CatalogValidator;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Puts goal definitions on the compacted goals topic (the one-command run publishes the built-in 2025 catalog). */
public final class CatalogPublishing {

    public static final String BUILT_IN = "catalog/ordos-2025.yaml";

    private CatalogPublishing() {
    }

    /** The built-in catalog, validated (a catalog error stops the start with every problem listed). */
    public static List<GoalDefinition> builtIn() {
        return CatalogValidator.standard().validate(new CatalogParser().parseResource(BUILT_IN));
    }

    /** Publishes every goal (key planId/goalId), waiting for each acknowledgement; returns how many. */
    public static int publish(List<GoalDefinition> goals, Map<String, Object> clientConfig, OrdosTopics topics,
                              AvroSerdes serdes) {
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, GoalDefinition> producer = new KafkaProducer<>(producerConfig,
                new StringSerializer(), serdes.valueSerde(GoalDefinition.class).serializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (GoalDefinition goal : goals) {
                sent.add(producer.send(new ProducerRecord<>(topics.goals().name(),
                        OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId()), goal)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the catalog", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the catalog: " + e.getCause(), e.getCause());
        }
        return goals.size();
    }
}
