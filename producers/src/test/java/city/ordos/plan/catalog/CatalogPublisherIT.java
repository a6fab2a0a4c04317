package city.ordos.plan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.ProducersCli;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalog on a real broker and registry: publish, change a target, republish, prune, read back. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CatalogPublisherIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>();
        s.put("bootstrap.servers", kafka.bootstrapServers());
        s.put("schema.registry.url", kafka.schemaRegistryUrl());
        return s;
    }

    @Test
    void publishChangeRepublishAndPrune() {
        OrdosTopics topics = kafka.createTopics();
        CatalogPublisher publisher = new CatalogPublisher(settings(), topics, TIMEOUT);
        List<GoalDefinition> goals = OrdosCatalogTest.goals();

        PublishResult first = publisher.publish("ordos-2025", goals, false);
        assertThat(first.created()).hasSize(69);
        Map<String, GoalDefinition> onTopic = latest(topics);
        assertThat(onTopic).hasSize(69);
        assertThat(onTopic.get("ordos-2025/natural-gas-output").getTarget()).isEqualByComparingTo("310");
        assertThat(onTopic.get("ordos-2025/water-per-10k-yuan-gdp"))
                .isEqualTo(goals.stream()
                        .filter(g -> g.getGoalId().equals("water-per-10k-yuan-gdp"))
                        .findFirst()
                        .orElseThrow());

        PublishResult again = publisher.publish("ordos-2025", goals, false);
        assertThat(again.sent()).isZero();
        assertThat(again.unchanged()).hasSize(69);

        List<GoalDefinition> changed = new ArrayList<>();
        for (GoalDefinition g : goals) {
            changed.add(
                    g.getGoalId().equals("natural-gas-output")
                            ? GoalDefinition.newBuilder(g)
                                    .setTarget(new BigDecimal("320.000000"))
                                    .build()
                            : g);
        }
        PublishResult update = publisher.publish("ordos-2025", changed, false);
        assertThat(update.updated()).containsExactly("natural-gas-output");
        assertThat(update.created()).isEmpty();
        assertThat(latest(topics).get("ordos-2025/natural-gas-output").getTarget())
                .isEqualByComparingTo("320");

        List<GoalDefinition> withoutToilets = changed.stream()
                .filter(g -> !g.getGoalId().equals("rural-public-toilets"))
                .toList();
        PublishResult kept = publisher.publish("ordos-2025", withoutToilets, false);
        assertThat(kept.orphaned()).containsExactly("rural-public-toilets");
        assertThat(kept.sent()).isZero();
        assertThat(latest(topics)).containsKey("ordos-2025/rural-public-toilets");

        PublishResult pruned = publisher.publish("ordos-2025", withoutToilets, true);
        assertThat(pruned.removed()).containsExactly("rural-public-toilets");
        assertThat(pruned.sent()).isEqualTo(1);
        List<ConsumerRecord<String, GoalDefinition>> all = records(topics);
        List<ConsumerRecord<String, GoalDefinition>> toilets = all.stream()
                .filter(r -> r.key().equals("ordos-2025/rural-public-toilets"))
                .toList();
        assertThat(toilets).hasSize(2);
        assertThat(toilets.get(1).value()).as("tombstone").isNull();
        assertThat(latest(topics)).hasSize(68).doesNotContainKey("ordos-2025/rural-public-toilets");
    }

    @Test
    void plansLiveSideBySideAndPruneOnlyTheirOwnGoals() {
        OrdosTopics topics = kafka.createTopics();
        CatalogPublisher publisher = new CatalogPublisher(settings(), topics, TIMEOUT);
        publisher.publish("ordos-2025", OrdosCatalogTest.goals(), false);
        GoalDefinition next = GoalDefinition.newBuilder(OrdosCatalogTest.goals().get(0))
                .setPlanId("ordos-2026")
                .setPlanYear(2026)
                .build();

        PublishResult result = publisher.publish("ordos-2026", List.of(next), true);

        assertThat(result.created()).containsExactly("gdp-growth");
        assertThat(result.removed()).isEmpty();
        Map<String, GoalDefinition> onTopic = latest(topics);
        assertThat(onTopic).hasSize(70).containsKeys("ordos-2026/gdp-growth", "ordos-2025/gdp-growth");
    }

    @Test
    void refusesGoalsOfAnotherPlanAndAMissingTopic() {
        OrdosTopics topics = kafka.createTopics();
        CatalogPublisher publisher = new CatalogPublisher(settings(), topics, TIMEOUT);
        assertThatThrownBy(() -> publisher.publish("ordos-2026", OrdosCatalogTest.goals(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to plan ordos-2025");
        assertThat(latest(topics)).isEmpty();

        CatalogPublisher nowhere =
                new CatalogPublisher(settings(), OrdosTopics.withPrefix(kafka.uniquePrefix()), Duration.ofSeconds(3));
        assertThatThrownBy(() -> nowhere.publish("ordos-2025", OrdosCatalogTest.goals(), false))
                .isInstanceOf(CatalogPublishException.class)
                .hasMessageContaining("provision the topics first");
    }

    @Test
    void commandLinePublishesTheBundledCatalogAndPrunesOnRequest() {
        String prefix = kafka.uniquePrefix();
        OrdosTopics topics = kafka.createTopics(OrdosTopics.withPrefix(prefix));
        String[] connection = {"-b", kafka.bootstrapServers(), "-r", kafka.schemaRegistryUrl(), "--topic-prefix", prefix
        };
        assertThat(ProducersCli.execute(concat(new String[] {"catalog", "publish"}, connection)))
                .isZero();
        assertThat(latest(topics)).hasSize(69);

        GoalDefinition stray = GoalDefinition.newBuilder(
                        OrdosCatalogTest.goals().get(0))
                .setGoalId("withdrawn-goal")
                .build();
        new CatalogPublisher(settings(), topics, TIMEOUT).publish("ordos-2025", List.of(stray), false);
        assertThat(latest(topics)).hasSize(70);

        assertThat(ProducersCli.execute(concat(new String[] {"catalog", "publish"}, connection)))
                .isZero();
        assertThat(latest(topics)).as("kept without --prune").containsKey("ordos-2025/withdrawn-goal");
        assertThat(ProducersCli.execute(concat(new String[] {"catalog", "publish", "--prune"}, connection)))
                .isZero();
        assertThat(latest(topics)).hasSize(69).doesNotContainKey("ordos-2025/withdrawn-goal");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Map<String, GoalDefinition> latest(OrdosTopics topics) {
        Map<String, GoalDefinition> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, GoalDefinition> r : records(topics)) {
            if (r.value() == null) {
                out.remove(r.key());
            } else {
                out.put(r.key(), r.value());
            }
        }
        return out;
    }

    /** Everything on the goals topic, in offset order per partition (a key lives in one partition). */
    private List<ConsumerRecord<String, GoalDefinition>> records(OrdosTopics topics) {
        Properties props = kafka.consumerProperties("catalog-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Deserializer<GoalDefinition> values = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()))
                .valueSerde(GoalDefinition.class)
                .deserializer();
        List<ConsumerRecord<String, GoalDefinition>> out = new ArrayList<>();
        String topic = topics.goals().name();
        try (KafkaConsumer<String, GoalDefinition> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime())
                        .as("read goals topic within " + TIMEOUT)
                        .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
