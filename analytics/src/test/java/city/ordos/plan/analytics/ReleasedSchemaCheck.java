package city.ordos.plan.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The build's own copy of the registry's BACKWARD rule: a consumer using the current schema must
 * read every record written with the released one. Problems name the schema and the field.
 */
final class ReleasedSchemaCheck {

    private ReleasedSchemaCheck() {}

    static List<String> problems(Map<String, Schema> released, Map<String, Schema> current) {
        List<String> problems = new ArrayList<>();
        released.forEach((name, old) -> {
            Schema now = current.get(name);
            if (now == null) {
                problems.add(name + ": released schema was removed");
            } else {
                problems.addAll(problems(old, now));
            }
        });
        return problems;
    }

    static List<String> problems(Schema released, Schema current) {
        SchemaCompatibility.SchemaPairCompatibility pair =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        return pair.getResult().getIncompatibilities().stream()
                .map(i -> current.getFullName() + ": field '" + fieldPath(current, i.getLocation()) + "' " + i.getType()
                        + " - " + i.getMessage())
                .toList();
    }

    /** Turns a location such as {@code /fields/3/type/fields/0} into {@code header.eventId}. */
    static String fieldPath(Schema schema, String location) {
        List<String> names = new ArrayList<>();
        Schema at = schema;
        String[] parts = location.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("fields") && i + 1 < parts.length && at != null && at.getType() == Schema.Type.RECORD) {
                Schema.Field field = at.getFields().get(Integer.parseInt(parts[++i]));
                names.add(field.name());
                at = nonNull(field.schema());
            } else if (parts[i].equals("items") && at != null && at.getType() == Schema.Type.ARRAY) {
                at = nonNull(at.getElementType());
            } else if (parts[i].equals("values") && at != null && at.getType() == Schema.Type.MAP) {
                at = nonNull(at.getValueType());
            }
        }
        return names.isEmpty() ? "(record " + schema.getName() + ")" : String.join(".", names);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream()
                    .filter(s -> s.getType() != Schema.Type.NULL)
                    .findFirst()
                    .orElse(schema);
        }
        return schema;
    }
}
