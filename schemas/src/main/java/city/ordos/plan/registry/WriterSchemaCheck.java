package city.ordos.plan.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Resolver;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Whether data written with a producer's schema can be read with the product's schema without
 * changing its meaning: stricter than Avro's reader/writer compatibility, which ignores logical
 * types and allows promotions.
 *
 * <p>What Avro's own check ({@link SchemaCompatibility}, and so a registry's BACKWARD/FORWARD
 * levels) accepts and this check refuses:
 *
 * <ul>
 *   <li>a decimal written with another scale: the bytes are an unscaled integer, read with the
 *       reader's scale, so {@code 12.34} written at scale 2 is read at scale 6 as {@code 0.001234};</li>
 *   <li>a decimal written with a larger precision than the reader's (values the contract cannot hold);
 *       a smaller precision is fine, every value it can write is readable unchanged;</li>
 *   <li>a decimal (or any field with a logical type) written as another type that Avro promotes, e.g.
 *       a {@code string}: its UTF-8 bytes become the unscaled integer, {@code "10"} reads as
 *       {@code 0.012592}; or a timestamp written as {@code int}, or as a plain {@code long};</li>
 *   <li>another logical type on the same primitive, e.g. {@code timestamp-micros} read as
 *       {@code timestamp-millis} (every instant a thousand times too late);</li>
 *   <li>{@code string}↔{@code bytes} promotion of any field: the contract never means one as the other.</li>
 * </ul>
 *
 * Everything Avro itself refuses (a missing field without default, enum symbols the reader lacks,
 * union branches it cannot take, names that differ) is refused too, with Avro's wording. Pure and
 * deterministic: callers cache the answer per writer schema id.
 */
public final class WriterSchemaCheck {

    private WriterSchemaCheck() {}

    /**
     * Why data written with {@code writer} cannot be read with {@code reader} unchanged; empty when it
     * can. Each entry names the field (dotted path from the record, e.g. {@code quantity.value}) and
     * the difference.
     */
    public static List<String> problems(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility avro =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        List<String> problems = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility i : avro.getResult().getIncompatibilities()) {
            problems.add(fieldPath(writer, i.getLocation()) + ": " + i.getType() + " (" + i.getMessage() + ")");
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        walk(Resolver.resolve(writer, reader), "", problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems;
    }

    private static void walk(Resolver.Action action, String path, List<String> problems, Set<Resolver.Action> seen) {
        if (!seen.add(action)) {
            return; // a recursive type, already checked
        }
        switch (action.type) {
            case RECORD -> {
                Resolver.RecordAdjust record = (Resolver.RecordAdjust) action;
                List<Schema.Field> writerFields = record.writer.getFields();
                for (int i = 0; i < record.fieldActions.length; i++) {
                    Resolver.Action field = record.fieldActions[i];
                    if (field.type != Resolver.Action.Type.SKIP) {
                        walk(field, join(path, writerFields.get(i).name()), problems, seen);
                    }
                }
            }
            case READER_UNION -> walk(((Resolver.ReaderUnion) action).actualAction, path, problems, seen);
            case WRITER_UNION -> {
                for (Resolver.Action branch : ((Resolver.WriterUnion) action).actions) {
                    walk(branch, path, problems, seen);
                }
            }
            case CONTAINER -> walk(((Resolver.Container) action).elementAction, path + "[]", problems, seen);
            case DO_NOTHING -> sameType(action.reader, action.writer, path, problems);
            case PROMOTE -> promoted(action.reader, action.writer, path, problems);
            case ERROR -> problems.add(where(path) + ": " + action);
            case ENUM, SKIP -> {
                // Enums are checked by Avro's own compatibility above (symbols the reader lacks).
            }
        }
    }

    private static void sameType(Schema reader, Schema writer, String path, List<String> problems) {
        LogicalType r = reader.getLogicalType();
        LogicalType w = writer.getLogicalType();
        if (r == null) {
            return; // the product reads the plain type; whatever the writer meant by it, the value is the same
        }
        if (w == null) {
            problems.add(where(path) + ": the writer declares plain "
                    + writer.getType().getName()
                    + ", the product reads it as " + describe(reader)
                    + " (the writer does not say the value means that)");
            return;
        }
        if (!r.getName().equals(w.getName())) {
            problems.add(where(path) + ": the writer declares " + describe(writer) + ", the product reads "
                    + describe(reader) + " (a different meaning of the same bytes)");
            return;
        }
        if (r instanceof LogicalTypes.Decimal rd && w instanceof LogicalTypes.Decimal wd) {
            if (rd.getScale() != wd.getScale()) {
                int shift = rd.getScale() - wd.getScale();
                problems.add(where(path) + ": the writer declares " + describe(writer) + ", the product reads "
                        + describe(reader) + ": every amount would be read 10^" + Math.abs(shift) + " times too "
                        + (shift > 0 ? "small" : "large"));
            } else if (wd.getPrecision() > rd.getPrecision()) {
                problems.add(where(path) + ": the writer declares " + describe(writer) + ", the product reads "
                        + describe(reader) + ": the writer may send amounts with more digits than the contract holds");
            }
        }
    }

    private static void promoted(Schema reader, Schema writer, String path, List<String> problems) {
        if (reader.getLogicalType() != null) {
            problems.add(where(path) + ": the writer declares " + describe(writer) + ", the product reads "
                    + describe(reader) + ": Avro would promote "
                    + writer.getType().getName() + " to "
                    + reader.getType().getName() + " and read "
                    + (reader.getLogicalType() instanceof LogicalTypes.Decimal
                            ? "the raw bytes as the decimal's unscaled number"
                            : "the value without its meaning"));
            return;
        }
        boolean textBytes = (reader.getType() == Schema.Type.STRING && writer.getType() == Schema.Type.BYTES)
                || (reader.getType() == Schema.Type.BYTES && writer.getType() == Schema.Type.STRING);
        if (textBytes) {
            problems.add(where(path) + ": the writer declares " + describe(writer) + ", the product reads "
                    + describe(reader) + " (no field of the contract means one as the other)");
        }
    }

    /** Avro's JSON-pointer location in the writer schema ("/fields/0/type/fields/4/type/1") as a field path ("header.county"). */
    static String fieldPath(Schema writer, String pointer) {
        String[] steps = pointer.split("/");
        Schema at = writer;
        String path = "";
        try {
            for (int i = 1; i < steps.length; i++) {
                switch (steps[i]) {
                    case "fields" -> {
                        Schema.Field field = at.getFields().get(Integer.parseInt(steps[++i]));
                        path = join(path, field.name());
                        at = field.schema();
                    }
                    case "type", "symbols", "name", "size" -> {
                        // the field's own type, or a detail of the type at hand
                    }
                    case "items" -> {
                        at = at.getElementType();
                        path += "[]";
                    }
                    case "values" -> {
                        at = at.getValueType();
                        path += "{}";
                    }
                    default -> at = at.getTypes().get(Integer.parseInt(steps[i])); // a union branch
                }
            }
        } catch (RuntimeException notAFieldPath) {
            return pointer;
        }
        return where(path);
    }

    private static String describe(Schema s) {
        LogicalType l = s.getLogicalType();
        if (l instanceof LogicalTypes.Decimal d) {
            return s.getType().getName() + " decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        return l == null ? s.getType().getName() : s.getType().getName() + " " + l.getName();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String where(String path) {
        return path.isEmpty() ? "(the record)" : path;
    }
}
