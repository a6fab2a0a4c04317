package city.ordos.plan.infra.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * JSON keys and values of the storage topic. The {@code SCHEMA} and {@code CONFIG} records follow
 * the layout of Confluent's own {@code _schemas} topic; {@code SCHEMA_ID} is this registry's
 * addition. Records of any other key type are skipped, not treated as corruption.
 */
final class LogCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogCodec() {}

    record Encoded(String key, String value) {}

    static Encoded encode(LogEntry entry) {
        ObjectNode key = JSON.createObjectNode();
        ObjectNode value = JSON.createObjectNode();
        if (entry instanceof LogEntry.SchemaVersion sv) {
            key.put("keytype", "SCHEMA")
                    .put("subject", sv.subject())
                    .put("version", sv.version())
                    .put("magic", 1);
            value.put("subject", sv.subject())
                    .put("version", sv.version())
                    .put("id", sv.id())
                    .put("schema", sv.schema())
                    .put("deleted", sv.deleted());
        } else if (entry instanceof LogEntry.SchemaVersionRemoved removed) {
            key.put("keytype", "SCHEMA")
                    .put("subject", removed.subject())
                    .put("version", removed.version())
                    .put("magic", 1);
            value = null;
        } else if (entry instanceof LogEntry.SchemaId id) {
            key.put("keytype", "SCHEMA_ID").put("id", id.id()).put("magic", 0);
            value.put("id", id.id()).put("schema", id.schema());
        } else if (entry instanceof LogEntry.Config config) {
            key.put("keytype", "CONFIG");
            if (config.subject() == null) {
                key.putNull("subject");
            } else {
                key.put("subject", config.subject());
            }
            key.put("magic", 0);
            if (config.level() == null) {
                value = null;
            } else {
                value.put("compatibilityLevel", config.level().name());
            }
        } else {
            throw new IllegalArgumentException("unknown entry " + entry);
        }
        return new Encoded(key.toString(), value == null ? null : value.toString());
    }

    static Optional<LogEntry> decode(String keyText, String valueText) {
        if (keyText == null) {
            return Optional.empty();
        }
        try {
            JsonNode key = JSON.readTree(keyText);
            JsonNode value = valueText == null ? null : JSON.readTree(valueText);
            String keyType = key.path("keytype").asText("");
            return switch (keyType) {
                case "SCHEMA" -> {
                    String subject = key.path("subject").asText();
                    int version = key.path("version").asInt();
                    if (value == null) {
                        yield Optional.of(new LogEntry.SchemaVersionRemoved(subject, version));
                    }
                    yield Optional.of(new LogEntry.SchemaVersion(
                            subject,
                            version,
                            value.path("id").asInt(),
                            value.path("schema").asText(),
                            value.path("deleted").asBoolean(false)));
                }
                case "SCHEMA_ID" ->
                    value == null
                            ? Optional.empty()
                            : Optional.of(new LogEntry.SchemaId(
                                    value.path("id").asInt(),
                                    value.path("schema").asText()));
                case "CONFIG" -> {
                    String subject =
                            key.hasNonNull("subject") ? key.get("subject").asText() : null;
                    CompatibilityLevel level = value == null
                            ? null
                            : CompatibilityLevel.parse(
                                            value.path("compatibilityLevel").asText())
                                    .orElse(null);
                    yield Optional.of(new LogEntry.Config(subject, level));
                }
                default -> Optional.empty();
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable record in the schema storage topic: key=" + keyText, e);
        }
    }
}
