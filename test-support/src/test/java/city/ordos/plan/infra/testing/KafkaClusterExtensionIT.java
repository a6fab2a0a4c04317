package city.ordos.plan.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KafkaClusterExtensionIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @Test
    void createsTheProductTopicsUnderAUniquePrefix() throws Exception {
        OrdosTopics first = kafka.createTopics();
        OrdosTopics second = kafka.createTopics();

        assertThat(first.prefix()).isNotEqualTo(second.prefix());
        Set<String> existing = kafka.admin().listTopics().names().get();
        for (TopicSpec<?, ?> spec : first.all()) {
            assertThat(existing).contains(spec.name());
        }
        assertThat(existing).contains(second.goals().name());
    }

    @Test
    void producerAndConsumerPropertiesReachTheCluster() {
        OrdosTopics topics = kafka.createTopics();
        Properties producerProps = kafka.producerProperties();
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(topics.alerts().name(), "plan/goal", "hello"));
        }

        Properties consumerProps = kafka.consumerProperties(kafka.uniquePrefix() + "group");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(Set.of(topics.alerts().name()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.key() + "=" + r.value()));
                assertThat(seen).containsExactly("plan/goal=hello");
            });
        }
        assertThat(producerProps.getProperty("schema.registry.url")).isEqualTo(kafka.schemaRegistryUrl());
    }

    @Test
    void schemaRegistryAnswersAtTheGivenUrl() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(kafka.schemaRegistryUrl() + "/config"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"compatibilityLevel\":\"BACKWARD\"");
    }
}
