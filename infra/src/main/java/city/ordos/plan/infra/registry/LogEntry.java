package city.ordos.plan.infra.registry;

import java.util.List;

/**
 * One record of the registry's storage topic, in the record types of Confluent's own
 * {@code _schemas} topic. The topic is compacted: every entry's key names the thing it describes,
 * the latest entry per key is the truth, and a tombstone removes it.
 */
sealed interface LogEntry {

    /** Version {@code version} of {@code subject}: key type {@code SCHEMA}. */
    record SchemaVersion(
            String subject, int version, int id, String schema, List<SchemaReference> references, boolean deleted)
            implements LogEntry {
        public SchemaVersion {
            references = List.copyOf(references);
        }

        SchemaVersion softDeleted() {
            return new SchemaVersion(subject, version, id, schema, references, true);
        }
    }

    /** A permanently deleted subject version: a tombstone for its {@code SCHEMA} key. */
    record SchemaVersionRemoved(String subject, int version) implements LogEntry {}

    /** Config of a subject, or the global one when {@code subject} is null: key type {@code CONFIG}. */
    record Config(String subject, SubjectConfig config) implements LogEntry {}

    /** A removed subject (or global) config: a tombstone for its {@code CONFIG} key. */
    record ConfigRemoved(String subject) implements LogEntry {}

    /** Mode of a subject, or the global one when {@code subject} is null: key type {@code MODE}. */
    record Mode(String subject, RegistryMode mode) implements LogEntry {}

    /** A removed subject (or global) mode: a tombstone for its {@code MODE} key. */
    record ModeRemoved(String subject) implements LogEntry {}

    /**
     * Confluent's registry soft-deletes a subject with one {@code DELETE_SUBJECT} record marking
     * every version up to {@code upToVersion} deleted. This registry writes one deleted
     * {@code SCHEMA} record per version instead (plain state records, see {@link KafkaSchemaLog}),
     * and reads this one so that a topic Confluent's registry wrote stays readable.
     */
    record SubjectDeleted(String subject, int upToVersion) implements LogEntry {}
}
