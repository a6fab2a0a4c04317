package city.ordos.plan.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * An in-memory registry with the same behaviour as the real one for what serdes rely on:
 * global ids (the same schema under two subjects has one id), per-subject versions, and Avro
 * compatibility checks (BACKWARD unless set otherwise). For unit and topology tests; select it
 * with {@code schema.registry.url=mock://<scope>}.
 */
public final class MockSchemaRegistryClient implements SchemaRegistryClient {

    private final Object lock = new Object();
    private final Map<String, Integer> idsByCanonicalSchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    @Override
    public int register(String subject, Schema schema) {
        String canonical = schema.toString();
        synchronized (lock) {
            List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
            for (RegisteredSchema v : versions) {
                if (v.schema().toString().equals(canonical)) {
                    return v.id();
                }
            }
            List<String> problems = problems(levelOf(subject), schema, versions);
            if (!problems.isEmpty()) {
                throw new IncompatibleSchemaException(
                        409,
                        409,
                        "Schema being registered is incompatible with an" + " earlier schema for subject \"" + subject
                                + "\", details: " + problems);
            }
            int id = idsByCanonicalSchema.computeIfAbsent(canonical, s -> nextId++);
            schemasById.putIfAbsent(id, schema);
            int version =
                    versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
            versionsBySubject
                    .computeIfAbsent(subject, s -> new ArrayList<>())
                    .add(new RegisteredSchema(subject, version, id, schemasById.get(id)));
            return id;
        }
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        String canonical = schema.toString();
        synchronized (lock) {
            List<RegisteredSchema> versions = versionsOrThrow(subject);
            for (RegisteredSchema v : versions) {
                if (v.schema().toString().equals(canonical)) {
                    return v;
                }
            }
            throw new SchemaNotFoundException(404, 40403, "Schema not found under subject " + subject);
        }
    }

    @Override
    public Schema getById(int id) {
        synchronized (lock) {
            Schema schema = schemasById.get(id);
            if (schema == null) {
                throw new SchemaNotFoundException(404, 40403, "Schema " + id + " not found");
            }
            return schema;
        }
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        synchronized (lock) {
            List<RegisteredSchema> versions = versionsOrThrow(subject);
            return versions.get(versions.size() - 1);
        }
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        synchronized (lock) {
            return versionsOrThrow(subject).stream()
                    .filter(v -> v.version() == version)
                    .findFirst()
                    .orElseThrow(() -> new SchemaNotFoundException(
                            404, 40402, "Version " + version + " not found for subject " + subject));
        }
    }

    @Override
    public List<Integer> getVersions(String subject) {
        synchronized (lock) {
            return versionsOrThrow(subject).stream()
                    .map(RegisteredSchema::version)
                    .toList();
        }
    }

    @Override
    public List<String> getSubjects() {
        synchronized (lock) {
            return List.copyOf(versionsBySubject.keySet());
        }
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        synchronized (lock) {
            List<String> problems =
                    problems(levelOf(subject), schema, versionsBySubject.getOrDefault(subject, List.of()));
            return new CompatibilityResult(problems.isEmpty(), problems);
        }
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        synchronized (lock) {
            if (subject == null) {
                return globalLevel;
            }
            CompatibilityLevel level = subjectLevels.get(subject);
            if (level == null) {
                throw new SchemaNotFoundException(
                        404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
            }
            return level;
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        synchronized (lock) {
            if (subject == null) {
                globalLevel = level;
            } else {
                subjectLevels.put(subject, level);
            }
        }
    }

    private static List<String> problems(CompatibilityLevel level, Schema candidate, List<RegisteredSchema> history) {
        List<String> problems = new ArrayList<>();
        for (RegisteredSchema earlier : CompatibilityChecker.checkedAgainst(level, history)) {
            for (String problem : CompatibilityChecker.problems(level, candidate, earlier.schema())) {
                problems.add(problem + " (against version " + earlier.version() + ")");
            }
        }
        return problems;
    }

    private CompatibilityLevel levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<RegisteredSchema> versionsOrThrow(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaNotFoundException(404, 40401, "Subject '" + subject + "' not found.");
        }
        return versions;
    }
}
