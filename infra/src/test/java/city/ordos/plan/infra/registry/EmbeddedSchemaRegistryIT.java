package city.ordos.plan.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.infra.kafka.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The registry over raw HTTP, as any Confluent-compatible client would talk to it. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EmbeddedSchemaRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String V1 = record("{\"name\":\"goalId\",\"type\":\"string\"}");
    private static final String V2_REGION_WITHOUT_DEFAULT =
            record("{\"name\":\"goalId\",\"type\":\"string\"},{\"name\":\"region\",\"type\":\"string\"}");
    private static final String V2_REGION_OPTIONAL = record(
            "{\"name\":\"goalId\",\"type\":\"string\"},{\"name\":\"region\",\"type\":[\"null\",\"string\"],\"default\":null}");
    private static final String WITHOUT_GOAL_ID =
            record("{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}");

    @TempDir
    static Path dataDir;

    static EmbeddedKafkaBroker broker;
    static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder(dataDir.resolve("kafka")).build().start();
        registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void incompatibleChangeIsRefusedWith409NamingTheField() throws Exception {
        String subject = subject();
        assertThat(register(registry, subject, V1).statusCode()).isEqualTo(200);

        Response refused = register(registry, subject, V2_REGION_WITHOUT_DEFAULT);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(refused.json().get("message").asText())
                .contains("region")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(versions(registry, subject)).isEqualTo("[1]");
    }

    @Test
    void compatibleChangeWithOptionalFieldIsAcceptedAsNextVersion() throws Exception {
        String subject = subject();
        int v1 = register(registry, subject, V1).json().get("id").asInt();

        Response accepted = register(registry, subject, V2_REGION_OPTIONAL);

        assertThat(accepted.statusCode()).isEqualTo(200);
        int v2 = accepted.json().get("id").asInt();
        assertThat(v2).isNotEqualTo(v1);
        JsonNode latest =
                get(registry, "/subjects/" + subject + "/versions/latest").json();
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(v2);
        assertThat(latest.get("subject").asText()).isEqualTo(subject);
        assertThat(JSON.readTree(latest.get("schema").asText())).isEqualTo(JSON.readTree(V2_REGION_OPTIONAL));
    }

    @Test
    void sameSchemaUnderTwoSubjectsGetsOneId() throws Exception {
        String first = subject();
        String second = subject();
        String schema = record("{\"name\":\"shared\",\"type\":\"long\"}");

        int id1 = register(registry, first, schema).json().get("id").asInt();
        int id2 = register(registry, second, schema).json().get("id").asInt();
        int again = register(registry, first, schema).json().get("id").asInt();

        assertThat(id2).isEqualTo(id1);
        assertThat(again).isEqualTo(id1);
        assertThat(versions(registry, first)).isEqualTo("[1]");
        JsonNode subjects = get(registry, "/schemas/ids/" + id1 + "/subjects").json();
        assertThat(subjects).extracting(JsonNode::asText).containsExactlyInAnyOrder(first, second);
        JsonNode lookup =
                post(registry, "/subjects/" + second, schemaBody(schema)).json();
        assertThat(lookup.get("id").asInt()).isEqualTo(id1);
        assertThat(lookup.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void idsAndVersionsSurviveARegistryRestartOnTheSameBroker() throws Exception {
        String subject = subject();
        int id1 = register(registry, subject, V1).json().get("id").asInt();
        int id2 =
                register(registry, subject, V2_REGION_OPTIONAL).json().get("id").asInt();
        String schemaById =
                get(registry, "/schemas/ids/" + id1).json().get("schema").asText();

        registry.close();
        registry = EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).start();

        assertThat(get(registry, "/schemas/ids/" + id1).json().get("schema").asText())
                .isEqualTo(schemaById);
        assertThat(register(registry, subject, V1).json().get("id").asInt()).isEqualTo(id1);
        assertThat(register(registry, subject, V2_REGION_OPTIONAL)
                        .json()
                        .get("id")
                        .asInt())
                .isEqualTo(id2);
        assertThat(versions(registry, subject)).isEqualTo("[1,2]");
        int fresh = register(registry, subject(), record("{\"name\":\"brandNew\",\"type\":\"int\"}"))
                .json()
                .get("id")
                .asInt();
        assertThat(fresh).isGreaterThan(Math.max(id1, id2));
    }

    /** Each write must be visible to the next request, or ids would be handed out twice. */
    @Test
    void backToBackRegistrationsNeverShareAnId() throws Exception {
        Map<Integer, String> schemasById = new HashMap<>();
        for (int i = 0; i < 15; i++) {
            String schema = record("{\"name\":\"field" + i + "\",\"type\":\"int\"}");
            int id = register(registry, subject(), schema).json().get("id").asInt();
            assertThat(schemasById.put(id, schema))
                    .as("id %d handed out twice", id)
                    .isNull();
        }
        for (Map.Entry<Integer, String> e : schemasById.entrySet()) {
            String stored = get(registry, "/schemas/ids/" + e.getKey())
                    .json()
                    .get("schema")
                    .asText();
            assertThat(JSON.readTree(stored)).isEqualTo(JSON.readTree(e.getValue()));
        }
    }

    /** A level change must govern the very next registration. */
    @Test
    void levelChangeAppliesToTheImmediatelyFollowingRegistration() throws Exception {
        for (int i = 0; i < 8; i++) {
            String subject = subject();
            register(registry, subject, V1);
            put(registry, "/config/" + subject, "{\"compatibility\":\"FORWARD\"}");
            Response refused = register(registry, subject, WITHOUT_GOAL_ID);
            assertThat(refused.statusCode())
                    .as("round %d: %s", i, refused.body())
                    .isEqualTo(409);
        }
    }

    @Test
    void answersReadsWhileTheBrokerIsDownAndRegistersAfterItIsBack() throws Exception {
        String subject = subject();
        int id1 = register(registry, subject, V1).json().get("id").asInt();

        broker.stop();
        try {
            // Serializers and deserializers look schemas up while Kafka is down, too.
            assertThat(get(registry, "/schemas/ids/" + id1).statusCode()).isEqualTo(200);
            assertThat(get(registry, "/subjects/" + subject + "/versions/latest")
                            .json()
                            .get("id")
                            .asInt())
                    .isEqualTo(id1);
        } finally {
            broker.start();
        }

        Response afterRestart = register(registry, subject, V2_REGION_OPTIONAL);
        assertThat(afterRestart.statusCode()).as(afterRestart.body()).isEqualTo(200);
        assertThat(afterRestart.json().get("id").asInt()).isGreaterThan(id1);
        assertThat(versions(registry, subject)).isEqualTo("[1,2]");
    }

    @Test
    void subjectLevelOverridesGlobalAndChangesTheVerdict() throws Exception {
        try (EmbeddedSchemaRegistry own = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic("_schemas-config-" + UUID.randomUUID())
                .start()) {
            assertThat(get(own, "/config").json().get("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD");
            String subject = subject();
            register(own, subject, V1);

            // A new required field: old data lacks it (not BACKWARD), old readers ignore it (FORWARD).
            assertThat(isCompatible(own, subject, V2_REGION_WITHOUT_DEFAULT)).isFalse();
            assertThat(put(own, "/config", "{\"compatibility\":\"FORWARD\"}").statusCode())
                    .isEqualTo(200);
            assertThat(isCompatible(own, subject, V2_REGION_WITHOUT_DEFAULT)).isTrue();
            // Dropping the required goalId: new readers cope (BACKWARD), old readers cannot (not FORWARD).
            assertThat(isCompatible(own, subject, WITHOUT_GOAL_ID)).isFalse();

            assertThat(put(own, "/config/" + subject, "{\"compatibility\":\"full\"}")
                            .json()
                            .get("compatibility")
                            .asText())
                    .isEqualTo("FULL");
            assertThat(get(own, "/config/" + subject)
                            .json()
                            .get("compatibilityLevel")
                            .asText())
                    .isEqualTo("FULL");
            assertThat(isCompatible(own, subject, V2_REGION_WITHOUT_DEFAULT)).isFalse();
            assertThat(register(own, subject, V2_REGION_WITHOUT_DEFAULT).statusCode())
                    .isEqualTo(409);
            assertThat(register(own, subject, V2_REGION_OPTIONAL).statusCode()).isEqualTo(200);

            put(own, "/config/" + subject, "{\"compatibility\":\"NONE\"}");
            assertThat(register(own, subject, WITHOUT_GOAL_ID).statusCode()).isEqualTo(200);

            // Without its own level the subject follows the global one again.
            assertThat(delete(own, "/config/" + subject).statusCode()).isEqualTo(200);
            assertThat(get(own, "/config/" + subject).json().get("error_code").asInt())
                    .isEqualTo(40408);
            assertThat(get(own, "/config/" + subject + "?defaultToGlobal=true")
                            .json()
                            .get("compatibilityLevel")
                            .asText())
                    .isEqualTo("FORWARD");
            assertThat(get(own, "/config").json().get("compatibilityLevel").asText())
                    .isEqualTo("FORWARD");
        }
    }

    @Test
    void transitiveLevelChecksEveryVersionNotOnlyTheLatest() throws Exception {
        String subject = subject();
        String withDefault = record("{\"name\":\"goalId\",\"type\":\"string\"},"
                + "{\"name\":\"unit\",\"type\":\"string\",\"default\":\"yuan\"}");
        String withoutDefault =
                record("{\"name\":\"goalId\",\"type\":\"string\"},{\"name\":\"unit\",\"type\":\"string\"}");
        register(registry, subject, V1);
        register(registry, subject, withDefault);

        // Version 2 data always has "unit", so the default is not needed against it; version 1 data lacks it.
        assertThat(isCompatible(registry, subject, withoutDefault)).isTrue();
        Response level = put(registry, "/config/" + subject, "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        assertThat(level.statusCode()).as(level.body()).isEqualTo(200);
        Response transitive = register(registry, subject, withoutDefault);
        assertThat(transitive.statusCode()).as(transitive.body()).isEqualTo(409);
        assertThat(transitive.json().get("message").asText()).contains("unit").contains("version 1");
    }

    @Test
    void compatibilityEndpointAgainstOneVersionReportsMessages() throws Exception {
        String subject = subject();
        register(registry, subject, V1);

        JsonNode verdict = post(
                        registry,
                        "/compatibility/subjects/" + subject + "/versions/latest",
                        schemaBody(V2_REGION_WITHOUT_DEFAULT))
                .json();

        assertThat(verdict.get("is_compatible").asBoolean()).isFalse();
        assertThat(verdict.get("messages").toString()).contains("region");
        assertThat(post(registry, "/compatibility/subjects/" + subject + "/versions/1", schemaBody(V2_REGION_OPTIONAL))
                        .json()
                        .get("is_compatible")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void errorsCarryConfluentErrorCodes() throws Exception {
        String subject = subject();
        assertError(get(registry, "/subjects/" + subject + "/versions"), 404, 40401);
        register(registry, subject, V1);
        assertError(get(registry, "/subjects/" + subject + "/versions/7"), 404, 40402);
        assertError(get(registry, "/subjects/" + subject + "/versions/zero"), 422, 42202);
        assertError(get(registry, "/schemas/ids/987654"), 404, 40403);
        assertError(post(registry, "/subjects/" + subject, schemaBody(V2_REGION_OPTIONAL)), 404, 40403);
        assertError(
                register(registry, subject, "{\"type\":\"record\",\"name\":\"Broken\",\"fields\":[{\"name\":\"x\"}]}"),
                422,
                42201);
        assertError(
                post(
                        registry,
                        "/subjects/" + subject + "/versions",
                        "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"),
                422,
                42201);
        assertError(put(registry, "/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
    }

    @Test
    void unknownPathAnswers404Json() throws Exception {
        Response response = get(registry, "/no/such/endpoint");

        assertError(response, 404, 404);
        assertThat(response.contentType()).startsWith("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void modeIsReadWriteAndTypesAreAvroOnly() throws Exception {
        assertThat(get(registry, "/mode").json().get("mode").asText()).isEqualTo("READWRITE");
        assertThat(get(registry, "/schemas/types").body()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void softDeletedVersionDisappearsFromListingsButKeepsItsId() throws Exception {
        String subject = subject();
        int id1 = register(registry, subject, V1).json().get("id").asInt();
        register(registry, subject, V2_REGION_OPTIONAL);

        assertThat(delete(registry, "/subjects/" + subject + "/versions/1").body())
                .isEqualTo("1");

        assertThat(versions(registry, subject)).isEqualTo("[2]");
        assertThat(get(registry, "/subjects/" + subject + "/versions?deleted=true")
                        .body())
                .isEqualTo("[1,2]");
        assertThat(get(registry, "/schemas/ids/" + id1).statusCode()).isEqualTo(200);
        assertThat(delete(registry, "/subjects/" + subject).body()).isEqualTo("[2]");
        assertThat(get(registry, "/subjects").json())
                .extracting(JsonNode::asText)
                .doesNotContain(subject);
    }

    @Test
    void basicAuthIsEnforcedWhenConfigured() throws Exception {
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic("_schemas-auth-" + UUID.randomUUID())
                .basicAuth("ordos:s3cret")
                .start()) {
            Response anonymous = get(secured, "/subjects");
            assertError(anonymous, 401, 401);

            HttpRequest withCredentials = HttpRequest.newBuilder(URI.create(secured.url() + "/subjects"))
                    .header(
                            "Authorization",
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString("ordos:s3cret".getBytes(StandardCharsets.UTF_8)))
                    .GET()
                    .build();
            assertThat(send(withCredentials).statusCode()).isEqualTo(200);
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    record Response(int statusCode, String body, String contentType) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"city.ordos.plan.test\",\"fields\":[" + fields
                + "]}";
    }

    private static String subject() {
        return "probe-" + UUID.randomUUID() + "-value";
    }

    private static String schemaBody(String schema) throws IOException {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static Response register(EmbeddedSchemaRegistry r, String subject, String schema) throws Exception {
        return post(r, "/subjects/" + subject + "/versions", schemaBody(schema));
    }

    private static boolean isCompatible(EmbeddedSchemaRegistry r, String subject, String schema) throws Exception {
        Response response = post(r, "/compatibility/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.json().get("is_compatible").asBoolean();
    }

    private static String versions(EmbeddedSchemaRegistry r, String subject) throws Exception {
        return get(r, "/subjects/" + subject + "/versions").body();
    }

    private static void assertError(Response response, int status, int errorCode) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error_code").asInt())
                .as(response.body())
                .isEqualTo(errorCode);
        assertThat(response.json().get("message").asText()).isNotBlank();
    }

    private static Response get(EmbeddedSchemaRegistry r, String path) throws Exception {
        return send(request(r, path).GET().build());
    }

    private static Response delete(EmbeddedSchemaRegistry r, String path) throws Exception {
        return send(request(r, path).DELETE().build());
    }

    private static Response post(EmbeddedSchemaRegistry r, String path, String body) throws Exception {
        return send(
                request(r, path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Response put(EmbeddedSchemaRegistry r, String path, String body) throws Exception {
        return send(
                request(r, path).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpRequest.Builder request(EmbeddedSchemaRegistry r, String path) {
        return HttpRequest.newBuilder(URI.create(r.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
    }

    private static Response send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Content-Type").orElse(""));
    }
}
