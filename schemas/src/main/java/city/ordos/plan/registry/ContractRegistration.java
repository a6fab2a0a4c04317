package city.ordos.plan.registry;

import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Puts the product's contract into a schema registry before the first producer runs: every
 * topic's value subject ({@code <topic>-value}, Confluent's TopicNameStrategy) gets its own
 * compatibility level, BACKWARD as docs/outputs.md promises, and the schema of this build. Then a
 * producer configured as Confluent recommends for production ({@code auto.register.schemas=false},
 * {@code use.latest.version=true}) works from the start.
 *
 * <p>Only what is missing is changed: a subject already holding this schema and level is only
 * read, so running it again (every start of the app, every deployment) changes nothing, and it
 * needs no registry credentials where the contract is already in place. The app runs it on start;
 * {@code schemas register} runs it at deploy time.
 */
public final class ContractRegistration {

    /** The level every subject of the contract is held to. */
    public static final CompatibilityLevel LEVEL = CompatibilityLevel.BACKWARD;

    private final SchemaRegistryClient client;

    public ContractRegistration(SchemaRegistryClient client) {
        this.client = client;
    }

    /** What registering one subject did. */
    public record Outcome(String subject, int id, int version, boolean schemaRegistered, boolean levelSet) {
        @Override
        public String toString() {
            return subject + ": id " + id + ", version " + version + (schemaRegistered ? " (registered)" : "") + ", "
                    + LEVEL + (levelSet ? " (set)" : "");
        }
    }

    /** The subjects of every topic and the schema each must hold, in topic order. */
    public static Map<String, Schema> subjects(OrdosTopics topics) {
        SubjectNameStrategy names = new SubjectNameStrategy.TopicNameStrategy();
        Map<String, Schema> subjects = new LinkedHashMap<>();
        for (TopicSpec<String, ?> topic : topics.all()) {
            Schema schema = SpecificData.get().getSchema(topic.valueType());
            subjects.put(names.subjectName(topic.name(), false, schema), schema);
        }
        return subjects;
    }

    /**
     * Registers every subject of the topics that lacks its schema or level.
     *
     * @throws SchemaRegistryException naming the subject, e.g. 401/403 without the registry's
     *     credentials, 409 when the registered versions are incompatible with this build's schema
     */
    public List<Outcome> registerAll(OrdosTopics topics) {
        List<Outcome> outcomes = new ArrayList<>();
        subjects(topics).forEach((subject, schema) -> outcomes.add(register(subject, schema)));
        return outcomes;
    }

    private Outcome register(String subject, Schema schema) {
        try {
            boolean setLevel = !hasLevel(subject);
            if (setLevel) {
                client.setCompatibility(subject, LEVEL);
            }
            RegisteredSchema existing = lookup(subject, schema);
            boolean registered = existing == null;
            RegisteredSchema held = registered ? registerNew(subject, schema) : existing;
            return new Outcome(subject, held.id(), held.version(), registered, setLevel);
        } catch (SchemaRegistryException e) {
            throw SchemaRegistryException.of(
                    e.httpStatus(), e.errorCode(), "registering " + subject + ": " + e.registryMessage());
        }
    }

    private boolean hasLevel(String subject) {
        try {
            return client.getCompatibility(subject) == LEVEL;
        } catch (SchemaNotFoundException e) {
            return false; // 40408: no level of its own yet
        }
    }

    private RegisteredSchema lookup(String subject, Schema schema) {
        try {
            return client.lookup(subject, schema);
        } catch (SchemaNotFoundException e) {
            return null; // 40401 / 40403: not there yet
        }
    }

    private RegisteredSchema registerNew(String subject, Schema schema) {
        client.register(subject, schema);
        return client.lookup(subject, schema);
    }
}
