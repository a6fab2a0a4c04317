package city.ordos.plan.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The operations of the Confluent Schema Registry REST API that serializers and operators need.
 * Implementations cache what never changes (an id's schema, a subject's id for a schema), so
 * calling these on every record is cheap after the first time.
 *
 * <p>Failures are {@link SchemaRegistryException}s: {@link IncompatibleSchemaException} when a
 * schema breaks the subject's compatibility rule, {@link SchemaNotFoundException} when a subject,
 * version, schema or id is unknown.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (a no-op if already there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id and version {@code schema} has under {@code subject} (POST /subjects/{subject}); never registers. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** Id of {@code schema} under {@code subject}; never registers. */
    default int getId(String subject, Schema schema) {
        return lookup(subject, schema).id();
    }

    /** The schema with global id {@code id}. */
    Schema getById(int id);

    /** The newest version of {@code subject}. */
    RegisteredSchema getLatest(String subject);

    /** One version of {@code subject}. */
    RegisteredSchema getVersion(String subject, int version);

    /** Version numbers of {@code subject}, oldest first. */
    List<Integer> getVersions(String subject);

    /** All subjects. */
    List<String> getSubjects();

    /** Whether {@code schema} could be registered as the next version of {@code subject}, with reasons if not. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The subject's own compatibility level, or the global one when {@code subject} is null. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the subject's compatibility level, or the global one when {@code subject} is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /**
     * How each call retries a transient failure before it throws; callers add no retries of their
     * own. The default: none (one attempt).
     */
    default RetryPolicy retryPolicy() {
        return RetryPolicy.NONE;
    }

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {}
}
