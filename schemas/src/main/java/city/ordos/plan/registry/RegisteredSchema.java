package city.ordos.plan.registry;

import org.apache.avro.Schema;

import java.util.Objects;

/** One version of a subject: the registry's global schema id, the subject-local version, the schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
