package city.ordos.plan.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.infra.testing.ConfluentNode;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded registry as users meet it: Confluent's own Node client
 * ({@code @confluentinc/schemaregistry}) exercising every call it offers for Avro, plus, through
 * its HTTP layer, the endpoints it has no method for (modes, {@code GET /schemas}, {@code DELETE
 * /config}, {@code deletedOnly}, {@code referencedby}). The expected values are the answers and
 * error codes Confluent's registry documents; ids are those a fresh registry hands out (1, 2, ...).
 *
 * <p>One scenario, one node process: {@link #runTheScenario()} runs every call in order, each test
 * checks its part. The registry under test asks for credentials for changes (as the one-command
 * run's does); a second one is in the default configuration, which refuses every change.
 */
class ConfluentClientConformanceIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRITER = "writer";
    private static final String ANONYMOUS = "anonymous";
    private static final String DEFAULT_CONFIGURATION = "default-configuration";
    private static final String CREDENTIALS = "deployer:" + UUID.randomUUID();

    private static final String READING_V1 = record("Reading", "{\"name\":\"sourceId\",\"type\":\"string\"}");
    private static final String READING_V2 = record(
            "Reading",
            "{\"name\":\"sourceId\",\"type\":\"string\"},"
                    + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}");
    private static final String READING_V3 = record(
            "Reading",
            "{\"name\":\"sourceId\",\"type\":\"string\"},"
                    + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
                    + "{\"name\":\"county\",\"type\":[\"null\",\"string\"],\"default\":null}");
    private static final String READING_NEW_REQUIRED =
            record("Reading", "{\"name\":\"sourceId\",\"type\":\"string\"},{\"name\":\"region\",\"type\":\"string\"}");
    private static final String IMPORTED_V1 = record("Imported", "{\"name\":\"x\",\"type\":\"int\"}");
    private static final String IMPORTED_V2 = record(
            "Imported",
            "{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"y\",\"type\":[\"null\",\"int\"],\"default\":null}");
    private static final String MONEY =
            record("Money", "{\"name\":\"amount\",\"type\":\"string\"},{\"name\":\"unit\",\"type\":\"string\"}");
    private static final String REPORT = record(
            "Report",
            "{\"name\":\"sourceId\",\"type\":\"string\"},{\"name\":\"completed\",\"type\":\"city.ordos.plan.test.Money\"}");

    private static EmbeddedSchemaRegistry registry;
    private static EmbeddedSchemaRegistry defaultConfiguration;
    private static ConfluentNode node;
    private static final Map<String, Integer> op = new HashMap<>();

    @BeforeAll
    static void runTheScenario() throws Exception {
        registry = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .topic("_schemas-conformance-" + UUID.randomUUID())
                .access(RegistryAccess.writeCredentials(CREDENTIALS))
                .start();
        defaultConfiguration = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .topic("_schemas-default-" + UUID.randomUUID())
                .start();
        node = new ConfluentNode(registry.url())
                .client(WRITER, null, CREDENTIALS)
                .client(ANONYMOUS, null, null)
                .client(DEFAULT_CONFIGURATION, defaultConfiguration.url(), null);

        // Registration, ids and versions.
        call("register v1", WRITER, "registerFullResponse", "readings-value", avro(READING_V1));
        call("register v2", WRITER, "registerFullResponse", "readings-value", avro(READING_V2));
        call("re-register v1 without credentials", ANONYMOUS, "register", "readings-value", avro(READING_V1));
        call("register incompatible", WRITER, "register", "readings-value", avro(READING_NEW_REQUIRED));
        call("register new version without credentials", ANONYMOUS, "register", "readings-value", avro(READING_V3));
        call(
                "register in default configuration",
                DEFAULT_CONFIGURATION,
                "register",
                "readings-value",
                avro(READING_V1));

        // Lookups.
        call("latest", WRITER, "getLatestSchemaMetadata", "readings-value");
        call("version 1", WRITER, "getSchemaMetadata", "readings-value", 1);
        call("all versions", WRITER, "getAllVersions", "readings-value");
        call("version of v1", WRITER, "getVersion", "readings-value", avro(READING_V1));
        call("id of v2", WRITER, "getId", "readings-value", avro(READING_V2));
        call("id of unregistered", WRITER, "getIdFullResponse", "readings-value", avro(READING_NEW_REQUIRED));
        call("id in unknown subject", WRITER, "getIdFullResponse", "nobody-value", avro(READING_V1));
        call("schema by id", WRITER, "getBySubjectAndId", "readings-value", 2);
        call("unknown version", WRITER, "getSchemaMetadata", "readings-value", 7);
        call("all subjects", WRITER, "getAllSubjects");
        call("by guid", WRITER, "getByGuid", "0bd2c5f4-6e71-4a7d-9a44-4c5c2a0c6a11");
        call("latest with metadata", WRITER, "getLatestWithMetadata", "readings-value", Map.of("owner", "dept-7"));
        call(
                "associations of a topic",
                WRITER,
                "getAssociationsByResourceName",
                "readings",
                "lkc-1",
                "topic",
                List.of("value"),
                null,
                0,
                -1);

        // Compatibility.
        call("check incompatible", WRITER, "testSubjectCompatibility", "readings-value", avro(READING_NEW_REQUIRED));
        call("check compatible", ANONYMOUS, "testSubjectCompatibility", "readings-value", avro(READING_V3));
        call("check against version 1", WRITER, "testCompatibility", "readings-value", 1, avro(READING_NEW_REQUIRED));
        call("check against unknown version", WRITER, "testCompatibility", "readings-value", 9, avro(READING_V3));

        // Config.
        call("default level", WRITER, "getDefaultCompatibility");
        call("subject level unset", WRITER, "getCompatibility", "readings-value");
        call("set subject level", WRITER, "updateCompatibility", "readings-value", "FULL");
        call("subject level", WRITER, "getCompatibility", "readings-value");
        call("set normalize", WRITER, "updateConfig", "readings-value", Map.of("normalize", true));
        call("subject config", WRITER, "getConfig", "readings-value");
        call(
                "set rule-set default",
                WRITER,
                "updateConfig",
                "readings-value",
                Map.of("defaultRuleSet", Map.of("domainRules", List.of(encryptRule()))));
        call("set level without credentials", ANONYMOUS, "updateCompatibility", "readings-value", "NONE");
        call("set default level", WRITER, "updateDefaultCompatibility", "FORWARD");
        call("set default normalize", WRITER, "updateDefaultConfig", Map.of("normalize", false));
        call("default config", WRITER, "getDefaultConfig");
        rest("delete default config", WRITER, "DELETE", "/config", null);
        call("default level after delete", WRITER, "getDefaultCompatibility");

        // Data contracts are refused, never stored without their rules.
        call(
                "register with metadata",
                WRITER,
                "registerFullResponse",
                "contracts-value",
                Map.of("schema", READING_V1, "metadata", Map.of("properties", Map.of("owner", "dept-7"))));
        call(
                "register with encryption rule",
                WRITER,
                "registerFullResponse",
                "contracts-value",
                Map.of("schema", READING_V1, "ruleSet", Map.of("domainRules", List.of(encryptRule()))));
        call("contracts subject", WRITER, "getAllVersions", "contracts-value");

        // Modes, IMPORT with explicit ids.
        rest("global mode", WRITER, "GET", "/mode", null);
        rest("set read-only", WRITER, "PUT", "/mode/readings-value", Map.of("mode", "READONLY"));
        call("register while read-only", WRITER, "registerFullResponse", "readings-value", avro(READING_V3));
        rest("subject mode", WRITER, "GET", "/mode/readings-value", null);
        rest("delete subject mode", WRITER, "DELETE", "/mode/readings-value", null);
        rest("subject mode unset", WRITER, "GET", "/mode/readings-value", null);
        rest("set mode without credentials", ANONYMOUS, "PUT", "/mode", Map.of("mode", "READONLY"));
        rest("set unknown mode", WRITER, "PUT", "/mode", Map.of("mode", "SIDEWAYS"));
        rest("set import", WRITER, "PUT", "/mode/imported-value", Map.of("mode", "IMPORT"));
        call(
                "import with id",
                WRITER,
                "registerFullResponse",
                "imported-value",
                Map.of("schema", IMPORTED_V1, "id", 50, "version", 5));
        call("import without id", WRITER, "registerFullResponse", "imported-value", avro(IMPORTED_V2));
        rest("end import", WRITER, "PUT", "/mode/imported-value", Map.of("mode", "READWRITE"));
        call("register after import", WRITER, "registerFullResponse", "imported-value", avro(IMPORTED_V2));
        call("imported schema by id", WRITER, "getBySubjectAndId", "imported-value", 50);

        // References.
        call("register referenced", WRITER, "registerFullResponse", "money-value", avro(MONEY));
        call(
                "register referring",
                WRITER,
                "registerFullResponse",
                "reports-value",
                Map.of(
                        "schemaType",
                        "AVRO",
                        "schema",
                        REPORT,
                        "references",
                        List.of(Map.of("name", "city.ordos.plan.test.Money", "subject", "money-value", "version", 1))));
        call("latest referring", WRITER, "getLatestSchemaMetadata", "reports-value");
        rest("referenced by", WRITER, "GET", "/subjects/money-value/versions/1/referencedby", null);
        call("delete referenced", WRITER, "deleteSubjectVersion", "money-value", 1, false);
        op.put(
                "serialize referring",
                node.serialize(
                        "reports",
                        JSON.readTree(
                                "{\"sourceId\":\"project-17\",\"completed\":{\"amount\":\"12.5\",\"unit\":\"亿元\"}}")));
        rest("schemas with prefix", WRITER, "GET", "/schemas?subjectPrefix=reports", null);

        // Deletes, soft and permanent.
        call("register scratch", WRITER, "registerFullResponse", "scratch-value", avro(READING_V1));
        call("soft-delete version", WRITER, "deleteSubjectVersion", "scratch-value", 1, false);
        rest("deleted-only versions", WRITER, "GET", "/subjects/scratch-value/versions?deletedOnly=true", null);
        rest("deleted-only subjects", WRITER, "GET", "/subjects?deletedOnly=true", null);
        call("soft-delete version again", WRITER, "deleteSubjectVersion", "scratch-value", 1, false);
        call("permanent before soft", WRITER, "deleteSubject", "readings-value", true);
        call("delete subject without credentials", ANONYMOUS, "deleteSubject", "readings-value", false);
        call("soft-delete subject", WRITER, "deleteSubject", "readings-value", false);
        call("soft-delete subject again", WRITER, "deleteSubject", "readings-value", false);
        call("versions of soft-deleted subject", WRITER, "getAllVersions", "readings-value");
        call("permanent-delete subject", WRITER, "deleteSubject", "readings-value", true);
        call("permanent-delete version", WRITER, "deleteSubjectVersion", "scratch-value", 1, true);
        node.clearCaches(WRITER);
        call("subjects after deletes", WRITER, "getAllSubjects");
        rest("id of permanently deleted versions", WRITER, "GET", "/schemas/ids/1", null);

        node.run();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (defaultConfiguration != null) {
            defaultConfiguration.close();
        }
    }

    @Test
    void registrationAnswersIdVersionAndSchemaAndReRegisteringChangesNothing() {
        JsonNode first = ok("register v1");
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        JsonNode second = ok("register v2");
        assertThat(second.get("id").asInt()).isEqualTo(2);
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(sameSchema(second.get("schema").asText(), READING_V2)).isTrue();
        assertThat(ok("re-register v1 without credentials").asInt()).isEqualTo(1);
        error("register incompatible", 409, 40901);
    }

    @Test
    void changesNeedCredentialsAndTheDefaultConfigurationRefusesThem() {
        error("register new version without credentials", 401, 401);
        error("set level without credentials", 401, 401);
        error("set mode without credentials", 401, 401);
        error("delete subject without credentials", 401, 401);
        error("register in default configuration", 403, 40301);
    }

    @Test
    void subjectsVersionsIdsAndLookupsAnswerAsConfluentDocuments() {
        JsonNode latest = ok("latest");
        assertThat(latest.get("subject").asText()).isEqualTo("readings-value");
        assertThat(latest.get("id").asInt()).isEqualTo(2);
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(ok("version 1").get("id").asInt()).isEqualTo(1);
        assertThat(ok("all versions")).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(ok("version of v1").asInt()).isEqualTo(1);
        assertThat(ok("id of v2").asInt()).isEqualTo(2);
        error("id of unregistered", 404, 40403);
        error("id in unknown subject", 404, 40401);
        assertThat(sameSchema(ok("schema by id").get("schema").asText(), READING_V2))
                .isTrue();
        error("unknown version", 404, 40402);
        assertThat(ok("all subjects")).extracting(JsonNode::asText).contains("readings-value");
        error("by guid", 404, 40403);
        error("latest with metadata", 404, 40403);
        error("associations of a topic", 404, 404); // out of scope by design: an unknown path
    }

    @Test
    void compatibilityChecksFollowTheSubjectsLevel() {
        assertThat(ok("check incompatible").asBoolean()).isFalse();
        assertThat(ok("check compatible").asBoolean()).isTrue();
        assertThat(ok("check against version 1").asBoolean()).isFalse();
        error("check against unknown version", 404, 40402);
    }

    @Test
    void configLevelsAndNormalizeAreStoredReturnedAndDeleted() {
        assertThat(ok("default level").asText()).isEqualTo("BACKWARD");
        error("subject level unset", 404, 40408);
        assertThat(ok("set subject level").asText()).isEqualTo("FULL");
        assertThat(ok("subject level").asText()).isEqualTo("FULL");
        JsonNode normalized = ok("set normalize");
        assertThat(normalized.get("normalize").asBoolean()).isTrue();
        assertThat(normalized.get("compatibility").asText()).isEqualTo("FULL");
        JsonNode config = ok("subject config");
        assertThat(config.get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(config.get("normalize").asBoolean()).isTrue();
        error("set rule-set default", 422, 422);
        assertThat(ok("set default level").asText()).isEqualTo("FORWARD");
        assertThat(ok("set default normalize").get("normalize").asBoolean()).isFalse();
        JsonNode defaults = ok("default config");
        assertThat(defaults.get("compatibilityLevel").asText()).isEqualTo("FORWARD");
        assertThat(defaults.get("normalize").asBoolean()).isFalse();
        assertThat(ok("delete default config").get("compatibilityLevel").asText())
                .isEqualTo("FORWARD");
        assertThat(ok("default level after delete").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void metadataAndRuleSetsAreRefusedNotDropped() {
        assertThat(error("register with metadata", 422, 422).get("message").asText())
                .contains("metadata");
        assertThat(error("register with encryption rule", 422, 422)
                        .get("message")
                        .asText())
                .contains("ruleSet");
        error("contracts subject", 404, 40401);
    }

    @Test
    void modesGovernChangesAndImportTakesExplicitIds() {
        assertThat(ok("global mode").get("mode").asText()).isEqualTo("READWRITE");
        assertThat(ok("set read-only").get("mode").asText()).isEqualTo("READONLY");
        error("register while read-only", 422, 42205);
        assertThat(ok("subject mode").get("mode").asText()).isEqualTo("READONLY");
        assertThat(ok("delete subject mode").get("mode").asText()).isEqualTo("READONLY");
        error("subject mode unset", 404, 40409);
        error("set unknown mode", 422, 42204);
        assertThat(ok("set import").get("mode").asText()).isEqualTo("IMPORT");
        JsonNode imported = ok("import with id");
        assertThat(imported.get("id").asInt()).isEqualTo(50);
        assertThat(imported.get("version").asInt()).isEqualTo(5);
        error("import without id", 422, 42205);
        JsonNode after = ok("register after import");
        assertThat(after.get("id").asInt()).isEqualTo(51);
        assertThat(after.get("version").asInt()).isEqualTo(6);
        assertThat(sameSchema(ok("imported schema by id").get("schema").asText(), IMPORTED_V1))
                .isTrue();
    }

    @Test
    void referencesResolveForTheClientsSerializerAndProtectWhatTheyReference() throws Exception {
        assertThat(ok("register referenced").get("id").asInt()).isEqualTo(52);
        JsonNode referring = ok("register referring");
        assertThat(referring.get("id").asInt()).isEqualTo(53);
        JsonNode reference = ok("latest referring").get("references").get(0);
        assertThat(reference.get("name").asText()).isEqualTo("city.ordos.plan.test.Money");
        assertThat(reference.get("subject").asText()).isEqualTo("money-value");
        assertThat(reference.get("version").asInt()).isEqualTo(1);
        assertThat(ok("referenced by")).extracting(JsonNode::asInt).containsExactly(53);
        error("delete referenced", 422, 42206);
        String hex = node.result(op.get("serialize referring")).get("hex").asText();
        assertThat(hex).as("magic byte and schema id 53").startsWith("0000000035");
        JsonNode listed = ok("schemas with prefix");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("subject").asText()).isEqualTo("reports-value");
        assertThat(listed.get(0).get("references")).hasSize(1);
    }

    @Test
    void deletesAreSoftFirstThenPermanentWithConfluentsErrorCodes() {
        assertThat(ok("soft-delete version").asInt()).isEqualTo(1);
        assertThat(ok("deleted-only versions")).extracting(JsonNode::asInt).containsExactly(1);
        assertThat(ok("deleted-only subjects")).extracting(JsonNode::asText).containsExactly("scratch-value");
        error("soft-delete version again", 404, 40406);
        error("permanent before soft", 404, 40405);
        assertThat(ok("soft-delete subject")).extracting(JsonNode::asInt).containsExactly(1, 2);
        error("soft-delete subject again", 404, 40404);
        error("versions of soft-deleted subject", 404, 40401);
        assertThat(ok("permanent-delete subject")).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(ok("permanent-delete version").asInt()).isEqualTo(1);
        assertThat(ok("subjects after deletes"))
                .extracting(JsonNode::asText)
                .containsExactly("imported-value", "money-value", "reports-value");
        error("id of permanently deleted versions", 404, 40403);
    }

    // --- the scenario's vocabulary ---------------------------------------------------------------

    private static void call(String label, String client, String method, Object... args) {
        op.put(label, node.call(client, method, args));
    }

    private static void rest(String label, String client, String method, String path, Object body) {
        op.put(label, node.rest(client, method, path, body));
    }

    private static Map<String, Object> avro(String schema) {
        return Map.of("schemaType", "AVRO", "schema", schema);
    }

    private static Map<String, Object> encryptRule() {
        return Map.of(
                "name",
                "encrypt-pii",
                "kind",
                "TRANSFORM",
                "type",
                "ENCRYPT",
                "mode",
                "WRITEREAD",
                "tags",
                List.of("PII"));
    }

    private static JsonNode ok(String label) {
        JsonNode result = node.result(op.get(label));
        assertThat(result.has("ok")).as(label + ": " + result).isTrue();
        return result.get("ok");
    }

    private static JsonNode error(String label, int status, int code) {
        JsonNode result = node.result(op.get(label));
        assertThat(result.has("error")).as(label + ": " + result).isTrue();
        assertThat(result.get("error").get("status").asInt())
                .as(label + ": " + result)
                .isEqualTo(status);
        assertThat(result.get("error").get("code").asInt())
                .as(label + ": " + result)
                .isEqualTo(code);
        return result.get("error");
    }

    private static boolean sameSchema(String answered, String expected) {
        try {
            return JSON.readTree(answered).equals(JSON.readTree(expected));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + answered, e);
        }
    }

    private static String record(String name, String fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"city.ordos.plan.test\",\"fields\":["
                + fields + "]}";
    }
}
