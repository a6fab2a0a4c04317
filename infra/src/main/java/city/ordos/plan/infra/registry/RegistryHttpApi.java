package city.ordos.plan.infra.registry;

import city.ordos.plan.infra.registry.RegistryState.VersionFilter;
import city.ordos.plan.infra.registry.SchemaRegistryService.SchemaRequest;
import city.ordos.plan.registry.CompatibilityLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST surface of Confluent's Schema Registry API for Avro, mapped onto the service: request
 * parameters and bodies in, Confluent's answers and {@code {"error_code", "message"}} errors out.
 * Which calls change the registry, and so pass {@link RegistryAccess#checkWrite}, is decided here.
 */
final class RegistryHttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpApi.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ERROR_WRITTEN = "ordos.registry.error-written";
    /** Confluent's "every context" prefix, the default of {@code subjectPrefix}. */
    private static final String ALL_SUBJECTS = ":*:";
    /** Request fields of Confluent's data contracts, which this registry refuses (see docs/infra.md). */
    private static final List<String> UNSUPPORTED_SCHEMA_FIELDS =
            List.of("metadata", "ruleSet", "schemaTagsToAdd", "schemaTagsToRemove");

    private static final Set<String> UNSUPPORTED_CONFIG_FIELDS = Set.of(
            "alias",
            "aliasForDeks",
            "validateFields",
            "validateNewSchemas",
            "validateRules",
            "compatibilityPolicy",
            "compatibilityGroup",
            "defaultMetadata",
            "overrideMetadata",
            "defaultRuleSet",
            "overrideRuleSet");

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaRegistryService service;
    private final RegistryAccess access;

    RegistryHttpApi(SchemaRegistryService service, RegistryAccess access) {
        this.service = service;
        this.access = access;
    }

    void routes(JavalinDefaultRouting r) {
        r.before(ctx -> access.checkRead(ctx.header("Authorization")));

        r.get("/", ctx -> reply(ctx, json.createObjectNode()));
        schemas(r);
        subjects(r);
        compatibility(r);
        config(r);
        mode(r);

        r.exception(RegistryException.class, (e, ctx) -> {
            if (e.httpStatus() == 401 && access.asksForCredentials()) {
                ctx.header("WWW-Authenticate", "Basic realm=\"schema-registry\"");
            }
            error(ctx, e.httpStatus(), e.errorCode(), e.getMessage());
        });
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("Schema registry request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, 50001, "Error in the backend: " + e);
        });
        r.error(404, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null) {
                error(ctx, 404, 404, "HTTP 404 Not Found");
            }
        });
    }

    private void schemas(JavalinDefaultRouting r) {
        r.get("/schemas", ctx -> {
            List<ObjectNode> answer = new ArrayList<>();
            for (LogEntry.SchemaVersion v :
                    service.schemas(prefix(ctx), flag(ctx, "deleted"), flag(ctx, "latestOnly"))) {
                answer.add(versionBody(v, ctx));
            }
            reply(ctx, page(ctx, answer));
        });
        r.get("/schemas/types", ctx -> reply(ctx, List.of(SchemaRegistryService.AVRO)));
        r.get("/schemas/ids/{id}", ctx -> {
            LogEntry.SchemaVersion v = service.schemaById(id(ctx));
            ObjectNode body = json.createObjectNode().put("schemaType", SchemaRegistryService.AVRO);
            addReferences(body, v.references());
            body.put("schema", schemaText(v, ctx));
            if (flag(ctx, "fetchMaxId")) {
                body.put("maxId", service.maxId());
            }
            reply(ctx, body);
        });
        r.get("/schemas/ids/{id}/schema", ctx -> replyRaw(ctx, schemaText(service.schemaById(id(ctx)), ctx)));
        r.get(
                "/schemas/ids/{id}/subjects",
                ctx -> reply(
                        ctx,
                        page(
                                ctx,
                                service.usagesOf(id(ctx), flag(ctx, "deleted")).stream()
                                        .map(LogEntry.SchemaVersion::subject)
                                        .distinct()
                                        .toList())));
        r.get(
                "/schemas/ids/{id}/versions",
                ctx -> reply(
                        ctx,
                        page(
                                ctx,
                                service.usagesOf(id(ctx), flag(ctx, "deleted")).stream()
                                        .map(v -> Map.of("subject", v.subject(), "version", v.version()))
                                        .toList())));
        // This registry hands out no GUIDs (Confluent 8's header format is not supported): none is known.
        r.get("/schemas/guids/{guid}", ctx -> {
            throw new RegistryException(
                    404, 40403, "Schema " + ctx.pathParam("guid") + " not found: this registry has no schema GUIDs");
        });
    }

    private void subjects(JavalinDefaultRouting r) {
        r.get("/subjects", ctx -> reply(ctx, page(ctx, service.subjects(prefix(ctx), filter(ctx)))));
        r.post("/subjects/{subject}", ctx -> {
            SchemaRequest request = schemaRequest(body(ctx));
            reply(
                    ctx,
                    versionBody(
                            service.lookup(subject(ctx), request, flag(ctx, "normalize"), flag(ctx, "deleted")), ctx));
        });
        r.get("/subjects/{subject}/metadata", ctx -> {
            // No version carries metadata here (it is refused at registration), so only an empty query matches.
            LogEntry.SchemaVersion latest = service.version(subject(ctx), "latest", flag(ctx, "deleted"));
            if (!ctx.queryParams("key").isEmpty()) {
                throw RegistryException.schemaNotFound();
            }
            reply(ctx, versionBody(latest, ctx));
        });
        r.delete("/subjects/{subject}", ctx -> {
            requireWrite(ctx);
            reply(ctx, service.deleteSubject(subject(ctx), flag(ctx, "permanent")));
        });
        r.get(
                "/subjects/{subject}/versions",
                ctx -> reply(ctx, page(ctx, service.versions(subject(ctx), filter(ctx)))));
        r.post("/subjects/{subject}/versions", ctx -> {
            SchemaRequest request = schemaRequest(body(ctx));
            LogEntry.SchemaVersion v = service.register(
                    subject(ctx), request, flag(ctx, "normalize"), flag(ctx, "force"), () -> requireWrite(ctx));
            ObjectNode answer = json.createObjectNode()
                    .put("id", v.id())
                    .put("version", v.version())
                    .put("schemaType", SchemaRegistryService.AVRO);
            addReferences(answer, v.references());
            reply(ctx, answer.put("schema", schemaText(v, ctx)));
        });
        r.get("/subjects/{subject}/versions/{version}", ctx -> reply(ctx, versionBody(version(ctx), ctx)));
        r.get("/subjects/{subject}/versions/{version}/schema", ctx -> replyRaw(ctx, schemaText(version(ctx), ctx)));
        r.get(
                "/subjects/{subject}/versions/{version}/referencedby",
                ctx -> reply(
                        ctx,
                        page(ctx, service.referencedBy(subject(ctx), ctx.pathParam("version"), flag(ctx, "deleted")))));
        r.delete("/subjects/{subject}/versions/{version}", ctx -> {
            requireWrite(ctx);
            reply(ctx, service.deleteVersion(subject(ctx), ctx.pathParam("version"), flag(ctx, "permanent")));
        });
    }

    private void compatibility(JavalinDefaultRouting r) {
        r.post(
                "/compatibility/subjects/{subject}/versions/{version}",
                ctx -> compatibility(ctx, ctx.pathParam("version")));
        r.post("/compatibility/subjects/{subject}/versions", ctx -> compatibility(ctx, null));
    }

    private void config(JavalinDefaultRouting r) {
        r.get("/config", ctx -> reply(ctx, configBody(service.globalConfig(), "compatibilityLevel")));
        r.put("/config", ctx -> {
            requireWrite(ctx);
            SubjectConfig update = configUpdate(body(ctx));
            reply(ctx, configBody(service.updateConfig(null, update), "compatibility"));
        });
        r.delete("/config", ctx -> {
            requireWrite(ctx);
            reply(ctx, configBody(service.deleteConfig(null), "compatibilityLevel"));
        });
        r.get(
                "/config/{subject}",
                ctx -> reply(
                        ctx,
                        configBody(
                                service.subjectConfig(subject(ctx), flag(ctx, "defaultToGlobal")),
                                "compatibilityLevel")));
        r.put("/config/{subject}", ctx -> {
            requireWrite(ctx);
            SubjectConfig update = configUpdate(body(ctx));
            reply(ctx, configBody(service.updateConfig(subject(ctx), update), "compatibility"));
        });
        r.delete("/config/{subject}", ctx -> {
            requireWrite(ctx);
            reply(ctx, configBody(service.deleteConfig(subject(ctx)), "compatibilityLevel"));
        });
    }

    private void mode(JavalinDefaultRouting r) {
        r.get("/mode", ctx -> reply(ctx, modeBody(service.mode(null, true))));
        r.put("/mode", ctx -> {
            requireWrite(ctx);
            reply(ctx, modeBody(service.setMode(null, requestedMode(body(ctx)), flag(ctx, "force"))));
        });
        r.delete("/mode", ctx -> {
            requireWrite(ctx);
            reply(ctx, modeBody(service.deleteMode(null)));
        });
        r.get("/mode/{subject}", ctx -> reply(ctx, modeBody(service.mode(subject(ctx), flag(ctx, "defaultToGlobal")))));
        r.put("/mode/{subject}", ctx -> {
            requireWrite(ctx);
            reply(ctx, modeBody(service.setMode(subject(ctx), requestedMode(body(ctx)), flag(ctx, "force"))));
        });
        r.delete("/mode/{subject}", ctx -> {
            requireWrite(ctx);
            reply(ctx, modeBody(service.deleteMode(subject(ctx))));
        });
    }

    private void compatibility(Context ctx, String versionSpec) {
        SchemaRequest request = schemaRequest(body(ctx));
        boolean verbose = flag(ctx, "verbose");
        List<String> problems;
        try {
            problems = service.checkCompatibility(subject(ctx), versionSpec, request, flag(ctx, "normalize"));
        } catch (RegistryException e) {
            if (!verbose || e.errorCode() != 42201) {
                throw e;
            }
            problems = List.of(e.getMessage());
        }
        ObjectNode answer = json.createObjectNode().put("is_compatible", problems.isEmpty());
        if (verbose) {
            problems.forEach(answer.putArray("messages")::add);
        }
        reply(ctx, answer);
    }

    private void requireWrite(Context ctx) {
        access.checkWrite(ctx.header("Authorization"));
    }

    private LogEntry.SchemaVersion version(Context ctx) {
        return service.version(subject(ctx), ctx.pathParam("version"), flag(ctx, "deleted"));
    }

    /** The stored text, or with {@code format=resolved} the referenced types written out. */
    private String schemaText(LogEntry.SchemaVersion v, Context ctx) {
        String format = ctx.queryParam("format");
        if (format == null || format.isBlank() || "default".equalsIgnoreCase(format)) {
            return v.schema();
        }
        if ("resolved".equalsIgnoreCase(format)) {
            return service.resolvedText(v);
        }
        throw RegistryException.invalidSchema("unsupported format '" + format + "' for AVRO; use default or resolved");
    }

    private ObjectNode versionBody(LogEntry.SchemaVersion v, Context ctx) {
        ObjectNode body = json.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id())
                .put("schemaType", SchemaRegistryService.AVRO);
        addReferences(body, v.references());
        return body.put("schema", schemaText(v, ctx));
    }

    private static void addReferences(ObjectNode body, List<SchemaReference> references) {
        if (!references.isEmpty()) {
            ArrayNode refs = body.putArray("references");
            references.forEach(ref -> refs.addObject()
                    .put("name", ref.name())
                    .put("subject", ref.subject())
                    .put("version", ref.version()));
        }
    }

    private ObjectNode configBody(SubjectConfig config, String levelField) {
        ObjectNode body = json.createObjectNode();
        if (config.compatibilityLevel() != null) {
            body.put(levelField, config.compatibilityLevel().name());
        }
        if (config.normalize() != null) {
            body.put("normalize", config.normalize());
        }
        return body;
    }

    private ObjectNode modeBody(RegistryMode mode) {
        return json.createObjectNode().put("mode", mode.name());
    }

    private static SchemaRequest schemaRequest(JsonNode body) {
        for (String field : UNSUPPORTED_SCHEMA_FIELDS) {
            if (isSet(body.get(field))) {
                throw RegistryException.unsupported(
                        field,
                        "data contracts (metadata, rule sets, tags) are not supported by this registry;"
                                + " it refuses them rather than store a schema without them");
            }
        }
        JsonNode schema = body.get("schema");
        if (schema != null && !schema.isNull() && !schema.isTextual()) {
            throw RegistryException.invalidSchema("\"schema\" must be a string");
        }
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode ref : body.path("references")) {
            references.add(new SchemaReference(
                    ref.hasNonNull("name") ? ref.get("name").asText() : null,
                    ref.hasNonNull("subject") ? ref.get("subject").asText() : null,
                    ref.path("version").asInt(-1)));
        }
        return new SchemaRequest(
                schema == null || schema.isNull() ? null : schema.asText(),
                body.hasNonNull("schemaType") ? body.get("schemaType").asText() : null,
                references,
                body.hasNonNull("id") ? body.get("id").asInt() : null,
                body.hasNonNull("version") ? body.get("version").asInt() : null);
    }

    private static SubjectConfig configUpdate(JsonNode body) {
        body.fieldNames().forEachRemaining(field -> {
            if (UNSUPPORTED_CONFIG_FIELDS.contains(field) && isSet(body.get(field))) {
                throw RegistryException.unsupported(
                        field, "this registry stores compatibility and normalize only; it refuses other config");
            }
        });
        JsonNode levelNode =
                body.hasNonNull("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        CompatibilityLevel level = null;
        if (levelNode != null && !levelNode.isNull()) {
            String text = levelNode.asText();
            level = CompatibilityLevel.parse(text).orElseThrow(() -> RegistryException.invalidCompatibilityLevel(text));
        }
        JsonNode normalize = body.get("normalize");
        if (normalize != null && !normalize.isNull() && !normalize.isBoolean()) {
            throw new RegistryException(422, 422, "\"normalize\" must be true or false");
        }
        return new SubjectConfig(level, normalize == null || normalize.isNull() ? null : normalize.asBoolean());
    }

    private static RegistryMode requestedMode(JsonNode body) {
        String text = body.path("mode").asText(null);
        if ("FORWARD".equalsIgnoreCase(text)) {
            throw RegistryException.invalidMode("FORWARD mode (schema linking) is not supported by this registry");
        }
        return RegistryMode.parse(text)
                .orElseThrow(() -> RegistryException.invalidMode(
                        "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT."));
    }

    private JsonNode body(Context ctx) {
        String text = ctx.body();
        try {
            JsonNode node = text.isBlank() ? null : json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new RegistryException(422, 422, "Unprocessable entity: request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "Malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isSet(JsonNode node) {
        return node != null
                && !node.isNull()
                && !(node.isContainerNode() && node.isEmpty())
                && !(node.isTextual() && node.asText().isEmpty());
    }

    /** Confluent's offset/limit paging; limit -1 (the default) means all. */
    private static <T> List<T> page(Context ctx, List<T> items) {
        int offset = Math.max(0, intParam(ctx, "offset", 0));
        int limit = intParam(ctx, "limit", -1);
        return items.stream()
                .skip(offset)
                .limit(limit < 0 ? Long.MAX_VALUE : limit)
                .toList();
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String text = ctx.queryParam(name);
        try {
            return text == null || text.isBlank() ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryException(400, 400, "query parameter " + name + " must be an integer: " + text);
        }
    }

    private static String prefix(Context ctx) {
        String prefix = ctx.queryParam("subjectPrefix");
        return prefix == null || prefix.isEmpty() || ALL_SUBJECTS.equals(prefix) ? null : prefix;
    }

    private static VersionFilter filter(Context ctx) {
        return VersionFilter.of(flag(ctx, "deleted"), flag(ctx, "deletedOnly"));
    }

    private static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    private static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }

    private static int id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryException(404, 40403, "Schema " + text + " not found: not a schema id");
        }
    }

    private void error(Context ctx, int status, int errorCode, String message) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        reply(
                ctx.status(status),
                json.createObjectNode().put("error_code", errorCode).put("message", message));
    }

    private void reply(Context ctx, Object body) {
        try {
            ctx.contentType(CONTENT_TYPE).result(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode registry answer", e);
        }
    }

    /** The bare schema JSON, as Confluent's {@code .../schema} endpoints answer. */
    private static void replyRaw(Context ctx, String schema) {
        ctx.contentType(CONTENT_TYPE).result(schema);
    }
}
