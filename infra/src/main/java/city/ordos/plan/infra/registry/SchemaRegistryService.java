package city.ordos.plan.infra.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The registry's rules (ids, versions, compatibility, deletion) over its state and storage log.
 * Every change first reads the log to its end, decides, writes to the log and reads its own write
 * back, so the in-memory state never holds anything the topic does not. Reads answer from memory:
 * as the only writer of its topic this instance already holds everything, and it keeps answering
 * reads while Kafka is unreachable. Operations are serialised.
 */
final class SchemaRegistryService {

    static final String AVRO = "AVRO";

    private final KafkaSchemaLog log;
    private final RegistryState state;

    SchemaRegistryService(KafkaSchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.state = new RegistryState(defaultLevel);
        log.catchUp(state::apply);
    }

    record VersionView(String subject, int version, int id, String schema) {}

    /** Registers the schema under the subject; the same schema again returns its existing id. */
    synchronized int register(String subject, String schemaText, String schemaType) {
        Schema schema = parse(schemaText, schemaType);
        String canonical = schema.toString();
        refresh();
        for (RegistryState.Version v : state.versions(subject, false)) {
            if (v.schema().equals(canonical)) {
                return v.id();
            }
        }
        List<String> problems = problemsAgainstHistory(subject, schema, state.effectiveLevel(subject));
        if (!problems.isEmpty()) {
            throw RegistryException.incompatible(incompatibleMessage(subject, state.effectiveLevel(subject), problems));
        }
        Optional<Integer> knownId = state.idOf(canonical);
        int id = knownId.orElseGet(state::nextId);
        int version = state.maxVersion(subject) + 1;
        List<LogEntry> entries = new ArrayList<>();
        if (knownId.isEmpty()) {
            entries.add(new LogEntry.SchemaId(id, canonical));
        }
        entries.add(new LogEntry.SchemaVersion(subject, version, id, canonical, false));
        write(entries);
        return id;
    }

    /** The live version of the subject holding this schema. */
    synchronized VersionView lookup(String subject, String schemaText, String schemaType, boolean includeDeleted) {
        Schema schema = parse(schemaText, schemaType);
        List<RegistryState.Version> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        String canonical = schema.toString();
        for (RegistryState.Version v : versions) {
            if (v.schema().equals(canonical)) {
                return view(v);
            }
        }
        throw RegistryException.schemaNotFound("the schema is not registered under subject '" + subject + "'");
    }

    synchronized String schemaById(int id) {
        return state.schemaOf(id).orElseThrow(() -> RegistryException.schemaNotFound("no schema with id " + id));
    }

    synchronized List<VersionView> usagesOf(int id, boolean includeDeleted) {
        if (state.schemaOf(id).isEmpty()) {
            throw RegistryException.schemaNotFound("no schema with id " + id);
        }
        return state.usagesOf(id, includeDeleted).stream()
                .map(SchemaRegistryService::view)
                .toList();
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        List<RegistryState.Version> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(RegistryState.Version::version).toList();
    }

    synchronized VersionView version(String subject, String versionSpec, boolean includeDeleted) {
        return view(find(subject, versionSpec, includeDeleted));
    }

    /** Soft-deletes every live version, or (permanent) removes already soft-deleted ones. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        refresh();
        List<RegistryState.Version> all = state.versions(subject, true);
        if (all.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<RegistryState.Version> live = state.versions(subject, false);
        List<LogEntry> entries = new ArrayList<>();
        if (permanent) {
            if (!live.isEmpty()) {
                throw new RegistryException(
                        404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            all.forEach(v -> entries.add(new LogEntry.SchemaVersionRemoved(subject, v.version())));
            entries.add(new LogEntry.Config(subject, null));
            write(entries);
            return all.stream().map(RegistryState.Version::version).toList();
        }
        if (live.isEmpty()) {
            throw new RegistryException(
                    404,
                    40404,
                    "Subject '" + subject + "' was soft deleted." + " Set permanent=true to delete permanently");
        }
        live.forEach(v -> entries.add(new LogEntry.SchemaVersion(subject, v.version(), v.id(), v.schema(), true)));
        write(entries);
        return live.stream().map(RegistryState.Version::version).toList();
    }

    synchronized int deleteVersion(String subject, String versionSpec, boolean permanent) {
        refresh();
        RegistryState.Version v = find(subject, versionSpec, permanent);
        if (permanent) {
            if (!v.deleted()) {
                throw new RegistryException(
                        404,
                        40407,
                        "Subject '" + subject + "' Version " + v.version()
                                + " was not deleted first before being permanently deleted");
            }
            write(List.of(new LogEntry.SchemaVersionRemoved(subject, v.version())));
        } else {
            write(List.of(new LogEntry.SchemaVersion(subject, v.version(), v.id(), v.schema(), true)));
        }
        return v.version();
    }

    /**
     * Problems that registering the schema would hit; against one given version, or (versionSpec
     * null) against the versions the subject's level selects. Empty means compatible.
     */
    synchronized List<String> checkCompatibility(
            String subject, String versionSpec, String schemaText, String schemaType) {
        Schema schema = parse(schemaText, schemaType);
        CompatibilityLevel level = state.effectiveLevel(subject);
        if (versionSpec == null) {
            return problemsAgainstHistory(subject, schema, level);
        }
        RegistryState.Version existing = find(subject, versionSpec, false);
        return CompatibilityChecker.problems(level, schema, new Schema.Parser().parse(existing.schema()));
    }

    synchronized CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return state.subjectLevel(subject);
    }

    synchronized void setLevel(String subjectOrNull, CompatibilityLevel level) {
        refresh();
        write(List.of(new LogEntry.Config(subjectOrNull, level)));
    }

    /** Removes a subject's own level (it then follows the global one); returns the removed level. */
    synchronized CompatibilityLevel removeSubjectLevel(String subject) {
        refresh();
        CompatibilityLevel previous = state.subjectLevel(subject).orElseThrow(() -> subjectLevelNotFound(subject));
        write(List.of(new LogEntry.Config(subject, null)));
        return previous;
    }

    static RegistryException subjectLevelNotFound(String subject) {
        return new RegistryException(
                404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    private List<String> problemsAgainstHistory(String subject, Schema candidate, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<RegistryState.Version> live = state.versions(subject, false);
        if (live.isEmpty()) {
            return List.of();
        }
        List<RegistryState.Version> against = level.transitive() ? live : List.of(live.get(live.size() - 1));
        List<String> problems = new ArrayList<>();
        for (RegistryState.Version v : against) {
            for (String problem :
                    CompatibilityChecker.problems(level, candidate, new Schema.Parser().parse(v.schema()))) {
                problems.add(problem + " (against version " + v.version() + ")");
            }
        }
        return problems;
    }

    private static String incompatibleMessage(String subject, CompatibilityLevel level, List<String> problems) {
        return "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                + "\", details: " + problems + ", compatibility: '" + level + "'";
    }

    private RegistryState.Version find(String subject, String versionSpec, boolean includeDeleted) {
        int wanted = parseVersion(versionSpec);
        List<RegistryState.Version> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (wanted == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream()
                .filter(v -> v.version() == wanted)
                .findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, wanted));
    }

    /** "latest" and -1 mean the latest version; otherwise a positive integer. */
    static int parseVersion(String versionSpec) {
        if ("latest".equalsIgnoreCase(versionSpec)) {
            return -1;
        }
        try {
            int v = Integer.parseInt(versionSpec);
            if (v == -1 || v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(versionSpec);
        }
        throw RegistryException.invalidVersion(versionSpec);
    }

    private static Schema parse(String schemaText, String schemaType) {
        if (schemaType != null && !AVRO.equalsIgnoreCase(schemaType)) {
            throw RegistryException.invalidSchema("schema type " + schemaType + " is not supported; only AVRO is");
        }
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryException.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    private void refresh() {
        log.catchUp(state::apply);
    }

    private void write(List<LogEntry> entries) {
        log.append(entries);
        refresh();
    }

    private static VersionView view(RegistryState.Version v) {
        return new VersionView(v.subject(), v.version(), v.id(), v.schema());
    }
}
