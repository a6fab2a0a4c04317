package city.ordos.plan.testing;

import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a producer the product did not write sends: the same statement, written with its own writer
 * schema (the product's with one piece changed), framed as Confluent's serializers frame it. Values
 * are written as the writer schema declares them, e.g. an amount of 12.34 under {@code decimal(38,2)}
 * is the unscaled 1234, under {@code string} the text "12.340000".
 */
public final class ForeignWriters {

    /** The contract's amount type as it appears in the product's schema JSON. */
    public static final String CONTRACT_DECIMAL =
            "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":6}";

    private ForeignWriters() {}

    /** The product's investment-report schema with {@code from} replaced by {@code to} in its JSON. */
    public static Schema investment(String from, String to) {
        String json = InvestmentReport.getClassSchema().toString();
        if (!json.contains(from)) {
            throw new IllegalArgumentException("the investment schema has no " + from);
        }
        return new Schema.Parser().parse(json.replace(from, to));
    }

    /** An investment-report writer whose amount has another scale. */
    public static Schema investmentWithScale(int scale) {
        return investment(CONTRACT_DECIMAL, CONTRACT_DECIMAL.replace("\"scale\":6", "\"scale\":" + scale));
    }

    /** An investment-report writer whose amount is text. */
    public static Schema investmentWithTextAmount() {
        return investment(CONTRACT_DECIMAL, "\"string\"");
    }

    /** Registers {@code writer} under {@code subject} and frames {@code record} written with it. */
    public static byte[] frame(SchemaRegistryClient registry, String subject, Schema writer, SpecificRecord record) {
        return frame(registry, subject, generic(writer, record));
    }

    /** {@code record} as a generic record of {@code writer}, to change before {@link #frame}. */
    public static GenericRecord generic(Schema writer, SpecificRecord record) {
        return (GenericRecord) as(writer, record);
    }

    /** Registers the record's schema under {@code subject} and frames the record written with it. */
    public static byte[] frame(SchemaRegistryClient registry, String subject, GenericRecord record) {
        Schema writer = record.getSchema();
        int id = registry.register(subject, writer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code value} (from a generated class) as a generic datum of {@code writer}. */
    private static Object as(Schema writer, Object value) {
        if (value == null) {
            return null;
        }
        return switch (writer.getType()) {
            case RECORD -> {
                SpecificRecord specific = (SpecificRecord) value;
                GenericData.Record record = new GenericData.Record(writer);
                for (Schema.Field f : writer.getFields()) {
                    Schema.Field source = specific.getSchema().getField(f.name());
                    Object v = source == null ? f.defaultVal() : specific.get(source.pos());
                    record.put(f.pos(), as(f.schema(), v));
                }
                yield record;
            }
            case UNION -> {
                for (Schema branch : writer.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        yield as(branch, value);
                    }
                }
                throw new IllegalArgumentException("no branch for " + value);
            }
            case ENUM -> new GenericData.EnumSymbol(writer, value.toString());
            case LONG -> value instanceof Instant i ? i.toEpochMilli() : ((Number) value).longValue();
            case INT -> value instanceof Instant i ? (int) i.toEpochMilli() : ((Number) value).intValue();
            case STRING -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            case BYTES -> {
                if (value instanceof BigDecimal d && writer.getLogicalType() instanceof LogicalTypes.Decimal dec) {
                    yield ByteBuffer.wrap(d.setScale(dec.getScale(), RoundingMode.UNNECESSARY)
                            .unscaledValue()
                            .toByteArray());
                }
                yield value instanceof BigDecimal d
                        ? ByteBuffer.wrap(d.unscaledValue().toByteArray())
                        : ByteBuffer.wrap(value.toString().getBytes(StandardCharsets.UTF_8));
            }
            default -> value;
        };
    }
}
