package city.ordos.plan.infra.registry;

import city.ordos.plan.infra.registry.RegistryState.SchemaIdentity;
import city.ordos.plan.infra.registry.RegistryState.VersionFilter;
import city.ordos.plan.registry.CompatibilityChecker;
import city.ordos.plan.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The registry's rules over its state and storage log, as Confluent's registry applies them: ids,
 * versions, references, compatibility, soft and permanent deletes, configs and modes (IMPORT
 * with explicit ids included). Every change first reads the log to its end, decides, writes to
 * the log and reads its own write back, so the in-memory state never holds anything the topic
 * does not. Reads answer from memory: as the only writer of its topic this instance already holds
 * everything, and it keeps answering reads while Kafka is unreachable. Operations are serialised.
 */
final class SchemaRegistryService {

    static final String AVRO = "AVRO";

    private final KafkaSchemaLog log;
    private final RegistryState state;

    SchemaRegistryService(KafkaSchemaLog log, CompatibilityLevel defaultLevel) {
        this.log = log;
        this.state = new RegistryState(defaultLevel);
        log.replay(state::apply);
        log.catchUp(state::apply);
    }

    /** A registration or lookup request: Confluent's {@code RegisterSchemaRequest} fields this registry honours. */
    record SchemaRequest(
            String schema, String schemaType, List<SchemaReference> references, Integer id, Integer version) {
        SchemaRequest {
            references = references == null ? List.of() : List.copyOf(references);
        }
    }

    /** Registers the schema under the subject; a schema already there answers its existing version. */
    synchronized LogEntry.SchemaVersion register(
            String subject, SchemaRequest request, boolean normalize, boolean force, Runnable writePermission) {
        refresh();
        boolean explicitId = request.id() != null && request.id() >= 0;
        RegistryMode mode = state.effectiveMode(subject);
        if (mode.readOnly()) {
            throw RegistryException.operationNotPermitted("Subject " + subject + " is in read-only mode");
        }
        if (explicitId && mode != RegistryMode.IMPORT) {
            throw RegistryException.operationNotPermitted("Subject " + subject + " is not in import mode");
        }
        if (!explicitId && mode != RegistryMode.READWRITE) {
            throw RegistryException.operationNotPermitted("Subject " + subject + " is not in read-write mode");
        }
        boolean importing = mode == RegistryMode.IMPORT;
        Candidate candidate = candidate(subject, request, normalize || normalizeConfigured(subject), !importing);
        int requestedVersion = request.version() == null ? 0 : request.version();

        int id = explicitId ? request.id() : -1;
        Optional<Integer> knownId = state.idOf(candidate.identity());
        if (knownId.isPresent() && (id < 0 || id == knownId.get())) {
            if (requestedVersion == 0) {
                for (LogEntry.SchemaVersion live : state.versions(subject, VersionFilter.LIVE)) {
                    if (live.id() == knownId.get()) {
                        return live;
                    }
                }
            }
            id = knownId.get();
        }

        writePermission.run();
        List<LogEntry.SchemaVersion> live = state.versions(subject, VersionFilter.LIVE);
        if (!importing && !force) {
            CompatibilityLevel level = state.effectiveConfig(subject).compatibilityLevel();
            List<String> problems = problemsAgainst(level, candidate.parsed().schema(), live);
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(
                        "Schema being registered is incompatible with an earlier schema for" + " subject \"" + subject
                                + "\", details: " + problems + ", compatibility: '" + level + "'");
            }
        }
        int nextVersion = state.maxVersion(subject) + 1;
        int version = requestedVersion <= 0 ? nextVersion : requestedVersion;
        if (version != nextVersion && !importing) {
            throw RegistryException.invalidSchema("Version is not one more than previous version");
        }
        if (id >= 0) {
            state.schemaOf(id)
                    .filter(existing ->
                            !new SchemaIdentity(existing.schema(), existing.references()).equals(candidate.identity()))
                    .ifPresent(existing -> {
                        throw RegistryException.operationNotPermitted(
                                "Overwrite new schema with id " + request.id() + " is not permitted.");
                    });
        } else {
            id = state.nextId();
        }
        List<LogEntry> entries = new ArrayList<>();
        for (LogEntry.SchemaVersion earlier : state.versions(subject, VersionFilter.DELETED_ONLY)) {
            // As Confluent does: a soft-deleted earlier version of the same schema gives way to the new one.
            if (earlier.id() == id
                    && earlier.version() < version
                    && state.referencedBy(subject, earlier.version(), true).isEmpty()) {
                entries.add(new LogEntry.SchemaVersionRemoved(subject, earlier.version()));
            }
        }
        LogEntry.SchemaVersion registered = new LogEntry.SchemaVersion(
                subject,
                version,
                id,
                candidate.identity().schema(),
                candidate.identity().references(),
                false);
        entries.add(registered);
        write(entries);
        return registered;
    }

    /** The version of the subject holding this schema (soft-deleted ones too if asked), latest first. */
    synchronized LogEntry.SchemaVersion lookup(
            String subject, SchemaRequest request, boolean normalize, boolean includeDeleted) {
        Candidate candidate = candidate(subject, request, normalize || normalizeConfigured(subject), false);
        List<LogEntry.SchemaVersion> versions = state.versions(subject, VersionFilter.of(includeDeleted, false));
        for (int i = versions.size() - 1; i >= 0; i--) {
            LogEntry.SchemaVersion v = versions.get(i);
            if (new SchemaIdentity(v.schema(), v.references()).equals(candidate.identity())) {
                return v;
            }
        }
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        throw RegistryException.schemaNotFound();
    }

    synchronized LogEntry.SchemaVersion schemaById(int id) {
        return state.schemaOf(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    /** The highest id handed out so far (Confluent's {@code fetchMaxId}). */
    synchronized int maxId() {
        return state.nextId() - 1;
    }

    synchronized List<LogEntry.SchemaVersion> usagesOf(int id, boolean includeDeleted) {
        if (state.schemaOf(id).isEmpty()) {
            throw RegistryException.schemaNotFound();
        }
        return state.usagesOf(id, includeDeleted);
    }

    synchronized List<String> subjects(String prefix, VersionFilter filter) {
        return state.subjects(filter).stream()
                .filter(s -> prefix == null || s.startsWith(prefix))
                .toList();
    }

    /** Every version of the subjects with this prefix (GET /schemas), or only each subject's latest. */
    synchronized List<LogEntry.SchemaVersion> schemas(String prefix, boolean includeDeleted, boolean latestOnly) {
        List<LogEntry.SchemaVersion> result = new ArrayList<>();
        VersionFilter filter = VersionFilter.of(includeDeleted, false);
        for (String subject : subjects(prefix, VersionFilter.INCLUDING_DELETED)) {
            List<LogEntry.SchemaVersion> versions = state.versions(subject, filter);
            if (latestOnly && !versions.isEmpty()) {
                result.add(versions.get(versions.size() - 1));
            } else if (!latestOnly) {
                result.addAll(versions);
            }
        }
        return result;
    }

    synchronized List<Integer> versions(String subject, VersionFilter filter) {
        if (state.versions(subject, filter == VersionFilter.LIVE ? VersionFilter.LIVE : VersionFilter.INCLUDING_DELETED)
                .isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return state.versions(subject, filter).stream()
                .map(LogEntry.SchemaVersion::version)
                .toList();
    }

    synchronized LogEntry.SchemaVersion version(String subject, String versionSpec, boolean includeDeleted) {
        int wanted = parseVersion(versionSpec);
        VersionFilter filter = VersionFilter.of(includeDeleted, false);
        List<LogEntry.SchemaVersion> versions = state.versions(subject, filter);
        Optional<LogEntry.SchemaVersion> found = wanted == -1
                ? versions.stream().reduce((first, second) -> second)
                : versions.stream().filter(v -> v.version() == wanted).findFirst();
        return found.orElseThrow(() -> versions.isEmpty()
                ? RegistryException.subjectNotFound(subject)
                : RegistryException.versionNotFound(wanted));
    }

    /** The full text of a stored version with its referenced types written out (format=resolved). */
    synchronized String resolvedText(LogEntry.SchemaVersion v) {
        return parseStored(v).resolved();
    }

    synchronized List<Integer> referencedBy(String subject, String versionSpec, boolean includeDeleted) {
        LogEntry.SchemaVersion v = version(subject, versionSpec, true);
        return state.referencedBy(v.subject(), v.version(), includeDeleted);
    }

    /** Soft-deletes every live version, or (permanent) removes the soft-deleted subject with its config and mode. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        refresh();
        if (state.versions(subject, VersionFilter.INCLUDING_DELETED).isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<LogEntry.SchemaVersion> live = state.versions(subject, VersionFilter.LIVE);
        if (!permanent && live.isEmpty()) {
            throw RegistryException.subjectSoftDeleted(subject);
        }
        requireWritable(subject);
        List<LogEntry.SchemaVersion> doomed =
                permanent ? state.versions(subject, VersionFilter.INCLUDING_DELETED) : live;
        for (LogEntry.SchemaVersion v : doomed) {
            List<String> referring = new ArrayList<>(state.subjectsReferring(subject, v.version(), permanent));
            referring.remove(subject);
            if (!referring.isEmpty()) {
                throw RegistryException.referenceExists(subject, v.version());
            }
        }
        if (permanent && !live.isEmpty()) {
            throw RegistryException.subjectNotSoftDeleted(subject);
        }
        List<LogEntry> entries = new ArrayList<>();
        if (permanent) {
            // Newest first, as Confluent does, so versions referring to earlier ones of the subject go first.
            for (int i = doomed.size() - 1; i >= 0; i--) {
                entries.add(
                        new LogEntry.SchemaVersionRemoved(subject, doomed.get(i).version()));
            }
            entries.addAll(forgetSubjectSettings(subject));
        } else {
            doomed.forEach(v -> entries.add(v.softDeleted()));
        }
        write(entries);
        return doomed.stream().map(LogEntry.SchemaVersion::version).toList();
    }

    synchronized int deleteVersion(String subject, String versionSpec, boolean permanent) {
        refresh();
        LogEntry.SchemaVersion v = version(subject, versionSpec, true);
        if (!permanent && v.deleted()) {
            throw RegistryException.versionSoftDeleted(subject, v.version());
        }
        requireWritable(subject);
        if (!state.referencedBy(subject, v.version(), permanent).isEmpty()) {
            throw RegistryException.referenceExists(subject, v.version());
        }
        if (permanent && !v.deleted()) {
            throw RegistryException.versionNotSoftDeleted(subject, v.version());
        }
        if (!permanent) {
            write(List.of(v.softDeleted()));
            return v.version();
        }
        List<LogEntry> entries = new ArrayList<>();
        entries.add(new LogEntry.SchemaVersionRemoved(subject, v.version()));
        if (state.versions(subject, VersionFilter.INCLUDING_DELETED).size() == 1) {
            entries.addAll(forgetSubjectSettings(subject));
        }
        write(entries);
        return v.version();
    }

    /**
     * Problems registering the schema would hit: against one version of the subject, or
     * (versionSpec null) against the versions the subject's level selects. Empty means compatible.
     */
    synchronized List<String> checkCompatibility(
            String subject, String versionSpec, SchemaRequest request, boolean normalize) {
        List<LogEntry.SchemaVersion> against;
        CompatibilityLevel level = state.effectiveConfig(subject).compatibilityLevel();
        if (versionSpec == null) {
            against = state.versions(subject, VersionFilter.LIVE);
        } else {
            int wanted = parseVersion(versionSpec);
            List<LogEntry.SchemaVersion> live = state.versions(subject, VersionFilter.LIVE);
            Optional<LogEntry.SchemaVersion> found = wanted == -1
                    ? live.stream().reduce((first, second) -> second)
                    : live.stream().filter(v -> v.version() == wanted).findFirst();
            if (found.isEmpty() && wanted != -1) {
                throw RegistryException.versionNotFound(wanted);
            }
            against = found.map(List::of).orElse(List.of());
        }
        Candidate candidate = candidate(subject, request, normalize || normalizeConfigured(subject), true);
        return problemsAgainst(level, candidate.parsed().schema(), against);
    }

    synchronized SubjectConfig globalConfig() {
        return state.globalConfig();
    }

    /** A subject's own config, or with {@code defaultToGlobal} the one that governs it. */
    synchronized SubjectConfig subjectConfig(String subject, boolean defaultToGlobal) {
        if (defaultToGlobal) {
            return state.effectiveConfig(subject);
        }
        return state.subjectConfig(subject).orElseThrow(() -> RegistryException.subjectLevelNotConfigured(subject));
    }

    /** Updates the fields the request sets (null subject: the global config); returns the stored config. */
    synchronized SubjectConfig updateConfig(String subjectOrNull, SubjectConfig update) {
        refresh();
        requireWritable(subjectOrNull);
        SubjectConfig updated = state.storedSubjectConfig(subjectOrNull).updatedWith(update);
        write(List.of(new LogEntry.Config(subjectOrNull, updated)));
        return updated;
    }

    /** Removes a config (null subject: the global one); returns the removed one. */
    synchronized SubjectConfig deleteConfig(String subjectOrNull) {
        refresh();
        requireWritable(subjectOrNull);
        SubjectConfig previous;
        if (subjectOrNull == null) {
            previous = state.globalConfig();
            if (!state.hasGlobalConfig()) {
                return previous;
            }
        } else {
            previous = state.subjectConfig(subjectOrNull)
                    .orElseThrow(() -> RegistryException.subjectNotFound(subjectOrNull));
        }
        write(List.of(new LogEntry.ConfigRemoved(subjectOrNull)));
        return previous;
    }

    /** A subject's own mode (null: the global one), or with {@code defaultToGlobal} the one that governs it. */
    synchronized RegistryMode mode(String subjectOrNull, boolean defaultToGlobal) {
        if (subjectOrNull == null || defaultToGlobal) {
            return state.effectiveMode(subjectOrNull);
        }
        return state.subjectMode(subjectOrNull)
                .orElseThrow(() -> RegistryException.subjectModeNotConfigured(subjectOrNull));
    }

    /**
     * Sets a mode (null subject: the global one). Entering IMPORT requires that no live subject
     * is in its scope (unless forced), and removes the soft-deleted ones, as Confluent does: an
     * import brings ids and versions that must not meet earlier ones.
     */
    synchronized RegistryMode setMode(String subjectOrNull, RegistryMode mode, boolean force) {
        refresh();
        List<LogEntry> entries = new ArrayList<>();
        if (mode == RegistryMode.IMPORT && state.effectiveMode(subjectOrNull) != RegistryMode.IMPORT && !force) {
            List<String> inScope =
                    subjectOrNull == null ? state.subjects(VersionFilter.INCLUDING_DELETED) : List.of(subjectOrNull);
            for (String subject : inScope) {
                if (!state.versions(subject, VersionFilter.LIVE).isEmpty()) {
                    throw RegistryException.operationNotPermitted("Cannot import since found existing subjects");
                }
            }
            for (String subject : inScope) {
                for (LogEntry.SchemaVersion v : state.versions(subject, VersionFilter.INCLUDING_DELETED)) {
                    if (!state.referencedBy(subject, v.version(), true).isEmpty()) {
                        throw RegistryException.referenceExists(subject, v.version());
                    }
                    entries.add(new LogEntry.SchemaVersionRemoved(subject, v.version()));
                }
            }
        }
        entries.add(new LogEntry.Mode(subjectOrNull, mode));
        write(entries);
        return mode;
    }

    /** Removes a mode (null subject: the global one, which then is READWRITE); returns the removed one. */
    synchronized RegistryMode deleteMode(String subjectOrNull) {
        refresh();
        RegistryMode previous = subjectOrNull == null
                ? state.globalMode()
                : state.subjectMode(subjectOrNull).orElseThrow(() -> RegistryException.subjectNotFound(subjectOrNull));
        write(List.of(new LogEntry.ModeRemoved(subjectOrNull)));
        return previous;
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

    /** A request's schema as it would be stored: parsed against its references, canonical or normalised. */
    private record Candidate(AvroSchemaText.Parsed parsed, SchemaIdentity identity) {}

    private Candidate candidate(String subject, SchemaRequest request, boolean normalize, boolean liveReferencesOnly) {
        if (request.schemaType() != null && !AVRO.equalsIgnoreCase(request.schemaType())) {
            throw RegistryException.invalidSchema(
                    "schema type " + request.schemaType() + " is not supported; this registry serves AVRO only");
        }
        List<SchemaReference> references = new ArrayList<>();
        Map<String, String> resolved = new LinkedHashMap<>();
        for (SchemaReference ref : request.references()) {
            if (ref.name() == null || ref.subject() == null) {
                throw RegistryException.invalidSchema("Invalid reference: " + ref);
            }
            LogEntry.SchemaVersion target = referenceTarget(ref, liveReferencesOnly);
            references.add(new SchemaReference(ref.name(), ref.subject(), target.version()));
            if (!resolved.containsKey(ref.name())) {
                addReferencedTexts(target.references(), resolved, new HashSet<>());
                resolved.put(ref.name(), target.schema());
            }
        }
        AvroSchemaText.Parsed parsed = AvroSchemaText.parse(request.schema(), resolved.values());
        String text = parsed.canonical();
        if (normalize) {
            text = AvroSchemaText.normalized(text);
            references = references.stream().sorted().distinct().toList();
        }
        return new Candidate(parsed, new SchemaIdentity(text, references));
    }

    private LogEntry.SchemaVersion referenceTarget(SchemaReference ref, boolean liveOnly) {
        VersionFilter filter = liveOnly ? VersionFilter.LIVE : VersionFilter.INCLUDING_DELETED;
        List<LogEntry.SchemaVersion> versions = state.versions(ref.subject(), filter);
        Optional<LogEntry.SchemaVersion> target = ref.version() == -1
                ? versions.stream().reduce((first, second) -> second)
                : versions.stream().filter(v -> v.version() == ref.version()).findFirst();
        return target.orElseThrow(() -> RegistryException.invalidSchema(
                "No schema reference found for subject \"" + ref.subject() + "\" and version " + ref.version()));
    }

    /**
     * Adds the schema texts these references need, keyed by reference name, dependencies before
     * the schemas using them (the order a parser must see them in), each name once.
     */
    private void addReferencedTexts(List<SchemaReference> refs, Map<String, String> resolved, Set<String> visiting) {
        for (SchemaReference ref : refs) {
            if (resolved.containsKey(ref.name()) || !visiting.add(ref.name())) {
                continue;
            }
            LogEntry.SchemaVersion target = referenceTarget(ref, false);
            addReferencedTexts(target.references(), resolved, visiting);
            resolved.put(ref.name(), target.schema());
        }
    }

    private AvroSchemaText.Parsed parseStored(LogEntry.SchemaVersion v) {
        Map<String, String> resolved = new LinkedHashMap<>();
        addReferencedTexts(v.references(), resolved, new HashSet<>());
        return AvroSchemaText.parse(v.schema(), resolved.values());
    }

    private List<String> problemsAgainst(
            CompatibilityLevel level, Schema candidate, List<LogEntry.SchemaVersion> history) {
        List<String> problems = new ArrayList<>();
        for (LogEntry.SchemaVersion earlier : CompatibilityChecker.checkedAgainst(level, history)) {
            Schema old = parseStored(earlier).schema();
            for (String problem : CompatibilityChecker.problems(level, candidate, old)) {
                problems.add(problem + " (against version " + earlier.version() + ")");
            }
        }
        return problems;
    }

    private boolean normalizeConfigured(String subject) {
        return Boolean.TRUE.equals(state.effectiveConfig(subject).normalize());
    }

    private void requireWritable(String subjectOrNull) {
        if (state.effectiveMode(subjectOrNull).readOnly()) {
            throw RegistryException.operationNotPermitted(
                    (subjectOrNull == null ? "The registry" : "Subject " + subjectOrNull) + " is in read-only mode");
        }
    }

    /** A permanently deleted subject takes its own config and mode with it. */
    private List<LogEntry> forgetSubjectSettings(String subject) {
        List<LogEntry> entries = new ArrayList<>();
        if (state.subjectConfig(subject).isPresent()) {
            entries.add(new LogEntry.ConfigRemoved(subject));
        }
        if (state.subjectMode(subject).isPresent()) {
            entries.add(new LogEntry.ModeRemoved(subject));
        }
        return entries;
    }

    private void refresh() {
        log.catchUp(state::apply);
    }

    private void write(List<LogEntry> entries) {
        log.append(entries);
        refresh();
    }
}
