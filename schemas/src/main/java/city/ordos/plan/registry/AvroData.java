package city.ordos.plan.registry;

import java.nio.ByteBuffer;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;

/** Avro schema and data-model choices shared by serializer and deserializer. */
final class AvroData {

    /** Wire framing: magic byte 0, then the 4-byte big-endian schema id. */
    static final byte MAGIC_BYTE = 0;

    static final int HEADER_SIZE = 5;

    private AvroData() {}

    /** A generic data model that also maps logical types (decimal, timestamps, dates, uuid) to Java types. */
    static GenericData genericWithLogicalTypes() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return data;
    }

    /**
     * The schema an object is written with: its own for records, enums and fixed; the primitive
     * schema for Java primitives, as Confluent's serializer does for keys like plain strings.
     */
    static Schema schemaOf(Object datum) {
        if (datum instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (datum instanceof CharSequence) {
            return Schema.create(Schema.Type.STRING);
        }
        if (datum instanceof Integer) {
            return Schema.create(Schema.Type.INT);
        }
        if (datum instanceof Long) {
            return Schema.create(Schema.Type.LONG);
        }
        if (datum instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (datum instanceof Float) {
            return Schema.create(Schema.Type.FLOAT);
        }
        if (datum instanceof Double) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (datum instanceof byte[] || datum instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        throw new IllegalArgumentException(
                "Cannot serialize a " + datum.getClass().getName()
                        + " as Avro: expected a SpecificRecord, GenericRecord, GenericContainer or a primitive"
                        + " (String, Integer, Long, Boolean, Float, Double, byte[])");
    }

    static boolean isPrimitive(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED, ARRAY, MAP, UNION -> false;
            default -> true;
        };
    }
}
