package city.ordos.plan.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Avro's own reader/writer resolution rules applied the way a registry applies its compatibility levels. */
final class AvroCompatibility {

    private AvroCompatibility() {}

    /**
     * Problems with adding {@code candidate} after {@code existing} (oldest first) under {@code level};
     * empty when compatible.
     */
    static List<String> problems(CompatibilityLevel level, Schema candidate, List<Schema> existing) {
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return List.of();
        }
        List<Schema> against = level.transitive() ? existing : List.of(existing.get(existing.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            if (level.checksBackward()) {
                // New readers must read data written with the old schema.
                problems.addAll(
                        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "BACKWARD"));
            }
            if (level.checksForward()) {
                // Old readers must read data written with the new schema.
                problems.addAll(
                        describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "FORWARD"));
            }
        }
        return problems;
    }

    private static List<String> describe(SchemaCompatibility.SchemaPairCompatibility pair, String direction) {
        return pair.getResult().getIncompatibilities().stream()
                .map(i -> "{direction:" + direction + ", errorType:'" + i.getType() + "', description:'"
                        + i.getMessage() + "', location:'" + i.getLocation() + "'}")
                .toList();
    }
}
