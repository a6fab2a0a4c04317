package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpSchemaRegistryClientTest {

    private static final String SECRET = "s3cr3t-Pa55";
    private static final Schema READING = SchemaBuilder.record("Reading")
            .namespace("t")
            .fields()
            .requiredString("source")
            .endRecord();

    private final ObjectMapper json = new ObjectMapper();
    private StubRegistryServer stub;

    @BeforeEach
    void start() throws IOException {
        stub = new StubRegistryServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Map<String, Object> config(Object... keyValues) {
        Map<String, Object> c = new HashMap<>();
        c.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stub.url());
        c.put(AvroSerdeConfig.RETRIES_WAIT_MS, 1);
        c.put(AvroSerdeConfig.RETRIES_MAX_WAIT_MS, 5);
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put((String) keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    private HttpSchemaRegistryClient client(Object... keyValues) {
        return new HttpSchemaRegistryClient(new AvroSerdeConfig(config(keyValues)));
    }

    @Test
    void registerPostsTheSchemaTextAndCachesTheId() throws IOException {
        stub.answer(200, "{\"id\":42}");
        HttpSchemaRegistryClient client = client();

        assertThat(client.register("readings-value", READING)).isEqualTo(42);
        assertThat(client.register("readings-value", READING)).isEqualTo(42);
        assertThat(client.getById(42)).isEqualTo(READING);

        assertThat(stub.requests()).hasSize(1);
        StubRegistryServer.Request request = stub.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/subjects/readings-value/versions");
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(json.readTree(request.body()).get("schema").asText()).isEqualTo(READING.toString());
    }

    @Test
    void lookupFetchByIdAndLatestParseTheRegistryAnswers() {
        String schemaJson =
                json.createObjectNode().put("schema", READING.toString()).toString();
        stub.answer(
                200,
                "{\"subject\":\"r\",\"version\":3,\"id\":7,\"schema\":" + json.valueToTree(READING.toString()) + "}");
        HttpSchemaRegistryClient client = client();

        assertThat(client.lookup("r", READING)).isEqualTo(new RegisteredSchema("r", 3, 7, READING));
        assertThat(client.getLatest("r")).isEqualTo(new RegisteredSchema("r", 3, 7, READING));
        assertThat(stub.requests().get(0).pathAndQuery()).isEqualTo("/subjects/r?deleted=false");
        assertThat(stub.requests().get(1).pathAndQuery()).isEqualTo("/subjects/r/versions/latest");
        assertThat(schemaJson).contains("Reading");
    }

    @Test
    void versionsSubjectsCompatibilityAndConfigUseConfluentPaths() throws IOException {
        HttpSchemaRegistryClient client = client();

        stub.answer(200, "[1,2,3]");
        assertThat(client.getVersions("a b")).containsExactly(1, 2, 3);
        assertThat(stub.requests().get(0).pathAndQuery()).isEqualTo("/subjects/a%20b/versions");

        stub.close();
        stub = new StubRegistryServer();
        client = client();
        stub.answer(200, "{\"is_compatible\":false,\"messages\":[\"reader field 'x' has no default\"]}");
        CompatibilityResult check = client.testCompatibility("r", READING);
        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).containsExactly("reader field 'x' has no default");
        assertThat(stub.requests().get(0).pathAndQuery()).isEqualTo("/compatibility/subjects/r/versions?verbose=true");

        stub.close();
        stub = new StubRegistryServer();
        client = client();
        stub.answer(200, "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}").answer(200, "{\"compatibility\":\"NONE\"}");
        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        client.setCompatibility("r", CompatibilityLevel.NONE);
        assertThat(stub.requests().get(0).pathAndQuery()).isEqualTo("/config");
        assertThat(stub.requests().get(1).method()).isEqualTo("PUT");
        assertThat(stub.requests().get(1).pathAndQuery()).isEqualTo("/config/r");
        assertThat(json.readTree(stub.requests().get(1).body())
                        .get("compatibility")
                        .asText())
                .isEqualTo("NONE");
    }

    @Test
    void compatibilityAgainstAnUnknownSubjectIsCompatible() {
        stub.answer(404, "{\"error_code\":40401,\"message\":\"Subject 'r' not found.\"}");

        assertThat(client().testCompatibility("r", READING).compatible()).isTrue();
    }

    @Test
    void retriesWithBackoffOn429And503ThenSucceeds() {
        stub.answer(429, "{\"error_code\":429,\"message\":\"Too many requests\"}")
                .answer(503, "<html>Service Unavailable</html>")
                .answer(503, "{\"error_code\":50003,\"message\":\"Error while forwarding the request to the leader\"}")
                .answer(200, "{\"id\":5}");

        assertThat(client(AvroSerdeConfig.MAX_RETRIES, 3).register("r", READING))
                .isEqualTo(5);
        assertThat(stub.requests()).hasSize(4);
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheLastStatus() {
        stub.answer(503, "{\"error_code\":50003,\"message\":\"leader unavailable\"}");

        assertThatThrownBy(() -> client(AvroSerdeConfig.MAX_RETRIES, 2).register("r", READING))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("leader unavailable")
                .hasMessageContaining("gave up after 3 attempts")
                .satisfies(e -> {
                    assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(503);
                    assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(50003);
                });
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void http409IsIncompatibleAndNotRetried() {
        stub.answer(
                409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier"
                        + " schema; reader field 'meterSerial' has no default\"}");

        assertThatThrownBy(() -> client().register("r", READING))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("meterSerial")
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void errorCode40901IsIncompatibleWhateverTheStatus() {
        stub.answer(422, "{\"error_code\":40901,\"message\":\"incompatible\"}");

        assertThatThrownBy(() -> client().register("r", READING))
                .isInstanceOf(IncompatibleSchemaException.class)
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40901));
    }

    @Test
    void unknownSubjectIsSchemaNotFound() {
        stub.answer(404, "{\"error_code\":40401,\"message\":\"Subject 'r' not found.\"}");

        assertThatThrownBy(() -> client().getLatest("r"))
                .isInstanceOf(SchemaNotFoundException.class)
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void connectionFailureFailsOverToTheNextUrl() throws IOException {
        String deadUrl;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadUrl = "http://127.0.0.1:" + socket.getLocalPort();
        }
        stub.answer(200, "{\"id\":9}");
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                new AvroSerdeConfig(config(AvroSerdeConfig.SCHEMA_REGISTRY_URL, deadUrl + "," + stub.url())));

        assertThat(client.register("r", READING)).isEqualTo(9);
    }

    @Test
    void unreachableRegistryFailsWithNoResponseAfterRetries() throws IOException {
        String deadUrl;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadUrl = "http://127.0.0.1:" + socket.getLocalPort();
        }
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(new AvroSerdeConfig(
                config(AvroSerdeConfig.SCHEMA_REGISTRY_URL, deadUrl, AvroSerdeConfig.MAX_RETRIES, 1)));

        assertThatThrownBy(() -> client.getById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("gave up after 2 attempts")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                        .isEqualTo(SchemaRegistryException.NO_RESPONSE));
    }

    @Test
    void basicAuthFromUserInfoIsSentButNeverLoggedNorPrinted() {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            stub.answer(503, "{\"error_code\":50003,\"message\":\"busy\"}").answer(200, "{\"id\":3}");
            HttpSchemaRegistryClient client = client(
                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                    "USER_INFO",
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                    "ordos:" + SECRET);

            client.register("r", READING);

            String expected =
                    "Basic " + Base64.getEncoder().encodeToString(("ordos:" + SECRET).getBytes(StandardCharsets.UTF_8));
            assertThat(stub.requests())
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(expected));
            assertThat(logs.list).isNotEmpty();
            assertThat(logs.list)
                    .allSatisfy(event -> assertThat(event.getFormattedMessage())
                            .doesNotContain(SECRET)
                            .doesNotContain(expected.substring(6)));
            assertThat(client.toString()).doesNotContain(SECRET).doesNotContain(expected.substring(6));
            assertThat(new AvroSerdeConfig(config(
                                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                                    "USER_INFO",
                                    AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                                    "ordos:" + SECRET))
                            .toString())
                    .doesNotContain(SECRET);
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void basicAuthFromTheUrlIsSentAsAHeaderAndStrippedFromTheUrl() {
        stub.answer(200, "{\"id\":3}");
        String urlWithUser = stub.url().replace("http://", "http://ordos:" + SECRET + "@");
        HttpSchemaRegistryClient client = client(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, urlWithUser, AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL");

        client.register("r", READING);

        assertThat(stub.requests().get(0).header("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString(("ordos:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(client.toString()).doesNotContain(SECRET).doesNotContain("ordos:");
    }

    @Test
    void failedRequestMessagesDoNotLeakCredentials() {
        stub.answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        HttpSchemaRegistryClient client = client(
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                "ordos:" + SECRET);

        assertThatThrownBy(() -> client.register("r", READING))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain(SECRET).contains("401"));
    }
}
