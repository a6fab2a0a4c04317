package city.ordos.plan.infra.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.registry.SchemaRegistryClient;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every input event type through a real broker and registry with our serde, and back unchanged. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InputSchemasRoundTripIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @Test
    void everyInputSchemaRoundTripsThroughBrokerAndRegistry() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));

        roundTrip(
                serdes,
                topics.investment(),
                SampleEvents.investmentReports(),
                r -> r.getHeader().getSourceId());
        roundTrip(
                serdes,
                topics.energy(),
                SampleEvents.energyReadings(),
                r -> r.getHeader().getSourceId());
        roundTrip(
                serdes,
                topics.environment(),
                SampleEvents.environmentReadings(),
                r -> r.getHeader().getSourceId());
        roundTrip(
                serdes,
                topics.statistics(),
                SampleEvents.statisticsReleases(),
                r -> r.getHeader().getSourceId());

        SchemaRegistryClient registry = serdes.client();
        for (TopicSpec<String, ?> spec :
                List.of(topics.investment(), topics.energy(), topics.environment(), topics.statistics())) {
            // TopicNameStrategy: each topic's value schema is the generated class's schema, under <topic>-value.
            assertThat(registry.getLatest(spec.name() + "-value").schema())
                    .isEqualTo(((SpecificRecord)
                                    spec.valueType().getDeclaredConstructor().newInstance())
                            .getSchema());
        }
    }

    private static <V extends SpecificRecord> void roundTrip(
            AvroSerdes serdes, TopicSpec<String, V> spec, List<V> events, Function<V, String> key)
            throws ExecutionException, InterruptedException {
        Serde<V> serde = serdes.valueSerde(spec.valueType());
        try (KafkaProducer<String, V> producer =
                new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), serde.serializer())) {
            for (V event : events) {
                producer.send(new ProducerRecord<>(spec.name(), key.apply(event), event))
                        .get();
            }
        }

        Map<String, V> received = new HashMap<>();
        List<V> inOrder = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                kafka.consumerProperties(kafka.uniquePrefix() + "round-trip"),
                new StringDeserializer(),
                serde.deserializer())) {
            consumer.subscribe(List.of(spec.name()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    received.put(record.key(), record.value());
                    inOrder.add(record.value());
                }
                assertThat(inOrder).hasSameSizeAs(events);
            });
        }
        assertThat(inOrder).containsExactlyInAnyOrderElementsOf(events);
        for (V event : events) {
            assertThat(received.get(key.apply(event))).isEqualTo(event);
        }
    }
}
