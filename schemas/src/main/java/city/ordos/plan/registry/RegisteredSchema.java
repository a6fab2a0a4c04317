package city.ordos.plan.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject: the registry's global schema id, the subject-local version, the schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
