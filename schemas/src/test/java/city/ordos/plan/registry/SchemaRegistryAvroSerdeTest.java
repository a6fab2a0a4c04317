package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InvestmentReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SchemaRegistryAvroSerdeTest {

    private static final String TOPIC = "ordos.investment-reports";

    private final MockSchemaRegistryClient registry = new MockSchemaRegistryClient();

    private static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> c = new HashMap<>();
        c.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://unused");
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put((String) keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    /** Avro's own binary encoding, written independently of the serializer. */
    private static byte[] avroBinary(InvestmentReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(InvestmentReport.class).write(report, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void writesMagicByteThenBigEndianSchemaIdThenAvroBinary() throws IOException {
        // Push the id past one byte so its byte order is visible on the wire.
        for (int i = 0; i < 300; i++) {
            registry.register(
                    "filler-" + i,
                    SchemaBuilder.record("Filler" + i).fields().requiredInt("f").endRecord());
        }
        var serializer = new SchemaRegistryAvroSerializer<InvestmentReport>(registry, config(), false);
        InvestmentReport report = SampleRecords.investmentReport("3.200000");

        byte[] bytes = serializer.serialize(TOPIC, report);

        int id = registry.getLatest(TOPIC + "-value").id();
        assertThat(id).isEqualTo(301);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0x01, 0x2D);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(report));
    }

    @Test
    void specificRecordRoundTripsWithExactDecimal() {
        Serde<InvestmentReport> serde = new AvroSerdes(config(), registry).valueSerde(InvestmentReport.class);
        InvestmentReport report = SampleRecords.investmentReport("123456789012345678901234567890.123456");

        InvestmentReport back =
                serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, report));

        assertThat(back).isEqualTo(report);
        assertThat(back.getQuantity().getValue())
                .isInstanceOf(BigDecimal.class)
                .isEqualTo(new BigDecimal("123456789012345678901234567890.123456"));
    }

    @Test
    void amountsWithMoreThanSixDecimalPlacesAreRefusedNotRounded() {
        Serde<InvestmentReport> serde = new AvroSerdes(config(), registry).valueSerde(InvestmentReport.class);
        InvestmentReport report = SampleRecords.investmentReport("1");
        report.getQuantity().setValue(new BigDecimal("3.2000001"));

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, report))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("scale");
    }

    @Test
    void aRecordAfterARefusedOneIsWrittenWholeAndAlone() throws IOException {
        Serde<InvestmentReport> serde = new AvroSerdes(config(), registry).valueSerde(InvestmentReport.class);
        InvestmentReport refused = SampleRecords.investmentReport("1");
        refused.setProjectId("PRJ-" + "X".repeat(500));
        refused.getQuantity().setValue(new BigDecimal("3.2000001"));
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, refused))
                .isInstanceOf(SerializationException.class);
        InvestmentReport next = SampleRecords.investmentReport("4.5");

        byte[] bytes = serde.serializer().serialize(TOPIC, next);

        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(next));
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(next);
    }

    @Test
    void aShortRecordAfterALongOneCarriesNothingOfIt() throws IOException {
        Serde<InvestmentReport> serde = new AvroSerdes(config(), registry).valueSerde(InvestmentReport.class);
        InvestmentReport longer = SampleRecords.investmentReport("1");
        longer.setProjectId("PRJ-" + "Y".repeat(10_000));
        InvestmentReport shorter = SampleRecords.investmentReport("2");

        byte[] longBytes = serde.serializer().serialize(TOPIC, longer);
        byte[] shortBytes = serde.serializer().serialize(TOPIC, shorter);

        assertThat(Arrays.copyOfRange(longBytes, 5, longBytes.length)).isEqualTo(avroBinary(longer));
        assertThat(Arrays.copyOfRange(shortBytes, 5, shortBytes.length)).isEqualTo(avroBinary(shorter));
        assertThat(serde.deserializer().deserialize(TOPIC, longBytes)).isEqualTo(longer);
        assertThat(serde.deserializer().deserialize(TOPIC, shortBytes)).isEqualTo(shorter);
    }

    @Test
    void oneSerdeSharedByManyThreadsWritesAndReadsEachThreadsOwnRecords() throws Exception {
        // A state store's serde is shared by every stream thread of the instance.
        Serde<InvestmentReport> serde = new AvroSerdes(config(), registry).valueSerde(InvestmentReport.class);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        InvestmentReport report = SampleRecords.investmentReport(thread + "." + i);
                        report.setProjectId("PRJ-" + thread + "-" + "Z".repeat(i % 300));
                        byte[] bytes = serde.serializer().serialize(TOPIC, report);
                        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(report));
                        assertThat(serde.deserializer().deserialize(TOPIC, bytes))
                                .isEqualTo(report);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoSchemasTakingTurnsOnOneTopicKeepTheirOwnIds() {
        var serializer = new SchemaRegistryAvroSerializer<Object>(
                registry, config(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), false);
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(registry, null, config(), false);
        Schema first = SchemaBuilder.record("First").fields().requiredInt("a").endRecord();
        Schema second =
                SchemaBuilder.record("Second").fields().requiredString("b").endRecord();
        GenericRecord a = new GenericData.Record(first);
        a.put("a", 7);
        GenericRecord b = new GenericData.Record(second);
        b.put("b", "seven");

        for (int round = 0; round < 3; round++) {
            byte[] aBytes = serializer.serialize(TOPIC, a);
            byte[] bBytes = serializer.serialize(TOPIC, b);

            assertThat(ByteBuffer.wrap(aBytes, 1, 4).getInt())
                    .isEqualTo(registry.getLatest("First").id());
            assertThat(ByteBuffer.wrap(bBytes, 1, 4).getInt())
                    .isEqualTo(registry.getLatest("Second").id());
            assertThat(((GenericRecord) deserializer.deserialize(TOPIC, aBytes)).get("a"))
                    .isEqualTo(7);
            assertThat(((GenericRecord) deserializer.deserialize(TOPIC, bBytes))
                            .get("b")
                            .toString())
                    .isEqualTo("seven");
        }
    }

    @Test
    void specificReaderByConfigFindsTheGeneratedClass() {
        var serializer = new SchemaRegistryAvroSerializer<InvestmentReport>(registry, config(), false);
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(
                registry, null, config(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true"), false);
        InvestmentReport report = SampleRecords.investmentReport("1.5");

        Object back = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, report));

        assertThat(back).isInstanceOf(InvestmentReport.class).isEqualTo(report);
    }

    @Test
    void genericRecordRoundTripsAndSharesTheIdOfTheSameSchema() {
        var serializer = new SchemaRegistryAvroSerializer<Object>(registry, config(), false);
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(registry, null, config(), false);
        InvestmentReport report = SampleRecords.investmentReport("2.25");
        byte[] specificBytes = serializer.serialize(TOPIC, report);

        GenericRecord generic = (GenericRecord) deserializer.deserialize(TOPIC, specificBytes);
        byte[] genericBytes = serializer.serialize(TOPIC, generic);

        assertThat(generic.getSchema()).isEqualTo(InvestmentReport.getClassSchema());
        assertThat(generic.get("projectId").toString()).isEqualTo("PRJ-2025-017");
        assertThat(genericBytes).isEqualTo(specificBytes);
    }

    @Test
    void genericRecordWithBigDecimalIsWrittenAndReadBackAsBigDecimalWithLogicalTypeConverters() {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Amount","namespace":"t","fields":[
                  {"name":"value","type":{"type":"bytes","logicalType":"decimal","precision":38,"scale":6}}]}""");
        GenericRecord amount = new GenericData.Record(schema);
        amount.put("value", new BigDecimal("42.450000"));
        var serializer = new SchemaRegistryAvroSerializer<Object>(registry, config(), false);
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(
                registry, null, config(AvroSerdeConfig.AVRO_USE_LOGICAL_TYPE_CONVERTERS, true), false);

        GenericRecord back =
                (GenericRecord) deserializer.deserialize("amounts", serializer.serialize("amounts", amount));

        assertThat(back.get("value")).isEqualTo(new BigDecimal("42.450000"));
    }

    @Test
    void primitiveKeysUseThePrimitiveSchema() {
        var serializer = new SchemaRegistryAvroSerializer<String>(registry, config(), true);
        var deserializer = new SchemaRegistryAvroDeserializer<String>(registry, null, config(), true);

        byte[] bytes = serializer.serialize(TOPIC, "PRJ-2025-017");

        assertThat(registry.getLatest(TOPIC + "-key").schema()).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo("PRJ-2025-017");
    }

    @Test
    void generatedEnumsRoundTripAsTheirClassWithTheSpecificReader() {
        var serializer = new SchemaRegistryAvroSerializer<Object>(registry, config(), false);
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(
                registry, null, config(AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);

        Object back = deserializer.deserialize("counties", serializer.serialize("counties", County.WUSHEN));

        assertThat(back).isEqualTo(County.WUSHEN);
    }

    @Test
    void nullStaysNullForTombstones() {
        var serde = new AvroSerdes(config(), registry).valueSerde(InvestmentReport.class);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSubject() {
        var serializer = new SchemaRegistryAvroSerializer<InvestmentReport>(
                registry, config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleRecords.investmentReport("1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC + "-value")
                .hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void withoutAutoRegisterARegisteredSchemaIsLookedUp() {
        int id = registry.register(TOPIC + "-value", InvestmentReport.getClassSchema());
        var serializer = new SchemaRegistryAvroSerializer<InvestmentReport>(
                registry, config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        byte[] bytes = serializer.serialize(TOPIC, SampleRecords.investmentReport("1"));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchemaItsId() {
        Schema v1 = SchemaBuilder.record("Reading")
                .namespace("t")
                .fields()
                .requiredString("source")
                .endRecord();
        Schema v2 = SchemaBuilder.record("Reading")
                .namespace("t")
                .fields()
                .requiredString("source")
                .name("note")
                .type()
                .stringType()
                .stringDefault("none")
                .endRecord();
        registry.register("readings-value", v1);
        int latestId = registry.register("readings-value", v2);
        GenericRecord old = new GenericData.Record(v1);
        old.put("source", "METER-1");
        var serializer = new SchemaRegistryAvroSerializer<Object>(
                registry,
                config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true),
                false);
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(registry, null, config(), false);

        byte[] bytes = serializer.serialize("readings", old);
        GenericRecord back = (GenericRecord) deserializer.deserialize("readings", bytes);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        assertThat(back.get("source").toString()).isEqualTo("METER-1");
        assertThat(back.get("note").toString()).isEqualTo("none");
    }

    @Test
    void useLatestVersionStrictRefusesARecordTheLatestSchemaCannotRead() {
        Schema latest = SchemaBuilder.record("Reading")
                .namespace("t")
                .fields()
                .requiredString("source")
                .requiredLong("mandatory")
                .endRecord();
        registry.register("readings-value", latest);
        Schema mine = SchemaBuilder.record("Reading")
                .namespace("t")
                .fields()
                .requiredString("source")
                .endRecord();
        GenericRecord record = new GenericData.Record(mine);
        record.put("source", "METER-1");
        var serializer = new SchemaRegistryAvroSerializer<Object>(
                registry,
                config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true),
                false);

        assertThatThrownBy(() -> serializer.serialize("readings", record))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("mandatory");
    }

    @Test
    void bytesWithoutTheMagicByteAreRefusedClearly() {
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(registry, null, config(), false);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void unknownSchemaIdIsASerializationErrorNamingTheId() {
        var deserializer = new SchemaRegistryAvroDeserializer<Object>(registry, null, config(), false);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 99, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 99")
                .hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void truncatedPayloadIsASerializationError() {
        var serde = new AvroSerdes(config(), registry).valueSerde(InvestmentReport.class);
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.investmentReport("1"));

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC);
    }

    @Test
    void mockUrlScopesShareOneRegistryAcrossSerdesConfiguredByName() {
        String scope = "serde-test-" + System.nanoTime();
        Map<String, Object> byUrl = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope, AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        try (var writer = new SchemaRegistryAvroSerde<InvestmentReport>();
                var reader = new SchemaRegistryAvroSerde<InvestmentReport>()) {
            writer.configure(byUrl, false);
            reader.configure(byUrl, false);
            InvestmentReport report = SampleRecords.investmentReport("7");

            assertThat(reader.deserializer()
                            .deserialize(TOPIC, writer.serializer().serialize(TOPIC, report)))
                    .isEqualTo(report);
            assertThat(MockSchemaRegistry.getClientForScope(scope).getSubjects())
                    .containsExactly(TOPIC + "-value");
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
        assertThat(MockSchemaRegistry.getClientForScope(scope).getSubjects()).isEmpty();
        MockSchemaRegistry.dropScope(scope);
    }
}
