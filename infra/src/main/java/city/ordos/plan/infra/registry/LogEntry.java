package city.ordos.plan.infra.registry;

/**
 * One record of the registry's storage topic. The topic is compacted, so every entry's key names
 * the thing it describes and the latest entry per key is the truth.
 */
sealed interface LogEntry {

    /** Version {@code version} of {@code subject} is the schema with id {@code id}; key {@code SCHEMA}. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements LogEntry {}

    /** A permanently deleted subject version (a tombstone for the {@code SCHEMA} key). */
    record SchemaVersionRemoved(String subject, int version) implements LogEntry {}

    /**
     * The schema behind an id, kept under its own key so an id is never reused and stays resolvable
     * even after every subject version using it was permanently deleted and compacted away.
     */
    record SchemaId(int id, String schema) implements LogEntry {}

    /** Compatibility level of a subject, or the global one when {@code subject} is null; null level = removed. */
    record Config(String subject, CompatibilityLevel level) implements LogEntry {}
}
