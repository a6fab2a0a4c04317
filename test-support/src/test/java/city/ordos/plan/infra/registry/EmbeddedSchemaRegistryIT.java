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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
        registry = open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers()));
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
        assertThat(refused.json().get("error_code").asInt()).isEqualTo(40901);
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
        registry = open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers()));

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
        try (EmbeddedSchemaRegistry own = open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic("_schemas-config-" + UUID.randomUUID()))) {
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
                        "/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
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

    @Test
    void registrationIsAnsweredWithIdVersionAndTheStoredSchemaAsConfluent8Does() throws Exception {
        String subject = subject();

        JsonNode first = register(registry, subject, V1).json();
        JsonNode second = register(registry, subject, V2_REGION_OPTIONAL).json();

        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("id").asInt()).isGreaterThan(first.get("id").asInt());
        assertThat(second.get("schemaType").asText()).isEqualTo("AVRO");
        assertThat(JSON.readTree(second.get("schema").asText())).isEqualTo(JSON.readTree(V2_REGION_OPTIONAL));
        assertThat(register(registry, subject, V1).json().get("version").asInt())
                .as("an already registered schema answers its own version")
                .isEqualTo(1);
    }

    @Test
    void byDefaultEveryChangeIsRefusedWhileReadsWork() throws Exception {
        try (EmbeddedSchemaRegistry readOnly = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic("_schemas-default-" + UUID.randomUUID())
                .start()) {
            assertError(register(readOnly, subject(), V1), 403, 40301);
            assertError(put(readOnly, "/config", "{\"compatibility\":\"NONE\"}"), 403, 40301);
            assertError(delete(readOnly, "/subjects/" + subject()), 403, 40301);
            assertThat(get(readOnly, "/subjects").body()).isEqualTo("[]");
            assertThat(get(readOnly, "/config").json().get("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD");
        }
    }

    @Test
    void withWriteCredentialsChangesNeedThemButReadsLookupsAndReRegistrationsDoNot() throws Exception {
        try (EmbeddedSchemaRegistry guarded = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic("_schemas-writers-" + UUID.randomUUID())
                .access(RegistryAccess.writeCredentials("deployer:s3cret"))
                .start()) {
            String subject = subject();
            Response anonymous = register(guarded, subject, V1);
            assertError(anonymous, 401, 401);
            assertThat(anonymous.wwwAuthenticate()).startsWith("Basic");
            assertError(register(guarded, subject, V1, "deployer:wrong"), 401, 401);

            Response registered = register(guarded, subject, V1, "deployer:s3cret");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            int id = registered.json().get("id").asInt();

            // What a producer with Confluent's default auto.register.schemas=true sends: it changes nothing.
            Response again = register(guarded, subject, V1);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("id").asInt()).isEqualTo(id);
            assertThat(post(guarded, "/subjects/" + subject, schemaBody(V1)).statusCode())
                    .isEqualTo(200);
            assertThat(isCompatible(guarded, subject, V2_REGION_OPTIONAL)).isTrue();
            assertError(register(guarded, subject, V2_REGION_OPTIONAL), 401, 401);
            assertError(put(guarded, "/config/" + subject, "{\"compatibility\":\"NONE\"}"), 401, 401);
            assertError(put(guarded, "/mode", "{\"mode\":\"READONLY\"}"), 401, 401);
            assertError(delete(guarded, "/subjects/" + subject), 401, 401);
            assertThat(versions(guarded, subject)).isEqualTo("[1]");
        }
    }

    @Test
    void dataContractFieldsAreRefusedNeverAcceptedAndDropped() throws Exception {
        String subject = subject();
        String withMetadata = JSON.createObjectNode()
                .put("schema", V1)
                .set("metadata", JSON.readTree("{\"properties\":{\"owner\":\"dept-7\"}}"))
                .toString();
        String withEncryptionRule = JSON.createObjectNode()
                .put("schema", V1)
                .set(
                        "ruleSet",
                        JSON.readTree("{\"domainRules\":[{\"name\":\"encrypt-pii\",\"kind\":\"TRANSFORM\","
                                + "\"type\":\"ENCRYPT\",\"mode\":\"WRITEREAD\",\"tags\":[\"PII\"]}]}"))
                .toString();

        Response metadata = post(registry, "/subjects/" + subject + "/versions", withMetadata);
        Response ruleSet = post(registry, "/subjects/" + subject + "/versions", withEncryptionRule);
        Response defaultRules = put(
                registry,
                "/config/" + subject,
                "{\"defaultRuleSet\":{\"domainRules\":[{\"name\":\"r\",\"type\":\"CEL\",\"expr\":\"true\"}]}}");

        assertError(metadata, 422, 422);
        assertThat(metadata.json().get("message").asText()).contains("metadata");
        assertError(ruleSet, 422, 422);
        assertThat(ruleSet.json().get("message").asText()).contains("ruleSet");
        assertError(defaultRules, 422, 422);
        assertThat(defaultRules.json().get("message").asText()).contains("defaultRuleSet");
        assertError(get(registry, "/subjects/" + subject + "/versions"), 404, 40401);
        assertError(get(registry, "/config/" + subject), 404, 40408);
    }

    @Test
    void normalizeIsStoredReturnedAndMakesReorderedPropertiesOneSchema() throws Exception {
        String normalized = subject();
        String plain = subject();
        String propsAb = "{\"type\":\"record\",\"name\":\"Tagged\",\"namespace\":\"city.ordos.plan.test\","
                + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}],\"owner\":\"dept-7\",\"tier\":\"gold\"}";
        String propsBa = "{\"type\":\"record\",\"name\":\"Tagged\",\"namespace\":\"city.ordos.plan.test\","
                + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}],\"tier\":\"gold\",\"owner\":\"dept-7\"}";

        JsonNode set =
                put(registry, "/config/" + normalized, "{\"normalize\":true}").json();
        JsonNode levelToo = put(registry, "/config/" + normalized, "{\"compatibility\":\"FULL\"}")
                .json();

        assertThat(set.get("normalize").asBoolean()).isTrue();
        assertThat(levelToo.get("compatibility").asText()).isEqualTo("FULL");
        assertThat(levelToo.get("normalize").asBoolean())
                .as("a partial update keeps normalize")
                .isTrue();
        JsonNode stored = get(registry, "/config/" + normalized).json();
        assertThat(stored.get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(stored.get("normalize").asBoolean()).isTrue();

        register(registry, normalized, propsAb);
        assertThat(register(registry, normalized, propsBa).json().get("version").asInt())
                .isEqualTo(1);
        register(registry, plain, propsAb);
        assertThat(register(registry, plain, propsBa).json().get("version").asInt())
                .isEqualTo(2);
        assertThat(post(registry, "/subjects/" + plain + "/versions?normalize=true", schemaBody(propsBa))
                        .json()
                        .get("version")
                        .asInt())
                .as("normalize=true on the request, no new version")
                .isEqualTo(3);
    }

    @Test
    void deletingTheGlobalConfigFallsBackToTheDefault() throws Exception {
        try (EmbeddedSchemaRegistry own = open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic("_schemas-global-" + UUID.randomUUID()))) {
            put(own, "/config", "{\"compatibility\":\"FULL_TRANSITIVE\"}");

            Response deleted = delete(own, "/config");

            assertThat(deleted.json().get("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
            assertThat(get(own, "/config").json().get("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD");
            assertError(delete(own, "/config/" + subject()), 404, 40401);
        }
    }

    @Test
    void listingsSeparateLiveSoftDeletedAndDeletedOnly() throws Exception {
        String prefix = "listing-" + UUID.randomUUID() + "-";
        String kept = prefix + "kept-value";
        String gone = prefix + "gone-value";
        register(registry, kept, V1);
        register(registry, kept, V2_REGION_OPTIONAL);
        register(registry, gone, V1);
        delete(registry, "/subjects/" + kept + "/versions/1");
        delete(registry, "/subjects/" + gone);

        assertThat(get(registry, "/subjects?subjectPrefix=" + prefix).body()).isEqualTo("[\"" + kept + "\"]");
        assertThat(get(registry, "/subjects?deleted=true&subjectPrefix=" + prefix)
                        .json())
                .extracting(JsonNode::asText)
                .containsExactly(gone, kept);
        assertThat(get(registry, "/subjects?deletedOnly=true&subjectPrefix=" + prefix)
                        .body())
                .isEqualTo("[\"" + gone + "\"]");
        assertThat(get(registry, "/subjects/" + kept + "/versions?deletedOnly=true")
                        .body())
                .isEqualTo("[1]");
        JsonNode all = get(registry, "/schemas?subjectPrefix=" + prefix + "&deleted=true")
                .json();
        assertThat(all)
                .extracting(
                        v -> v.get("subject").asText() + "/" + v.get("version").asInt())
                .containsExactly(gone + "/1", kept + "/1", kept + "/2");
        JsonNode latest = get(registry, "/schemas?subjectPrefix=" + prefix + "&latestOnly=true")
                .json();
        assertThat(latest)
                .extracting(
                        v -> v.get("subject").asText() + "/" + v.get("version").asInt())
                .containsExactly(kept + "/2");
    }

    @Test
    void importModeTakesExplicitIdsAndVersionsAndReadOnlyRefusesChanges() throws Exception {
        try (EmbeddedSchemaRegistry target = open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic("_schemas-import-" + UUID.randomUUID()))) {
            String subject = subject();
            String imported = JSON.createObjectNode()
                    .put("schema", V1)
                    .put("id", 100)
                    .put("version", 3)
                    .toString();
            assertError(post(target, "/subjects/" + subject + "/versions", imported), 422, 42205);
            assertError(put(target, "/mode", "{\"mode\":\"SIDEWAYS\"}"), 422, 42204);

            assertThat(put(target, "/mode", "{\"mode\":\"IMPORT\"}")
                            .json()
                            .get("mode")
                            .asText())
                    .isEqualTo("IMPORT");
            Response done = post(target, "/subjects/" + subject + "/versions", imported);
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(done.json().get("id").asInt()).isEqualTo(100);
            assertThat(done.json().get("version").asInt()).isEqualTo(3);
            assertError(register(target, subject(), V2_REGION_OPTIONAL), 422, 42205);
            String clash = JSON.createObjectNode()
                    .put("schema", WITHOUT_GOAL_ID)
                    .put("id", 100)
                    .toString();
            assertError(post(target, "/subjects/" + subject() + "/versions", clash), 422, 42205);

            put(target, "/mode", "{\"mode\":\"READWRITE\"}");
            JsonNode next = register(target, subject, V2_REGION_OPTIONAL).json();
            assertThat(next.get("id").asInt()).isEqualTo(101);
            assertThat(next.get("version").asInt()).isEqualTo(4);

            put(target, "/mode/" + subject, "{\"mode\":\"READONLY\"}");
            assertError(register(target, subject, WITHOUT_GOAL_ID), 422, 42205);
            assertError(delete(target, "/subjects/" + subject), 422, 42205);
            assertThat(get(target, "/schemas/ids/100").statusCode()).isEqualTo(200);
            assertThat(delete(target, "/mode/" + subject).json().get("mode").asText())
                    .isEqualTo("READONLY");
            assertError(get(target, "/mode/" + subject), 404, 40409);
        }
    }

    @Test
    void referencesResolveAcrossSubjectsAndProtectWhatTheyReference() throws Exception {
        String money = "money-" + UUID.randomUUID();
        String report = subject();
        String moneySchema =
                "{\"type\":\"fixed\",\"name\":\"Money\",\"namespace\":\"city.ordos.plan.test\",\"size\":16}";
        String reportSchema = "{\"type\":\"record\",\"name\":\"Report\",\"namespace\":\"city.ordos.plan.test\","
                + "\"fields\":[{\"name\":\"amount\",\"type\":\"Money\"}]}";
        register(registry, money, moneySchema);
        String body = JSON.createObjectNode()
                .put("schema", reportSchema)
                .set(
                        "references",
                        JSON.readTree("[{\"name\":\"city.ordos.plan.test.Money\",\"subject\":\"" + money
                                + "\",\"version\":1}]"))
                .toString();

        Response registered = post(registry, "/subjects/" + report + "/versions", body);

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        int id = registered.json().get("id").asInt();
        JsonNode version = get(registry, "/subjects/" + report + "/versions/1").json();
        assertThat(version.get("references").get(0).get("subject").asText()).isEqualTo(money);
        assertThat(get(registry, "/subjects/" + money + "/versions/1/referencedby")
                        .body())
                .isEqualTo("[" + id + "]");
        assertThat(get(registry, "/schemas/ids/" + id + "?format=resolved")
                        .json()
                        .get("schema")
                        .asText())
                .contains("\"size\":16");
        assertError(delete(registry, "/subjects/" + money + "/versions/1"), 422, 42206);
        assertError(
                post(registry, "/subjects/" + subject() + "/versions", body.replace("\"version\":1", "\"version\":9")),
                422,
                42201);
    }

    @Test
    void theStorageTopicHoldsOnlyRecordTypesConfluentsRegistryReads() throws Exception {
        String topic = "_schemas-format-" + UUID.randomUUID();
        try (EmbeddedSchemaRegistry own =
                open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).topic(topic))) {
            String subject = subject();
            register(own, subject, V1);
            put(own, "/config", "{\"compatibility\":\"FULL\"}");
            put(own, "/mode/" + subject, "{\"mode\":\"READWRITE\"}");
            delete(own, "/subjects/" + subject);
        }

        Map<String, String> records = rawRecords(topic);

        assertThat(records.keySet())
                .extracting(key -> JSON.readTree(key).get("keytype").asText())
                .containsOnly("SCHEMA", "CONFIG", "MODE");
        assertThat(records).containsEntry("{\"keytype\":\"CONFIG\",\"magic\":0}", "{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void aTopicInTheFirstFormatIsConvertedOnceKeepingIdsVersionsAndConfigs() throws Exception {
        String topic = "_schemas-legacy-" + UUID.randomUUID();
        String one = JSON.writeValueAsString(JSON.readTree(V1).toString());
        String two = JSON.writeValueAsString(JSON.readTree(V2_REGION_OPTIONAL).toString());
        // Records exactly as this registry's first format wrote them.
        writeRaw(
                topic,
                List.of(
                        Map.entry(
                                "{\"keytype\":\"SCHEMA_ID\",\"id\":7,\"magic\":0}",
                                "{\"id\":7,\"schema\":" + one + "}"),
                        Map.entry(
                                "{\"keytype\":\"SCHEMA\",\"subject\":\"a-value\",\"version\":1,\"magic\":1}",
                                "{\"subject\":\"a-value\",\"version\":1,\"id\":7,\"schema\":" + one
                                        + ",\"deleted\":false}"),
                        Map.entry(
                                "{\"keytype\":\"SCHEMA_ID\",\"id\":9,\"magic\":0}",
                                "{\"id\":9,\"schema\":" + two + "}"),
                        Map.entry(
                                "{\"keytype\":\"SCHEMA\",\"subject\":\"a-value\",\"version\":2,\"magic\":1}",
                                "{\"subject\":\"a-value\",\"version\":2,\"id\":9,\"schema\":" + two
                                        + ",\"deleted\":true}"),
                        Map.entry(
                                "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}",
                                "{\"compatibilityLevel\":\"FULL\"}"),
                        Map.entry(
                                "{\"keytype\":\"CONFIG\",\"subject\":\"a-value\",\"magic\":0}",
                                "{\"compatibilityLevel\":\"NONE\"}")));

        for (int start = 1; start <= 2; start++) {
            try (EmbeddedSchemaRegistry converted = open(
                    EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).topic(topic))) {
                assertThat(get(converted, "/subjects/a-value/versions?deleted=true")
                                .body())
                        .as("start %d", start)
                        .isEqualTo("[1,2]");
                assertThat(versions(converted, "a-value")).isEqualTo("[1]");
                assertThat(get(converted, "/subjects/a-value/versions/1")
                                .json()
                                .get("id")
                                .asInt())
                        .isEqualTo(7);
                assertThat(get(converted, "/schemas/ids/9").statusCode()).isEqualTo(200);
                assertThat(get(converted, "/config")
                                .json()
                                .get("compatibilityLevel")
                                .asText())
                        .isEqualTo("FULL");
                assertThat(get(converted, "/config/a-value")
                                .json()
                                .get("compatibilityLevel")
                                .asText())
                        .isEqualTo("NONE");
            }
            assertThat(rawRecords(topic).keySet())
                    .extracting(key -> JSON.readTree(key).get("keytype").asText())
                    .containsOnly("SCHEMA", "CONFIG");
            assertThat(topicNames()).doesNotContain(LegacyFormatConversion.stagingTopic(topic));
        }
        try (EmbeddedSchemaRegistry converted =
                open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).topic(topic))) {
            assertThat(register(converted, subject(), WITHOUT_GOAL_ID)
                            .json()
                            .get("id")
                            .asInt())
                    .isEqualTo(10);
        }
    }

    @Test
    void anInterruptedConversionIsFinishedFromItsStagingTopic() throws Exception {
        String topic = "_schemas-interrupted-" + UUID.randomUUID();
        String one = JSON.writeValueAsString(JSON.readTree(V1).toString());
        // Crashed after staging the converted records and deleting the topic.
        writeRaw(
                LegacyFormatConversion.stagingTopic(topic),
                List.of(Map.entry(
                        "{\"keytype\":\"SCHEMA\",\"subject\":\"b-value\",\"version\":1,\"magic\":1}",
                        "{\"subject\":\"b-value\",\"version\":1,\"id\":3,\"schemaType\":\"AVRO\",\"schema\":" + one
                                + ",\"deleted\":false}")));

        try (EmbeddedSchemaRegistry resumed =
                open(EmbeddedSchemaRegistry.builder(broker.bootstrapServers()).topic(topic))) {
            assertThat(get(resumed, "/subjects/b-value/versions/1")
                            .json()
                            .get("id")
                            .asInt())
                    .isEqualTo(3);
        }
        assertThat(topicNames()).contains(topic).doesNotContain(LegacyFormatConversion.stagingTopic(topic));
    }

    private static EmbeddedSchemaRegistry open(EmbeddedSchemaRegistry.Builder builder) {
        return builder.access(RegistryAccess.open()).start();
    }

    // --- helpers --------------------------------------------------------------------------------

    record Response(int statusCode, String body, String contentType, String wwwAuthenticate) {
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

    private static Response register(EmbeddedSchemaRegistry r, String subject, String schema, String userInfo)
            throws Exception {
        return send(request(r, "/subjects/" + subject + "/versions")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(schemaBody(schema)))
                .build());
    }

    private static void writeRaw(String topic, List<Map.Entry<String, String>> records) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
                KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get();
            for (Map.Entry<String, String> record : records) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()))
                        .get();
            }
        }
    }

    private static Map<String, String> rawRecords(String topic) {
        return StorageTopicReader.latestPerKey(broker.bootstrapServers(), topic, "read_committed");
    }

    private static Set<String> topicNames() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }

    private static boolean isCompatible(EmbeddedSchemaRegistry r, String subject, String schema) throws Exception {
        Response response =
                post(r, "/compatibility/subjects/" + subject + "/versions?verbose=true", schemaBody(schema));
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
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("WWW-Authenticate").orElse(""));
    }
}
