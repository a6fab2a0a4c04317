package city.ordos.plan.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Reads docs/openapi.yaml and checks JSON answers against its schemas (the subset the file uses). */
final class OpenApiContract {

    final JsonNode doc;

    OpenApiContract(Path file) throws IOException {
        this.doc = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    }

    static Path locate() {
        for (Path p : List.of(Path.of("../docs/openapi.yaml"), Path.of("docs/openapi.yaml"))) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "docs/openapi.yaml not found from " + Path.of("").toAbsolutePath());
    }

    /**
     * "GET /api/goals/{goalId}" for every operation streams-app serves itself; the ones another
     * module adds (x-ordos-module, e.g. the launcher's web reporting) are checked by that module.
     */
    Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        doc.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
                    if (method.getValue().path("x-ordos-module").isMissingNode()) {
                        ops.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return ops;
    }

    /** The x-ordos-role of an operation ("GET /api/goals"): public, viewer, reporter, operator, administrator; null if none. */
    String role(String operation) {
        int space = operation.indexOf(' ');
        JsonNode role = doc.path("paths")
                .path(operation.substring(space + 1))
                .path(operation.substring(0, space).toLowerCase(Locale.ROOT))
                .path("x-ordos-role");
        return role.isMissingNode() ? null : role.asText();
    }

    JsonNode responseSchema(String method, String path, int status) {
        JsonNode response = doc.path("paths")
                .path(path)
                .path(method.toLowerCase(Locale.ROOT))
                .path("responses")
                .path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new AssertionError(method + " " + path + " documents no " + status + " response");
        }
        return response.path("content").path("application/json").path("schema");
    }

    /** Every difference between the value and the schema, as readable lines; empty if it matches. */
    List<String> violations(JsonNode value, JsonNode schema) {
        List<String> out = new ArrayList<>();
        check(value, schema, "$", out);
        return out;
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            schema = doc.at(ref.substring(1));
        }
        return schema;
    }

    private void check(JsonNode value, JsonNode schemaRef, String at, List<String> out) {
        JsonNode schema = resolve(schemaRef);
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                out.add(at + " is null but not nullable");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    out.add(at + " should be an object: " + value);
                    return;
                }
                JsonNode props = schema.get("properties");
                JsonNode additional = schema.get("additionalProperties");
                for (JsonNode req : schema.path("required")) {
                    if (!value.has(req.asText())) {
                        out.add(at + " lacks required field " + req.asText());
                    }
                }
                Iterator<String> names = value.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (props != null && props.has(name)) {
                        check(value.get(name), props.get(name), at + "." + name, out);
                    } else if (additional != null) {
                        check(value.get(name), additional, at + "." + name, out);
                    } else {
                        out.add(at + "." + name + " is not documented");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    out.add(at + " should be an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.get("items"), at + "[" + i + "]", out);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(at + " should be a string: " + value);
                } else if (schema.has("enum")) {
                    boolean listed = false;
                    for (JsonNode e : schema.get("enum")) {
                        listed |= e.asText().equals(value.asText());
                    }
                    if (!listed) {
                        out.add(at + " = " + value.asText() + " is not in the documented enum");
                    }
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    out.add(at + " should be a number: " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    out.add(at + " should be an integer: " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(at + " should be a boolean: " + value);
                }
            }
            default -> out.add(at + ": schema without a type " + schema);
        }
    }
}
