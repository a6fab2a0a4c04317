package city.ordos.plan.infra.serde;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.infra.testing.ConfluentNode;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.registry.SchemaRegistryAvroDeserializer;
import city.ordos.plan.registry.SchemaRegistryAvroSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Byte-for-byte interoperability with Confluent's own serializer ({@code @confluentinc/schemaregistry}
 * for Node.js) against the same registry, in both directions, for every input schema and an
 * output with maps and doubles.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConfluentInteropIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static SchemaRegistryAvroSerializer<SpecificRecord> serializer;
    private static SchemaRegistryAvroDeserializer<Object> deserializer;

    @BeforeAll
    static void serdes() {
        Map<String, Object> config = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                kafka.schemaRegistryUrl(),
                AvroSerdeConfig.SPECIFIC_AVRO_READER,
                true);
        serializer = new SchemaRegistryAvroSerializer<>();
        serializer.configure(config, false);
        deserializer = new SchemaRegistryAvroDeserializer<>();
        deserializer.configure(config, false);
    }

    private static List<SpecificRecord> samples() {
        List<SpecificRecord> samples = new ArrayList<>();
        samples.addAll(SampleEvents.investmentReports());
        samples.addAll(SampleEvents.energyReadings());
        samples.addAll(SampleEvents.environmentReadings());
        samples.addAll(SampleEvents.statisticsReleases());
        samples.add(SampleEvents.goalProgress());
        return samples;
    }

    private static String topicFor(String prefix, SpecificRecord record) {
        return prefix + record.getSchema().getName();
    }

    /** The view as Node prints it: rendered to JSON text and parsed back, so number nodes compare alike. */
    private static JsonNode javaView(SpecificRecord record) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(AvroView.of(record.getSchema(), record)));
    }

    private static int schemaId(byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    @Test
    void confluentDeserializerReadsWhatOurSerializerWrote() throws Exception {
        String prefix = kafka.uniquePrefix();
        List<SpecificRecord> samples = samples();
        ConfluentNode confluent = new ConfluentNode(kafka.schemaRegistryUrl());
        List<byte[]> ours = new ArrayList<>();
        List<Integer> decoded = new ArrayList<>();
        for (SpecificRecord record : samples) {
            byte[] bytes = serializer.serialize(topicFor(prefix, record), record);
            ours.add(bytes);
            decoded.add(confluent.deserialize(topicFor(prefix, record), HEX.formatHex(bytes)));
        }

        confluent.run();

        for (int i = 0; i < samples.size(); i++) {
            SpecificRecord record = samples.get(i);
            JsonNode result = confluent.result(decoded.get(i));
            assertThat(result.get("id").asInt())
                    .as("schema id seen by Confluent")
                    .isEqualTo(schemaId(ours.get(i)));
            assertThat(result.get("value"))
                    .as(record.getSchema().getName() + " decoded by Confluent")
                    .isEqualTo(javaView(record));
        }
    }

    @Test
    void confluentSerializerWritesOurBytesAndWeReadThem() throws Exception {
        String prefix = kafka.uniquePrefix();
        List<SpecificRecord> samples = samples();
        ConfluentNode confluent = new ConfluentNode(kafka.schemaRegistryUrl());
        List<Integer> registered = new ArrayList<>();
        List<Integer> serialized = new ArrayList<>();
        for (SpecificRecord record : samples) {
            String topic = topicFor(prefix, record);
            // Confluent's client registers first, with the schema pretty-printed: the registry must see the same
            // schema.
            registered.add(
                    confluent.register(topic + "-value", record.getSchema().toString(true)));
            serialized.add(confluent.serialize(topic, javaView(record)));
        }

        confluent.run();

        for (int i = 0; i < samples.size(); i++) {
            SpecificRecord record = samples.get(i);
            String topic = topicFor(prefix, record);
            int confluentId = confluent.result(registered.get(i)).get("id").asInt();
            byte[] confluentBytes =
                    HEX.parseHex(confluent.result(serialized.get(i)).get("hex").asText());

            byte[] ourBytes = serializer.serialize(topic, record);

            assertThat(schemaId(confluentBytes)).isEqualTo(confluentId);
            assertThat(HEX.formatHex(confluentBytes))
                    .as(record.getSchema().getName() + " bytes")
                    .isEqualTo(HEX.formatHex(ourBytes));
            assertThat(deserializer.deserialize(topic, confluentBytes)).isEqualTo(record);
        }
    }
}
