package city.ordos.plan.infra.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the subset of the Confluent Schema Registry REST API that Avro
 * serializers and operators use, for the embedded default run and for tests.
 *
 * <p>Schemas live in a compacted Kafka topic ({@code _schemas} unless configured) and are read
 * back fully on start, so ids survive restarts. Ids are global: the same schema under two
 * subjects has one id. Only one registry may use a storage topic at a time (a second one fences
 * the first one's writes). Only Avro schemas are accepted. Answers and errors follow Confluent:
 * {@code {"error_code": ..., "message": ...}}, 404 JSON for unknown paths.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ERROR_WRITTEN = "ordos.registry.error-written";

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaSchemaLog log;
    private final SchemaRegistryService service;
    private final Javalin app;
    private final String host;
    private final byte[] expectedAuthorization;

    private EmbeddedSchemaRegistry(Builder builder) {
        Map<String, Object> clientConfig = new HashMap<>(builder.clientConfig);
        clientConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        this.host = builder.host;
        this.expectedAuthorization = builder.basicAuthUserInfo == null
                ? null
                : ("Basic "
                                + Base64.getEncoder()
                                        .encodeToString(builder.basicAuthUserInfo.getBytes(StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8);
        this.log = new KafkaSchemaLog(clientConfig, builder.topic);
        try {
            this.service = new SchemaRegistryService(log, CompatibilityLevel.BACKWARD);
            this.app = Javalin.create(config -> {
                config.showJavalinBanner = false;
                config.http.prefer405over404 = false;
                config.jetty.threadPool = new QueuedThreadPool(16, 2);
                config.router.mount(this::routes);
            });
            app.start(host, builder.port);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        LOG.info(
                "Embedded schema registry up at {} (storage topic {} on {})",
                url(),
                builder.topic,
                builder.bootstrapServers);
    }

    /** A registry storing its schemas in the Kafka cluster at {@code bootstrapServers}. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + host + ":" + app.port();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            log.close();
        }
    }

    private void routes(JavalinDefaultRouting r) {
        r.before(this::authenticate);

        r.get("/", ctx -> reply(ctx, 200, json.createObjectNode()));
        r.get("/schemas/types", ctx -> reply(ctx, 200, List.of(SchemaRegistryService.AVRO)));
        r.get("/schemas/ids/{id}", ctx -> {
            ObjectNode body = json.createObjectNode().put("schema", service.schemaById(id(ctx)));
            reply(ctx, 200, body);
        });
        r.get("/schemas/ids/{id}/schema", ctx -> replyRaw(ctx, service.schemaById(id(ctx))));
        r.get(
                "/schemas/ids/{id}/subjects",
                ctx -> reply(
                        ctx,
                        200,
                        service.usagesOf(id(ctx), deleted(ctx)).stream()
                                .map(SchemaRegistryService.VersionView::subject)
                                .distinct()
                                .toList()));
        r.get(
                "/schemas/ids/{id}/versions",
                ctx -> reply(
                        ctx,
                        200,
                        service.usagesOf(id(ctx), deleted(ctx)).stream()
                                .map(v -> Map.of("subject", v.subject(), "version", v.version()))
                                .toList()));

        r.get("/subjects", ctx -> reply(ctx, 200, service.subjects(deleted(ctx))));
        r.post("/subjects/{subject}", ctx -> {
            JsonNode body = body(ctx);
            reply(
                    ctx,
                    200,
                    versionBody(service.lookup(subject(ctx), schemaText(body), schemaType(body), deleted(ctx))));
        });
        r.delete("/subjects/{subject}", ctx -> reply(ctx, 200, service.deleteSubject(subject(ctx), permanent(ctx))));
        r.get("/subjects/{subject}/versions", ctx -> reply(ctx, 200, service.versions(subject(ctx), deleted(ctx))));
        r.post("/subjects/{subject}/versions", ctx -> {
            JsonNode body = body(ctx);
            rejectReferences(body);
            int id = service.register(subject(ctx), schemaText(body), schemaType(body));
            reply(ctx, 200, json.createObjectNode().put("id", id));
        });
        r.get(
                "/subjects/{subject}/versions/{version}",
                ctx -> reply(
                        ctx, 200, versionBody(service.version(subject(ctx), ctx.pathParam("version"), deleted(ctx)))));
        r.get(
                "/subjects/{subject}/versions/{version}/schema",
                ctx -> replyRaw(
                        ctx,
                        service.version(subject(ctx), ctx.pathParam("version"), deleted(ctx))
                                .schema()));
        r.get("/subjects/{subject}/versions/{version}/referencedby", ctx -> {
            service.version(subject(ctx), ctx.pathParam("version"), deleted(ctx));
            reply(ctx, 200, List.of());
        });
        r.delete(
                "/subjects/{subject}/versions/{version}",
                ctx -> reply(ctx, 200, service.deleteVersion(subject(ctx), ctx.pathParam("version"), permanent(ctx))));

        r.post(
                "/compatibility/subjects/{subject}/versions/{version}",
                ctx -> compatibility(ctx, ctx.pathParam("version")));
        r.post("/compatibility/subjects/{subject}/versions", ctx -> compatibility(ctx, null));

        r.get("/config", ctx -> reply(ctx, 200, levelBody("compatibilityLevel", service.globalLevel())));
        r.put("/config", ctx -> {
            CompatibilityLevel level = requestedLevel(body(ctx));
            service.setLevel(null, level);
            reply(ctx, 200, levelBody("compatibility", level));
        });
        r.get("/config/{subject}", ctx -> {
            String subject = subject(ctx);
            CompatibilityLevel level = service.subjectLevel(subject).orElseGet(() -> {
                if (!Boolean.parseBoolean(ctx.queryParam("defaultToGlobal"))) {
                    throw SchemaRegistryService.subjectLevelNotFound(subject);
                }
                return service.globalLevel();
            });
            reply(ctx, 200, levelBody("compatibilityLevel", level));
        });
        r.put("/config/{subject}", ctx -> {
            CompatibilityLevel level = requestedLevel(body(ctx));
            service.setLevel(subject(ctx), level);
            reply(ctx, 200, levelBody("compatibility", level));
        });
        r.delete(
                "/config/{subject}",
                ctx -> reply(ctx, 200, levelBody("compatibilityLevel", service.removeSubjectLevel(subject(ctx)))));

        r.get("/mode", ctx -> reply(ctx, 200, json.createObjectNode().put("mode", "READWRITE")));
        r.get("/mode/{subject}", ctx -> reply(ctx, 200, json.createObjectNode().put("mode", "READWRITE")));

        r.exception(RegistryException.class, (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
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

    private void compatibility(Context ctx, String versionSpec) throws IOException {
        JsonNode body = body(ctx);
        List<String> problems =
                service.checkCompatibility(subject(ctx), versionSpec, schemaText(body), schemaType(body));
        ObjectNode answer = json.createObjectNode().put("is_compatible", problems.isEmpty());
        if (!problems.isEmpty()) {
            problems.forEach(answer.putArray("messages")::add);
        }
        reply(ctx, 200, answer);
    }

    private void authenticate(Context ctx) {
        if (expectedAuthorization == null) {
            return;
        }
        String given = ctx.header("Authorization");
        boolean ok =
                given != null && MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            ctx.header("WWW-Authenticate", "Basic realm=\"schema-registry\"");
            throw new RegistryException(401, 401, "Unauthorized");
        }
    }

    private void error(Context ctx, int status, int errorCode, String message) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        ObjectNode body = json.createObjectNode().put("error_code", errorCode).put("message", message);
        reply(ctx, status, body);
    }

    private void reply(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode registry answer", e);
        }
    }

    /** The bare schema JSON, as Confluent's {@code .../schema} endpoints answer. */
    private static void replyRaw(Context ctx, String schema) {
        ctx.status(200).contentType(CONTENT_TYPE).result(schema);
    }

    private ObjectNode versionBody(SchemaRegistryService.VersionView v) {
        return json.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id())
                .put("schema", v.schema());
    }

    private ObjectNode levelBody(String field, CompatibilityLevel level) {
        return json.createObjectNode().put(field, level.name());
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

    private static String schemaText(JsonNode body) {
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.invalidSchema("the request has no \"schema\" string");
        }
        return schema.asText();
    }

    private static String schemaType(JsonNode body) {
        JsonNode type = body.get("schemaType");
        return type == null || type.isNull() ? null : type.asText();
    }

    /** Schema references would need resolution across subjects, which this registry does not do. */
    private static void rejectReferences(JsonNode body) {
        JsonNode refs = body.get("references");
        if (refs != null && refs.isArray() && !refs.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported; inline the referenced types");
        }
    }

    private static CompatibilityLevel requestedLevel(JsonNode body) {
        JsonNode node = body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        String text = node == null ? null : node.asText();
        return CompatibilityLevel.parse(text).orElseThrow(() -> RegistryException.invalidCompatibilityLevel(text));
    }

    private static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }

    private static int id(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("'" + text + "' is not a schema id");
        }
    }

    private static boolean deleted(Context ctx) {
        return Boolean.parseBoolean(ctx.queryParam("deleted"));
    }

    private static boolean permanent(Context ctx) {
        return Boolean.parseBoolean(ctx.queryParam("permanent"));
    }

    public static final class Builder {
        private final String bootstrapServers;
        private final Map<String, Object> clientConfig = new HashMap<>();
        private String topic = "_schemas";
        private String host = "127.0.0.1";
        private int port;
        private String basicAuthUserInfo;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }

        /** Storage topic (default {@code _schemas}); created compacted with one partition if missing. */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic);
            return this;
        }

        /** HTTP port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Interface to bind; loopback by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** Require HTTP basic auth with these credentials ({@code user:password}). */
        public Builder basicAuth(String userInfo) {
            if (userInfo == null || !userInfo.contains(":")) {
                throw new IllegalArgumentException("basic auth user info must look like user:password");
            }
            this.basicAuthUserInfo = userInfo;
            return this;
        }

        /** Extra Kafka client settings for the storage producer/consumer (security, timeouts). */
        public Builder kafkaConfig(String key, Object value) {
            clientConfig.put(key, value);
            return this;
        }

        /** Reads the storage topic to its end, then serves. */
        public EmbeddedSchemaRegistry start() {
            return new EmbeddedSchemaRegistry(this);
        }
    }
}
