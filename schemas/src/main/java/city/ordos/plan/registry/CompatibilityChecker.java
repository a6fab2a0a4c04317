package city.ordos.plan.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Decides whether a candidate schema may follow earlier versions of a subject, using Avro's own
 * reader/writer resolution rules ({@link SchemaCompatibility}) and then, where Avro calls a pair
 * compatible, {@link WriterSchemaCheck}: a new version that Avro accepts but that would change what
 * the stored data means (another decimal scale, string read as bytes, timestamp-micros read as
 * millis) is refused too, so such a schema is stopped at registration, before any producer uses
 * it. The one checker of the product: the embedded registry, the in-memory mock registry and the
 * build's contract checks use it.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {}

    /**
     * Problems found checking {@code candidate} against one earlier {@code existing} schema, in the
     * directions {@code level} requires; empty when compatible. Each message names the kind of
     * incompatibility, where in the schema it is and the offending field or type.
     */
    public static List<String> problems(CompatibilityLevel level, Schema candidate, Schema existing) {
        List<String> problems = new ArrayList<>();
        if (level.newReadsOld()) {
            collect(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing), "new", "old", problems);
        }
        if (level.oldReadsNew()) {
            collect(SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate), "old", "new", problems);
        }
        return problems;
    }

    /**
     * The earlier versions (oldest first) a candidate is checked against under {@code level}:
     * every one when the level is transitive, otherwise only the latest; none under NONE.
     */
    public static <T> List<T> checkedAgainst(CompatibilityLevel level, List<T> history) {
        if (level == CompatibilityLevel.NONE || history.isEmpty()) {
            return List.of();
        }
        return level.transitive() ? List.copyOf(history) : List.of(history.get(history.size() - 1));
    }

    private static void collect(
            SchemaCompatibility.SchemaPairCompatibility result,
            String readerName,
            String writerName,
            List<String> problems) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            for (String difference : WriterSchemaCheck.problems(result.getReader(), result.getWriter())) {
                problems.add("{errorType:'MEANING_CHANGED', location:'"
                        + difference.split(":", 2)[0]
                        + "', description:'Data written with the " + writerName + " schema would be read with the "
                        + readerName + " schema as other values: " + difference + "'}");
            }
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + incompatibility.getType()
                    + "', location:'" + incompatibility.getLocation()
                    + "', description:'" + describe(incompatibility, readerName, writerName)
                    + "', additionalInfo:'" + incompatibility.getMessage() + "'}");
        }
    }

    /** Wording close to Confluent's, so operators recognise the message. */
    private static String describe(Incompatibility incompatibility, String reader, String writer) {
        String location = incompatibility.getLocation();
        String detail = incompatibility.getMessage();
        return switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE ->
                "The field '" + detail + "' at path '" + location + "' in the " + reader
                        + " schema has no default value and is missing in the " + writer + " schema";
            case NAME_MISMATCH ->
                "The name of the " + reader + " schema does not match at path '" + location + "': " + detail;
            case TYPE_MISMATCH ->
                "The type (path '" + location + "') of a field in the " + reader + " schema does not match with the "
                        + writer + " schema: " + detail;
            case MISSING_ENUM_SYMBOLS ->
                "The " + reader + " schema is missing enum symbols '" + detail + "' at path '" + location + "' in the "
                        + writer + " schema";
            case MISSING_UNION_BRANCH ->
                "The " + reader + " schema is missing a type inside a union field at path '" + location + "' in the "
                        + writer + " schema: " + detail;
            case FIXED_SIZE_MISMATCH ->
                "The size of FIXED type field at path '" + location + "' in the " + reader
                        + " schema does not match with the " + writer + " schema: " + detail;
            default -> incompatibility.getType() + " at path '" + location + "': " + detail;
        };
    }
}
