package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.infra.registry.EmbeddedSchemaRegistry;
import city.ordos.plan.infra.registry.RegistryAccess;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.ProducersCli;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.registry.CompatibilityLevel;
import city.ordos.plan.registry.HttpSchemaRegistryClient;
import city.ordos.plan.registry.SchemaRegistryAvroDeserializer;
import city.ordos.plan.registry.SchemaRegistryAvroSerializer;
import city.ordos.plan.topics.OrdosTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code schemas register} at deploy time against a registry that wants credentials for changes,
 * then a producer configured as Confluent recommends for production (auto-registration off, the
 * subject's latest version) writing from the start.
 */
class SchemasCommandIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final String CREDENTIALS = "deployer:" + UUID.randomUUID();
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .topic("_schemas-" + kafka.uniquePrefix())
                .access(RegistryAccess.writeCredentials(CREDENTIALS))
                .start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void registersEveryInputAndOutputSubjectSoAProducerWithoutAutoRegistrationWorks() throws Exception {
        OrdosTopics topics = OrdosTopics.withPrefix(kafka.uniquePrefix());

        Run refused = register(topics, "-r", registry.url());
        Run done = register(
                topics,
                "-r",
                registry.url(),
                "-X",
                "basic.auth.credentials.source=USER_INFO",
                "-X",
                "basic.auth.user.info=" + CREDENTIALS);
        Run again = register(topics, "-r", registry.url());

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("401").contains(topics.investment().name() + "-value");
        assertThat(done.status()).as(done.err()).isZero();
        assertThat(done.out().lines()).hasSize(topics.all().size());
        assertThat(done.out()).contains(topics.deadLetters().name() + "-value: id");
        assertThat(again.status())
                .as("a second run only reads, so needs no credentials: " + again.err())
                .isZero();
        assertThat(again.out()).doesNotContain("(registered)").doesNotContain("(set)");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url())))) {
            for (var topic : topics.all()) {
                assertThat(client.getCompatibility(topic.name() + "-value"))
                        .as(topic.name())
                        .isEqualTo(CompatibilityLevel.BACKWARD);
            }
        }

        Map<String, Object> production = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false,
                AvroSerdeConfig.USE_LATEST_VERSION, true,
                AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        InvestmentReport report = investmentReport();
        try (SchemaRegistryAvroSerializer<InvestmentReport> serializer = new SchemaRegistryAvroSerializer<>();
                SchemaRegistryAvroDeserializer<InvestmentReport> deserializer =
                        new SchemaRegistryAvroDeserializer<>()) {
            serializer.configure(production, false);
            deserializer.configure(production, false);
            byte[] bytes = serializer.serialize(topics.investment().name(), report);
            assertThat(deserializer.deserialize(topics.investment().name(), bytes))
                    .isEqualTo(report);
        }
    }

    private static InvestmentReport investmentReport() {
        Instant asOf = Instant.parse("2025-06-30T15:59:59.999Z");
        return InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId("inv-2025-06-PRJ017")
                        .setSourceId("PRJ-2025-017")
                        .setEventTime(asOf)
                        .setReportedAt(asOf.plusSeconds(3600))
                        .setCounty(County.KANGBASHI)
                        .build())
                .setProjectId("PRJ-2025-017")
                .setProjectName("康巴什区数据中心二期")
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INFRASTRUCTURE")
                .setQuantity(Quantity.newBuilder()
                        .setValue(new BigDecimal("3.215000"))
                        .setUnit("亿元")
                        .build())
                .build();
    }

    private record Run(int status, String out, String err) {}

    private static Run register(OrdosTopics topics, String... connection) {
        String[] args = new String[connection.length + 4];
        args[0] = "schemas";
        args[1] = "register";
        System.arraycopy(connection, 0, args, 2, connection.length);
        args[args.length - 2] = "--topic-prefix";
        args[args.length - 1] = topics.prefix();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int status = ProducersCli.execute(args);
            return new Run(
                    status, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
