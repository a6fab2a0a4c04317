package city.ordos.plan.infra.registry;

import city.ordos.plan.registry.CompatibilityLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keys and values of the storage topic in the JSON layout of Confluent's own {@code _schemas}
 * topic, so that Confluent's registry can take the topic over and keep every id and version.
 *
 * <p>Keys are written byte for byte as Confluent's registry writes them (same fields in the same
 * order), because compaction and a later takeover match records by their key bytes. Records of
 * the key types this registry does not use ({@code NOOP}, {@code CLEAR_SUBJECT}, {@code CONTEXT},
 * {@code ASSOC}) are skipped. Records this registry cannot honour (a non-Avro schema, a schema with
 * metadata or a rule set, config fields it does not support) stop the read with a clear error
 * instead of being half-understood.
 */
final class LogCodec {

    /** The key type this registry's first storage format used; see {@link LegacyFormatConversion}. */
    static final String LEGACY_SCHEMA_ID_KEY_TYPE = "SCHEMA_ID";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SUPPORTED_CONFIG_FIELDS = Set.of("subject", "compatibilityLevel", "normalize");

    private LogCodec() {}

    record Encoded(String key, String value) {}

    static Encoded encode(LogEntry entry) {
        if (entry instanceof LogEntry.SchemaVersion v) {
            return new Encoded(schemaKey(v.subject(), v.version()), schemaValue(v));
        } else if (entry instanceof LogEntry.SchemaVersionRemoved r) {
            return new Encoded(schemaKey(r.subject(), r.version()), null);
        } else if (entry instanceof LogEntry.Config c) {
            return new Encoded(subjectKey("CONFIG", c.subject()), configValue(c));
        } else if (entry instanceof LogEntry.ConfigRemoved c) {
            return new Encoded(subjectKey("CONFIG", c.subject()), null);
        } else if (entry instanceof LogEntry.Mode m) {
            return new Encoded(subjectKey("MODE", m.subject()), modeValue(m));
        } else if (entry instanceof LogEntry.ModeRemoved m) {
            return new Encoded(subjectKey("MODE", m.subject()), null);
        }
        // DELETE_SUBJECT records are only read (see LogEntry.SubjectDeleted).
        throw new IllegalArgumentException("this registry does not write " + entry);
    }

    /** The key type of a raw key, e.g. {@code SCHEMA}; empty if the key is not JSON with a key type. */
    static Optional<String> keyType(String keyText) {
        if (keyText == null) {
            return Optional.empty();
        }
        try {
            JsonNode key = JSON.readTree(keyText);
            return key != null && key.hasNonNull("keytype")
                    ? Optional.of(key.get("keytype").asText())
                    : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static Optional<LogEntry> decode(String keyText, String valueText) {
        if (keyText == null) {
            return Optional.empty();
        }
        try {
            JsonNode key = JSON.readTree(keyText);
            JsonNode value = valueText == null ? null : JSON.readTree(valueText);
            String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
            return switch (key.path("keytype").asText("")) {
                case "SCHEMA" -> {
                    int version = key.path("version").asInt();
                    yield Optional.of(
                            value == null
                                    ? new LogEntry.SchemaVersionRemoved(subject, version)
                                    : schemaVersion(subject, version, value, keyText));
                }
                case "CONFIG" ->
                    Optional.of(
                            value == null
                                    ? new LogEntry.ConfigRemoved(subject)
                                    : new LogEntry.Config(subject, config(value, keyText)));
                case "MODE" ->
                    Optional.of(value == null ? new LogEntry.ModeRemoved(subject) : mode(subject, value, keyText));
                case "DELETE_SUBJECT" ->
                    value == null
                            ? Optional.empty()
                            : Optional.of(new LogEntry.SubjectDeleted(
                                    subject, value.path("version").asInt()));
                default -> Optional.empty();
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable record in the schema storage topic: key=" + keyText, e);
        }
    }

    private static LogEntry.SchemaVersion schemaVersion(String subject, int version, JsonNode value, String keyText) {
        String type = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw unsupported(keyText, "a " + type + " schema; this registry serves Avro only");
        }
        for (String field : List.of("metadata", "ruleSet")) {
            if (isSet(value.get(field))) {
                throw unsupported(keyText, "a schema with " + field + ", which this registry does not support");
            }
        }
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode ref : value.path("references")) {
            references.add(new SchemaReference(
                    ref.path("name").asText(),
                    ref.path("subject").asText(),
                    ref.path("version").asInt()));
        }
        return new LogEntry.SchemaVersion(
                subject,
                version,
                value.path("id").asInt(),
                value.path("schema").asText(),
                references,
                value.path("deleted").asBoolean(false));
    }

    private static SubjectConfig config(JsonNode value, String keyText) {
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SUPPORTED_CONFIG_FIELDS.contains(name) && isSet(value.get(name))) {
                throw unsupported(keyText, "the config field '" + name + "', which this registry does not support");
            }
        }
        CompatibilityLevel level = value.hasNonNull("compatibilityLevel")
                ? CompatibilityLevel.parse(value.get("compatibilityLevel").asText())
                        .orElseThrow(() -> unsupported(keyText, "an unknown compatibility level"))
                : null;
        Boolean normalize =
                value.hasNonNull("normalize") ? value.get("normalize").asBoolean() : null;
        return new SubjectConfig(level, normalize);
    }

    private static LogEntry.Mode mode(String subject, JsonNode value, String keyText) {
        String text = value.path("mode").asText(null);
        return new LogEntry.Mode(
                subject, RegistryMode.parse(text).orElseThrow(() -> unsupported(keyText, "the mode " + text)));
    }

    private static boolean isSet(JsonNode node) {
        return node != null && !node.isNull() && !(node.isContainerNode() && node.isEmpty());
    }

    private static IllegalStateException unsupported(String keyText, String what) {
        return new IllegalStateException("the schema storage topic holds " + what + " (record key " + keyText + ")");
    }

    private static String schemaKey(String subject, int version) {
        return JSON.createObjectNode()
                .put("keytype", "SCHEMA")
                .put("subject", subject)
                .put("version", version)
                .put("magic", 1)
                .toString();
    }

    /** Confluent leaves {@code subject} out of the global (subject-less) keys. */
    private static String subjectKey(String keyType, String subject) {
        ObjectNode key = JSON.createObjectNode().put("keytype", keyType);
        if (subject != null) {
            key.put("subject", subject);
        }
        return key.put("magic", 0).toString();
    }

    private static String schemaValue(LogEntry.SchemaVersion v) {
        ObjectNode value = JSON.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id())
                .put("schemaType", "AVRO");
        if (!v.references().isEmpty()) {
            ArrayNode refs = value.putArray("references");
            for (SchemaReference ref : v.references()) {
                refs.addObject()
                        .put("name", ref.name())
                        .put("subject", ref.subject())
                        .put("version", ref.version());
            }
        }
        return value.put("schema", v.schema()).put("deleted", v.deleted()).toString();
    }

    private static String configValue(LogEntry.Config c) {
        ObjectNode value = JSON.createObjectNode();
        if (c.subject() != null) {
            value.put("subject", c.subject());
        }
        if (c.config().compatibilityLevel() != null) {
            value.put("compatibilityLevel", c.config().compatibilityLevel().name());
        }
        if (c.config().normalize() != null) {
            value.put("normalize", c.config().normalize());
        }
        return value.toString();
    }

    private static String modeValue(LogEntry.Mode m) {
        ObjectNode value = JSON.createObjectNode();
        if (m.subject() != null) {
            value.put("subject", m.subject());
        }
        return value.put("mode", m.mode().name()).toString();
    }
}
