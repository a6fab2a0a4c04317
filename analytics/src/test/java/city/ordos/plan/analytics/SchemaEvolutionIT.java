package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.registry.CompatibilityLevel;
import city.ordos.plan.registry.CompatibilityResult;
import city.ordos.plan.registry.IncompatibleSchemaException;
import city.ordos.plan.registry.SchemaRegistryAvroSerializer;
import city.ordos.plan.registry.SchemaRegistryClient;
import city.ordos.plan.topics.OrdosTopics;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema evolution of the progress record against the embedded registry: an optional field is
 * accepted and today's consumers keep reading; an incompatible change is refused.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SchemaEvolutionIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @Test
    void anOptionalFieldIsBackwardCompatibleAndTodaysConsumersKeepReading() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        String topic = topics.progressHistory().name();
        String subject = topic + "-value";
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
        SchemaRegistryClient registry = serdes.client();
        List<GoalProgress> year = new SimulatedYear(3, 1).progress(0, 1);
        GoalProgress before = year.get(0);
        GoalProgress after = year.get(1);

        try (KafkaProducer<String, GoalProgress> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalProgress.class).serializer())) {
            producer.send(new ProducerRecord<>(topic, GoalKeys.of(before), before))
                    .get();
        }

        Schema evolved = Evolutions.withOptionalComment(GoalProgress.getClassSchema());
        assertThat(registry.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibility(subject, evolved).compatible()).isTrue();

        // A newer producer writes with the evolved schema (generic records, as a tool built on it would).
        GenericRecord evolvedRecord = asEvolved(after, evolved);
        evolvedRecord.put("comment", "restated by the statistics office");
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), genericSerializer())) {
            producer.send(new ProducerRecord<>(topic, GoalKeys.of(after), evolvedRecord))
                    .get();
        }
        assertThat(registry.getVersions(subject)).hasSize(2);
        assertThat(registry.getLatest(subject).schema().getField("comment")).isNotNull();

        // Today's consumer (reader schema = the current generated class) reads both versions.
        List<GoalProgress> read = new ArrayList<>();
        try (KafkaConsumer<String, GoalProgress> consumer = new KafkaConsumer<>(
                kafka.consumerProperties(kafka.uniquePrefix() + "old-consumer"),
                new StringDeserializer(),
                serdes.valueSerde(GoalProgress.class).deserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, GoalProgress> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(r.value());
                }
                return read.size() >= 2;
            });
        }
        assertThat(read).containsExactlyInAnyOrder(before, after);
    }

    @Test
    void anIncompatibleChangeIsRefusedByTheRegistry() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        String topic = topics.progressHistory().name();
        String subject = topic + "-value";
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
        SchemaRegistryClient registry = serdes.client();
        GoalProgress current = new SimulatedYear(1, 1).progress(0, 1).get(0);
        try (KafkaProducer<String, GoalProgress> producer = new KafkaProducer<>(
                kafka.producerProperties(),
                new StringSerializer(),
                serdes.valueSerde(GoalProgress.class).serializer())) {
            producer.send(new ProducerRecord<>(topic, GoalKeys.of(current), current))
                    .get();
        }

        // A required field old records do not have: new readers could not read them.
        Schema incompatible = Evolutions.withRequiredField(GoalProgress.getClassSchema(), "department");
        CompatibilityResult verdict = registry.testCompatibility(subject, incompatible);
        assertThat(verdict.compatible()).isFalse();
        assertThat(String.join("\n", verdict.messages())).contains("department");
        assertThatThrownBy(() -> registry.register(subject, incompatible))
                .isInstanceOf(IncompatibleSchemaException.class);

        GenericRecord record = asEvolved(current, Evolutions.withOptionalComment(GoalProgress.getClassSchema()));
        GenericRecord refused = new GenericData.Record(incompatible);
        incompatible
                .getFields()
                .forEach(f -> refused.put(f.name(), f.name().equals("department") ? "能源局" : record.get(f.name())));
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), genericSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, GoalKeys.of(current), refused)))
                    .isInstanceOf(SerializationException.class);
        }
        assertThat(registry.getVersions(subject)).hasSize(1);
    }

    private SchemaRegistryAvroSerializer<Object> genericSerializer() {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", kafka.schemaRegistryUrl());
        config.put("avro.use.logical.type.converters", true);
        SchemaRegistryAvroSerializer<Object> serializer = new SchemaRegistryAvroSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    /** The record as the evolved schema sees it (new fields at their defaults), decimals as BigDecimal. */
    private static GenericRecord asEvolved(GoalProgress progress, Schema evolved) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<GoalProgress>(GoalProgress.getClassSchema()).write(progress, encoder);
        encoder.flush();
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        GenericDatumReader<GenericRecord> reader =
                new GenericDatumReader<>(GoalProgress.getClassSchema(), evolved, model);
        return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
