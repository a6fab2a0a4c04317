package city.ordos.plan.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.ProductionRunner;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.infra.testing.ConfluentNode;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.registry.ContractRegistration;
import city.ordos.plan.registry.HttpSchemaRegistryClient;
import city.ordos.plan.topics.OrdosTopics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producers of docs/schemas.md's guide, as an outside team would run them: the contract
 * registered first (as the app and {@code schemas register} do), then the Java example and the
 * Node example (Confluent's serializer, auto-registration off) taken from the page, and the goal
 * they feed moves by exactly their amounts.
 */
class GuideProducersIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void bothGuideProducersMoveTheMajorProjectsInvestmentFigure() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl())))) {
            new ContractRegistration(registry).registerAll(topics);
        }
        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(kafka.uniquePrefix() + "guide")
                .forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put("schema.registry.url", kafka.schemaRegistryUrl());
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "fixed:2025-07-15");
        AppConfig config = AppConfig.of(settings);
        AvroSerdes serdes = new AvroSerdes(config.serdeConfigs());
        try (StreamsRunner runner = ProductionRunner.of(config)) {
            publish(serdes, topics, majorProjectsInvestment());
            runner.start();
            runner.awaitRunning(Duration.ofSeconds(60));

            GuideJavaProducer.publish(
                    kafka.bootstrapServers(),
                    kafka.schemaRegistryUrl(),
                    topics.investment().name());
            Path script = work.resolve("producer.js");
            Files.writeString(script, GuideExamples.block("### Node.js", "js"), StandardCharsets.UTF_8);
            String printed = ConfluentNode.runScript(
                    script,
                    Map.of(
                            "ORDOS_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                            "ORDOS_SCHEMA_REGISTRY_URL", kafka.schemaRegistryUrl(),
                            "ORDOS_TOPIC_PREFIX", topics.prefix(),
                            "KAFKAJS_NO_PARTITIONER_WARNING", "1"));
            assertThat(printed).contains("sent PRJ-2025-018/2025-06-30");

            try (KafkaConsumer<String, GoalProgress> progress = new KafkaConsumer<>(
                    kafka.consumerProperties(kafka.uniquePrefix() + "reader"),
                    new StringDeserializer(),
                    serdes.valueSerde(GoalProgress.class).deserializer())) {
                progress.subscribe(List.of(topics.progress().name()));
                Map<String, GoalProgress> latest = new HashMap<>();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    progress.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                    GoalProgress figure = latest.get("ordos-2025/major-projects-investment");
                    assertThat(figure).isNotNull();
                    assertThat(figure.getActual()).isEqualByComparingTo("4.715"); // 3.215 (Java) + 1.5 (Node) 亿元
                    assertThat(figure.getContributingSources()).isEqualTo(2);
                });
                assertThat(latest.get("ordos-2025/major-projects-investment").getByCounty())
                        .containsOnlyKeys("KANGBASHI", "DALATE");
            }
        }
    }

    /** The catalog's goal for the 433 municipal major projects (producers/.../ordos-2025.yaml). */
    private static GoalDefinition majorProjectsInvestment() {
        return GoalDefinition.newBuilder()
                .setPlanId("ordos-2025")
                .setGoalId("major-projects-investment")
                .setPlanYear(2025)
                .setSection("2.2")
                .setSectionTitleZh("扩大有效投资")
                .setSectionTitleEn("Effective investment")
                .setPhraseZh("完成投资1700亿元以上")
                .setNameZh("市级重大项目完成投资")
                .setNameEn("Investment completed in the 433 municipal major projects")
                .setUnit("亿元")
                .setComparator(Comparator.AT_LEAST)
                .setTarget(new BigDecimal("1700.000000"))
                .setKind(GoalKind.CUMULATIVE)
                .setDepartment("市发展和改革委员会")
                .setCadenceDays(35)
                .setPace("CONSTRUCTION_SEASONAL")
                .setFeed(FeedSelector.newBuilder()
                        .setStream(InputStream.INVESTMENT)
                        .setMetric("investment.completed")
                        .setCategories(List.of("MUNICIPAL_MAJOR"))
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setUnit("亿元")
                        .build())
                .build();
    }

    private static void publish(AvroSerdes serdes, OrdosTopics topics, GoalDefinition goal) {
        try (KafkaProducer<String, GoalDefinition> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalDefinition.class).serializer())) {
            producer.send(new ProducerRecord<>(
                    topics.goals().name(), OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId()), goal));
        }
    }
}
