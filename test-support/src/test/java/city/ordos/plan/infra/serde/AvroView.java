package city.ordos.plan.infra.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The plain-JSON rendering of an Avro value that interop.js produces on the Node side, computed
 * here independently from the Java record: records as objects, decimals as plain strings with the
 * schema's scale, longs and timestamp-millis as numbers, enums and strings as strings, other
 * bytes as hex.
 */
final class AvroView {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroView() {}

    static JsonNode of(Schema schema, Object datum) {
        switch (schema.getType()) {
            case UNION -> {
                if (datum == null) {
                    return NODES.nullNode();
                }
                List<Schema> nonNull = schema.getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .toList();
                if (nonNull.size() != 1) {
                    throw new IllegalArgumentException(
                            "views of unions with several non-null branches are not supported");
                }
                return of(nonNull.get(0), datum);
            }
            case NULL -> {
                return NODES.nullNode();
            }
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) datum;
                ObjectNode node = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    node.set(field.name(), of(field.schema(), record.get(field.pos())));
                }
                return node;
            }
            case ENUM, STRING -> {
                return NODES.textNode(datum.toString());
            }
            case BYTES, FIXED -> {
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                    BigDecimal value = datum instanceof BigDecimal bd
                            ? bd
                            : new BigDecimal(new BigInteger(bytes(datum)), decimal.getScale());
                    return NODES.textNode(value.setScale(decimal.getScale()).toPlainString());
                }
                return NODES.textNode(HexFormat.of().formatHex(bytes(datum)));
            }
            case LONG -> {
                long value = datum instanceof Instant instant ? instant.toEpochMilli() : (Long) datum;
                return NODES.numberNode(value);
            }
            case INT -> {
                return NODES.numberNode((Integer) datum);
            }
            case DOUBLE -> {
                return NODES.numberNode((Double) datum);
            }
            case FLOAT -> {
                return NODES.numberNode((double) (Float) datum);
            }
            case BOOLEAN -> {
                return NODES.booleanNode((Boolean) datum);
            }
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                ((Iterable<?>) datum).forEach(item -> array.add(of(schema.getElementType(), item)));
                return array;
            }
            case MAP -> {
                ObjectNode node = NODES.objectNode();
                ((Map<?, ?>) datum).forEach((k, v) -> node.set(k.toString(), of(schema.getValueType(), v)));
                return node;
            }
            default -> throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
        }
    }

    private static byte[] bytes(Object datum) {
        if (datum instanceof byte[] array) {
            return array;
        }
        ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }
}
