package city.ordos.plan.infra.registry;

import city.ordos.plan.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's contents as rebuilt from its storage topic: subjects and their versions, the
 * id of every schema ever registered, configs and modes. Only {@link #apply(LogEntry)} changes it,
 * so the topic stays the single source of truth. Not thread-safe; the service serialises access.
 *
 * <p>Ids follow Confluent's registry: a schema keeps its id for as long as the state has seen it
 * (re-registering it anywhere answers the same id), and an id resolves to a schema while at least
 * one subject version, live or soft-deleted, uses it.
 */
final class RegistryState {

    /** A schema's identity: the same text with the same references is the same schema, with one id. */
    record SchemaIdentity(String schema, List<SchemaReference> references) {
        SchemaIdentity {
            references = List.copyOf(references);
        }
    }

    private final Map<String, NavigableMap<Integer, LogEntry.SchemaVersion>> subjects = new TreeMap<>();
    private final Map<SchemaIdentity, Integer> idsBySchema = new HashMap<>();
    private final Map<String, SubjectConfig> subjectConfigs = new HashMap<>();
    private final Map<String, RegistryMode> subjectModes = new HashMap<>();
    private final CompatibilityLevel defaultLevel;
    private SubjectConfig globalConfig;
    private RegistryMode globalMode;
    private int maxId;

    RegistryState(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    void apply(LogEntry entry) {
        if (entry instanceof LogEntry.SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            idsBySchema.putIfAbsent(new SchemaIdentity(v.schema(), v.references()), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (entry instanceof LogEntry.SchemaVersionRemoved removed) {
            NavigableMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(removed.subject());
            if (versions != null) {
                versions.remove(removed.version());
                if (versions.isEmpty()) {
                    subjects.remove(removed.subject());
                }
            }
        } else if (entry instanceof LogEntry.SubjectDeleted deleted) {
            NavigableMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(deleted.subject());
            if (versions != null) {
                versions.headMap(deleted.upToVersion(), true).replaceAll((version, v) -> v.softDeleted());
            }
        } else if (entry instanceof LogEntry.Config config) {
            if (config.subject() == null) {
                globalConfig = config.config();
            } else {
                subjectConfigs.put(config.subject(), config.config());
            }
        } else if (entry instanceof LogEntry.ConfigRemoved removed) {
            if (removed.subject() == null) {
                globalConfig = null;
            } else {
                subjectConfigs.remove(removed.subject());
            }
        } else if (entry instanceof LogEntry.Mode mode) {
            if (mode.subject() == null) {
                globalMode = mode.mode();
            } else {
                subjectModes.put(mode.subject(), mode.mode());
            }
        } else if (entry instanceof LogEntry.ModeRemoved removed) {
            if (removed.subject() == null) {
                globalMode = null;
            } else {
                subjectModes.remove(removed.subject());
            }
        }
    }

    int nextId() {
        int id = maxId + 1;
        while (schemaOf(id).isPresent()) {
            id++; // an imported id above the counter's start
        }
        return id;
    }

    Optional<Integer> idOf(SchemaIdentity schema) {
        return Optional.ofNullable(idsBySchema.get(schema));
    }

    /** The schema behind an id, while a subject version (soft-deleted included) uses it. */
    Optional<LogEntry.SchemaVersion> schemaOf(int id) {
        for (NavigableMap<Integer, LogEntry.SchemaVersion> versions : subjects.values()) {
            for (LogEntry.SchemaVersion v : versions.values()) {
                if (v.id() == id) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    /** Versions of a subject, oldest first, as the filter selects; empty if none. */
    List<LogEntry.SchemaVersion> versions(String subject, VersionFilter filter) {
        NavigableMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        List<LogEntry.SchemaVersion> result = new ArrayList<>();
        for (LogEntry.SchemaVersion v : versions.values()) {
            if (filter.includes(v.deleted())) {
                result.add(v);
            }
        }
        return result;
    }

    Optional<LogEntry.SchemaVersion> version(String subject, int version) {
        NavigableMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    /** Highest version number in the subject (soft-deleted included): new versions go above it. */
    int maxVersion(String subject) {
        NavigableMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    /**
     * Subjects in name order. As Confluent decides it, a subject counts as deleted when all its
     * versions are soft-deleted: the default lists the others, {@code DELETED_ONLY} only those.
     */
    List<String> subjects(VersionFilter filter) {
        List<String> result = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Integer, LogEntry.SchemaVersion>> e : subjects.entrySet()) {
            boolean allDeleted = e.getValue().values().stream().allMatch(LogEntry.SchemaVersion::deleted);
            if (!e.getValue().isEmpty() && filter.includes(allDeleted)) {
                result.add(e.getKey());
            }
        }
        return result;
    }

    /** Every subject version using the id, soft-deleted ones only if asked. */
    List<LogEntry.SchemaVersion> usagesOf(int id, boolean includeDeleted) {
        List<LogEntry.SchemaVersion> result = new ArrayList<>();
        for (NavigableMap<Integer, LogEntry.SchemaVersion> versions : subjects.values()) {
            for (LogEntry.SchemaVersion v : versions.values()) {
                if (v.id() == id && (includeDeleted || !v.deleted())) {
                    result.add(v);
                }
            }
        }
        return result;
    }

    /**
     * Ids of the schemas whose references name this subject version, ascending; a referrer counts
     * while one of its versions is live, or soft-deleted too when {@code includeDeleted}.
     */
    List<Integer> referencedBy(String subject, int version, boolean includeDeleted) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (NavigableMap<Integer, LogEntry.SchemaVersion> versions : subjects.values()) {
            for (LogEntry.SchemaVersion v : versions.values()) {
                boolean refers =
                        v.references().stream().anyMatch(r -> r.subject().equals(subject) && r.version() == version);
                if (refers && (includeDeleted || !v.deleted())) {
                    ids.add(v.id());
                }
            }
        }
        return List.copyOf(ids);
    }

    /** Subjects with a version referring to this subject version (see {@link #referencedBy}). */
    List<String> subjectsReferring(String subject, int version, boolean includeDeleted) {
        List<String> result = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Integer, LogEntry.SchemaVersion>> e : subjects.entrySet()) {
            boolean refers = e.getValue().values().stream()
                    .filter(v -> includeDeleted || !v.deleted())
                    .flatMap(v -> v.references().stream())
                    .anyMatch(r -> r.subject().equals(subject) && r.version() == version);
            if (refers) {
                result.add(e.getKey());
            }
        }
        return result;
    }

    /** The global config as answered: the stored one, its level defaulted; the default when none is stored. */
    SubjectConfig globalConfig() {
        return (globalConfig == null ? SubjectConfig.EMPTY : globalConfig).withLevelOrElse(defaultLevel);
    }

    /** Whether a global config is stored (DELETE /config removes it). */
    boolean hasGlobalConfig() {
        return globalConfig != null;
    }

    /** A subject's own config, its level defaulted as Confluent answers it. */
    Optional<SubjectConfig> subjectConfig(String subject) {
        return Optional.ofNullable(subjectConfigs.get(subject)).map(c -> c.withLevelOrElse(defaultLevel));
    }

    /** The subject's own stored fields, unfilled: the base of a partial update. */
    SubjectConfig storedSubjectConfig(String subject) {
        return subject == null
                ? (globalConfig == null ? SubjectConfig.EMPTY : globalConfig)
                : subjectConfigs.getOrDefault(subject, SubjectConfig.EMPTY);
    }

    /** The config that governs the subject: its own fields over the global ones over the defaults. */
    SubjectConfig effectiveConfig(String subject) {
        SubjectConfig global = globalConfig == null ? SubjectConfig.EMPTY : globalConfig;
        SubjectConfig own =
                subject == null ? SubjectConfig.EMPTY : subjectConfigs.getOrDefault(subject, SubjectConfig.EMPTY);
        return global.updatedWith(own).withLevelOrElse(defaultLevel);
    }

    RegistryMode globalMode() {
        return globalMode == null ? RegistryMode.READWRITE : globalMode;
    }

    Optional<RegistryMode> subjectMode(String subject) {
        return Optional.ofNullable(subjectModes.get(subject));
    }

    /** The mode that governs the subject (null: the global one). */
    RegistryMode effectiveMode(String subject) {
        return subject == null ? globalMode() : subjectMode(subject).orElse(globalMode());
    }

    /** Which versions a listing includes, as Confluent's {@code deleted} / {@code deletedOnly} parameters select. */
    enum VersionFilter {
        LIVE,
        INCLUDING_DELETED,
        DELETED_ONLY;

        static VersionFilter of(boolean deleted, boolean deletedOnly) {
            return deletedOnly ? DELETED_ONLY : deleted ? INCLUDING_DELETED : LIVE;
        }

        boolean includes(boolean deleted) {
            return switch (this) {
                case LIVE -> !deleted;
                case INCLUDING_DELETED -> true;
                case DELETED_ONLY -> deleted;
            };
        }
    }
}
