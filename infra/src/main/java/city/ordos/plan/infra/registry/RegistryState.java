package city.ordos.plan.infra.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's contents as rebuilt from its storage topic: subjects and their versions, the
 * schema behind every id, and compatibility settings. Only {@link #apply(LogEntry)} changes it,
 * so the topic stays the single source of truth. Not thread-safe; the service serialises access.
 */
final class RegistryState {

    record Version(String subject, int version, int id, String schema, boolean deleted) {}

    private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private final CompatibilityLevel defaultLevel;
    private int maxId;

    RegistryState(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    void apply(LogEntry entry) {
        if (entry instanceof LogEntry.SchemaVersion sv) {
            subjects.computeIfAbsent(sv.subject(), s -> new TreeMap<>())
                    .put(sv.version(), new Version(sv.subject(), sv.version(), sv.id(), sv.schema(), sv.deleted()));
            rememberId(sv.id(), sv.schema());
        } else if (entry instanceof LogEntry.SchemaVersionRemoved removed) {
            NavigableMap<Integer, Version> versions = subjects.get(removed.subject());
            if (versions != null) {
                versions.remove(removed.version());
                if (versions.isEmpty()) {
                    subjects.remove(removed.subject());
                }
            }
        } else if (entry instanceof LogEntry.SchemaId id) {
            rememberId(id.id(), id.schema());
        } else if (entry instanceof LogEntry.Config config) {
            if (config.subject() == null) {
                globalLevel = config.level();
            } else if (config.level() == null) {
                subjectLevels.remove(config.subject());
            } else {
                subjectLevels.put(config.subject(), config.level());
            }
        }
    }

    private void rememberId(int id, String schema) {
        schemasById.putIfAbsent(id, schema);
        idsBySchema.putIfAbsent(schema, id);
        maxId = Math.max(maxId, id);
    }

    int nextId() {
        return maxId + 1;
    }

    Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idsBySchema.get(canonicalSchema));
    }

    Optional<String> schemaOf(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Versions of a subject, soft-deleted ones only if asked; empty if none. */
    List<Version> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        List<Version> result = new ArrayList<>();
        for (Version v : versions.values()) {
            if (includeDeleted || !v.deleted()) {
                result.add(v);
            }
        }
        return result;
    }

    /** Highest version number ever used in the subject (soft-deleted included): new versions go above it. */
    int maxVersion(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    List<String> subjects(boolean includeDeleted) {
        List<String> result = new ArrayList<>();
        for (String subject : subjects.keySet()) {
            if (!versions(subject, includeDeleted).isEmpty()) {
                result.add(subject);
            }
        }
        return result;
    }

    /** Every subject version (soft-deleted excluded unless asked) that uses the id. */
    List<Version> usagesOf(int id, boolean includeDeleted) {
        List<Version> result = new ArrayList<>();
        for (String subject : subjects.keySet()) {
            for (Version v : versions(subject, includeDeleted)) {
                if (v.id() == id) {
                    result.add(v);
                }
            }
        }
        return result;
    }

    CompatibilityLevel globalLevel() {
        return globalLevel == null ? defaultLevel : globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElse(globalLevel());
    }
}
