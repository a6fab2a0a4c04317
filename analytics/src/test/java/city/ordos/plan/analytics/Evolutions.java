package city.ordos.plan.analytics;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/** Hypothetical next versions of a record schema, compatible and not, built from the current one. */
final class Evolutions {

    private Evolutions() {}

    /** + {@code comment: ["null","string"] = null}: the kind of change the compatibility policy allows. */
    static Schema withOptionalComment(Schema record) {
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        return withExtraField(
                record, new Schema.Field("comment", optionalString, "A free-text remark.", JsonProperties.NULL_VALUE));
    }

    /** + a string field without default: old records cannot be read with it. */
    static Schema withRequiredField(Schema record, String name) {
        return withExtraField(record, new Schema.Field(name, Schema.create(Schema.Type.STRING), "Required.", null));
    }

    static Schema withFieldRetyped(Schema record, String name, Schema type) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(
                    f.name().equals(name)
                            ? new Schema.Field(f.name(), type, f.doc(), null)
                            : new Schema.Field(f, f.schema()));
        }
        return copy(record, fields);
    }

    /** The record with its {@code status} enum missing one symbol. */
    static Schema withoutStatusSymbol(Schema record, String symbol) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            if (f.name().equals("status")) {
                Schema e = f.schema();
                List<String> symbols = new ArrayList<>(e.getEnumSymbols());
                symbols.remove(symbol);
                fields.add(new Schema.Field(
                        f.name(),
                        Schema.createEnum(e.getName(), e.getDoc(), e.getNamespace(), symbols),
                        f.doc(),
                        null));
            } else {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return copy(record, fields);
    }

    private static Schema withExtraField(Schema record, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(extra);
        return copy(record, fields);
    }

    private static Schema copy(Schema record, List<Schema.Field> fields) {
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
