package city.ordos.plan.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API.
 *
 * <p>Several URLs may be given; a connection failure moves on to the next one. Answers 429 and
 * 5xx and connection failures are retried with bounded exponential backoff ({@link RetryPolicy});
 * other errors fail at once. Ids, schemas and subject/schema pairs are cached (they never change
 * in a registry); "latest" answers are not. Credentials go only into the Authorization header:
 * never into logs, messages or {@link #toString()}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json,"
            + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_ERROR_BODY_CHARS = 500;

    private final List<URI> baseUris;
    private final BasicAuthCredentials credentials;
    private final RetryPolicy retryPolicy;
    private final Duration readTimeout;
    private final int cacheCapacity;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger currentUrl = new AtomicInteger();

    private final BoundedCache<Integer, Schema> schemasById;
    private final Map<String, BoundedCache<Schema, Integer>> registeredIds = new ConcurrentHashMap<>();
    private final Map<String, BoundedCache<Schema, RegisteredSchema>> lookups = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(AvroSerdeConfig config) {
        this(
                config.urls(),
                config.credentials(),
                config.retryPolicy(),
                config.connectTimeout(),
                config.readTimeout(),
                config.maxSchemasPerSubject(),
                config.sslContext());
    }

    public HttpSchemaRegistryClient(
            List<String> urls,
            BasicAuthCredentials credentials,
            RetryPolicy retryPolicy,
            Duration connectTimeout,
            Duration readTimeout,
            int cacheCapacity) {
        this(urls, credentials, retryPolicy, connectTimeout, readTimeout, cacheCapacity, null);
    }

    /** @param sslContext TLS towards the registry (truststore, client certificate); null for the JVM's defaults */
    public HttpSchemaRegistryClient(
            List<String> urls,
            BasicAuthCredentials credentials,
            RetryPolicy retryPolicy,
            Duration connectTimeout,
            Duration readTimeout,
            int cacheCapacity,
            SSLContext sslContext) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is needed");
        }
        List<URI> uris = new ArrayList<>();
        for (String url : urls) {
            URI uri = URI.create(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException(
                        "schema registry URL must be http(s): " + AvroSerdeConfig.redactUrl(url));
            }
            // User info travels in the Authorization header (basic.auth.credentials.source=URL), never in the URI.
            uris.add(URI.create(AvroSerdeConfig.redactUrl(url)));
        }
        this.baseUris = List.copyOf(uris);
        this.credentials = credentials;
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.readTimeout = readTimeout;
        this.cacheCapacity = cacheCapacity;
        this.schemasById = new BoundedCache<>(cacheCapacity);
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        return registeredIds
                .computeIfAbsent(subject, s -> new BoundedCache<>(cacheCapacity))
                .computeIfAbsent(schema, () -> {
                    JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
                    int id = requiredInt(answer, "id");
                    schemasById.put(id, schema);
                    return id;
                });
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return lookups.computeIfAbsent(subject, s -> new BoundedCache<>(cacheCapacity))
                .computeIfAbsent(schema, () -> {
                    JsonNode answer =
                            call("POST", "/subjects/" + encode(subject) + "?deleted=false", schemaBody(schema));
                    RegisteredSchema found = new RegisteredSchema(
                            subject, requiredInt(answer, "version"), requiredInt(answer, "id"), schema);
                    schemasById.put(found.id(), schema);
                    return found;
                });
    }

    @Override
    public Schema getById(int id) {
        return schemasById.computeIfAbsent(id, () -> {
            JsonNode answer = call("GET", "/schemas/ids/" + id, null);
            return parse(answer, "schema " + id);
        });
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        return version(subject, "latest");
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return version(subject, Integer.toString(version));
    }

    @Override
    public List<Integer> getVersions(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions", null);
        List<Integer> versions = new ArrayList<>();
        answer.forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public List<String> getSubjects() {
        JsonNode answer = call("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        answer.forEach(v -> subjects.add(v.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        try {
            // Without a version Confluent checks against every version the subject's level demands, as register does.
            JsonNode answer = call(
                    "POST",
                    "/compatibility/subjects/" + encode(subject) + "/versions?verbose=true",
                    schemaBody(schema));
            List<String> messages = new ArrayList<>();
            answer.path("messages").forEach(m -> messages.add(m.asText()));
            return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
        } catch (SchemaNotFoundException e) {
            if (e.errorCode() == 40401) {
                return CompatibilityResult.ok(); // a new subject accepts any schema
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        JsonNode answer = call("GET", subject == null ? "/config" : "/config/" + encode(subject), null);
        JsonNode level =
                answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw new SchemaRegistryException(
                    200, 50005, "registry answered GET /config without a compatibility level");
        }
        return CompatibilityLevel.parse(level.asText())
                .orElseThrow(() -> new SchemaRegistryException(
                        200, 50005, "registry answered an unknown compatibility level: " + level.asText()));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        call("PUT", subject == null ? "/config" : "/config/" + encode(subject), body);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[urls=" + baseUris + ", auth=" + (credentials == null ? "none" : "basic ****")
                + ", " + retryPolicy + "]";
    }

    private RegisteredSchema version(String subject, String version) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/" + version, null);
        int id = requiredInt(answer, "id");
        Schema schema = schemasById.computeIfAbsent(id, () -> parse(answer, "schema " + id));
        return new RegisteredSchema(subject, requiredInt(answer, "version"), id, schema);
    }

    private ObjectNode schemaBody(Schema schema) {
        // Confluent's Java serializer sends Schema.toString(); byte-identical text keeps ids identical.
        return json.createObjectNode().put("schema", schema.toString());
    }

    private Schema parse(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(200, 40701, what + " is a " + type + " schema, not Avro");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(200, 50005, "registry answer for " + what + " has no schema");
        }
        try {
            // Schemas already accepted by a registry are taken as they are, even with odd defaults.
            return new Schema.Parser().setValidateDefaults(false).parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    200, 42201, "registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode v = answer.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new SchemaRegistryException(
                    200, 50005, "registry answer lacks \"" + field + "\": " + abbreviate(answer.toString()));
        }
        return v.asInt();
    }

    private JsonNode call(String method, String path, JsonNode body) {
        byte[] payload;
        try {
            payload = body == null ? null : json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode registry request", e);
        }
        int urlIndex = Math.floorMod(currentUrl.get(), baseUris.size());
        for (int attempt = 0; ; attempt++) {
            URI base = baseUris.get(urlIndex);
            SchemaRegistryException failure;
            Duration retryAfter = null;
            try {
                HttpResponse<byte[]> response =
                        http.send(request(base, method, path, payload), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return readJson(response.body(), method, path);
                }
                failure = error(status, response.body(), method, path);
                if (!failure.isRetriable()) {
                    throw failure;
                }
                retryAfter = retryAfter(response.headers());
            } catch (IOException e) {
                failure = new SchemaRegistryException(
                        SchemaRegistryException.NO_RESPONSE,
                        SchemaRegistryException.NO_RESPONSE,
                        method + " " + path + ": no answer from schema registry " + base + ": " + e,
                        e);
                // Fail over: the next attempt goes to the next URL, and so do later calls.
                urlIndex = (urlIndex + 1) % baseUris.size();
                currentUrl.set(urlIndex);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        SchemaRegistryException.NO_RESPONSE,
                        SchemaRegistryException.NO_RESPONSE,
                        method + " " + path + ": interrupted while calling schema registry " + base,
                        e);
            }
            if (attempt >= retryPolicy.maxRetries()) {
                throw gaveUp(failure, attempt + 1);
            }
            Duration wait = retryPolicy.backoff(attempt, retryAfter);
            LOG.warn(
                    "Schema registry call failed, retry {} of {} in {} ms: {}",
                    attempt + 1,
                    retryPolicy.maxRetries(),
                    wait.toMillis(),
                    failure.getMessage());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.addSuppressed(e);
                throw failure;
            }
        }
    }

    private static SchemaRegistryException gaveUp(SchemaRegistryException last, int attempts) {
        String suffix = " [gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + "]";
        if (last.httpStatus() == SchemaRegistryException.NO_RESPONSE) {
            return new SchemaRegistryException(
                    last.httpStatus(), last.errorCode(), last.getMessage() + suffix, last.getCause());
        }
        return SchemaRegistryException.of(last.httpStatus(), last.errorCode(), last.registryMessage() + suffix);
    }

    private HttpRequest request(URI base, String method, String path, byte[] payload) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(readTimeout)
                .header("Accept", ACCEPT);
        if (credentials != null) {
            builder.header("Authorization", credentials.authorizationHeader());
        }
        if (payload == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        }
        return builder.build();
    }

    private JsonNode readJson(byte[] body, String method, String path) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new SchemaRegistryException(
                        200, 50005, method + " " + path + ": empty answer from schema registry");
            }
            return node;
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    200,
                    50005,
                    method + " " + path + ": schema registry answered non-JSON: "
                            + abbreviate(new String(body, StandardCharsets.UTF_8)),
                    e);
        }
    }

    private SchemaRegistryException error(int status, byte[] body, String method, String path) {
        int errorCode = status;
        String message = abbreviate(new String(body, StandardCharsets.UTF_8));
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                errorCode = node.path("error_code").asInt(status);
                message = node.path("message").asText(message);
            }
        } catch (IOException notJson) {
            // Proxies answer HTML; the abbreviated body is the best description there is.
        }
        return SchemaRegistryException.of(status, errorCode, method + " " + path + ": " + message);
    }

    private static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After")
                .map(v -> {
                    try {
                        return Duration.ofSeconds(Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        return null; // an HTTP-date; our own backoff applies
                    }
                })
                .orElse(null);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }
}
