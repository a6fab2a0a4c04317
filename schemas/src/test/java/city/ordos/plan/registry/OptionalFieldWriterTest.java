package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.Statement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The serializer's quicker branch choice for optional fields writes exactly what Avro's own writer writes. */
class OptionalFieldWriterTest {

    private final MockSchemaRegistryClient registry = new MockSchemaRegistryClient();

    private static Statement statement(String period, String county) {
        return Statement.newBuilder()
                .setGoalKey("ordos-2025/fixed-asset-investment")
                .setRole("FEED")
                .setSourceId("PRJ-2025-017")
                .setPeriod(period)
                .setValue(new BigDecimal("3.200000"))
                .setUnit("亿元")
                .setCounty(county)
                .setEventTime(1_751_299_200_000L)
                .setReportedAt(1_751_419_800_000L)
                .setEventId("evt-1")
                .setSourceTopic("ordos.investment-reports")
                .setSourcePartition(2)
                .setSourceOffset(41L)
                .build();
    }

    /** Avro's stock writer for the generated class, with the class's own model (its decimal conversion). */
    private static byte[] stockAvro(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                .write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private byte[] serialized(Object record) {
        Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://unused");
        byte[] framed = new SchemaRegistryAvroSerializer<>(registry, config, false).serialize("t", record);
        return Arrays.copyOfRange(framed, 5, framed.length);
    }

    @Test
    void optionalFieldsNullOrSetAreWrittenAsAvroWritesThem() throws IOException {
        for (Statement s : new Statement[] {
            statement(null, null),
            statement("2025-06", null),
            statement(null, "KANGBASHI"),
            statement("2025-06", "KANGBASHI")
        }) {
            assertThat(serialized(s)).as("%s", s).isEqualTo(stockAvro(s));
        }
        // Null and set encode differently, so the comparison above sees a wrong branch.
        assertThat(stockAvro(statement(null, null))).isNotEqualTo(stockAvro(statement("2025-06", null)));
    }

    @Test
    void optionalLogicalTypesAndNullSecondUnionsAreWrittenAsAvroWritesThem() throws IOException {
        // A decimal inside an optional field (GoalProgress.actual's shape), null listed second, and
        // a three-branch union that the quick path must leave to Avro.
        Schema decimal = new Schema.Parser()
                .parse("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":6}");
        Schema schema = SchemaBuilder.record("Shapes")
                .fields()
                .name("actual")
                .type(Schema.createUnion(Schema.create(Schema.Type.NULL), decimal))
                .withDefault(null)
                .name("label")
                .type(Schema.createUnion(Schema.create(Schema.Type.STRING), Schema.create(Schema.Type.NULL)))
                .noDefault()
                .name("either")
                .type(Schema.createUnion(
                        Schema.create(Schema.Type.NULL),
                        Schema.create(Schema.Type.LONG),
                        Schema.create(Schema.Type.STRING)))
                .withDefault(null)
                .endRecord();
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        for (Object[] values : new Object[][] {
            {null, null, null}, {new BigDecimal("1.500000"), "a", 7L}, {new BigDecimal("-2.000001"), null, "x"}
        }) {
            GenericRecord r = new GenericData.Record(schema);
            r.put("actual", values[0]);
            r.put("label", values[1]);
            r.put("either", values[2]);
            assertThat(encode(new OptionalFieldWriter<>(schema, model), r))
                    .as("%s", r)
                    .isEqualTo(encode(new SpecificDatumWriter<>(schema, model), r));
        }
    }

    private static byte[] encode(SpecificDatumWriter<Object> writer, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
