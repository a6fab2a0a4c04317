package city.ordos.plan.infra.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.registry.CompatibilityLevel;
import city.ordos.plan.registry.CompatibilityResult;
import city.ordos.plan.registry.HttpSchemaRegistryClient;
import city.ordos.plan.registry.IncompatibleSchemaException;
import city.ordos.plan.registry.RegisteredSchema;
import city.ordos.plan.registry.SchemaNotFoundException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our HTTP registry client against the cluster's registry (embedded here; Confluent's in containers). */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SchemaRegistryClientIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static HttpSchemaRegistryClient client;

    private static final Schema V1 = SchemaBuilder.record("MeterReading")
            .namespace("city.ordos.plan.test")
            .fields()
            .requiredString("meterId")
            .endRecord();
    private static final Schema V2_OPTIONAL_FIELD = SchemaBuilder.record("MeterReading")
            .namespace("city.ordos.plan.test")
            .fields()
            .requiredString("meterId")
            .name("note")
            .type()
            .optional()
            .stringType()
            .endRecord();
    private static final Schema V3_REQUIRED_FIELD = SchemaBuilder.record("MeterReading")
            .namespace("city.ordos.plan.test")
            .fields()
            .requiredString("meterId")
            .name("note")
            .type()
            .optional()
            .stringType()
            .requiredLong("meterSerial")
            .endRecord();

    @BeforeAll
    static void connect() {
        client = new HttpSchemaRegistryClient(
                new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl())));
    }

    @Test
    void evolvesASubjectUnderBackwardCompatibility() {
        String subject = kafka.uniquePrefix() + "meter-readings-value";

        int id1 = client.register(subject, V1);
        assertThat(client.testCompatibility(subject, V2_OPTIONAL_FIELD).compatible())
                .isTrue();
        int id2 = client.register(subject, V2_OPTIONAL_FIELD);

        CompatibilityResult check = client.testCompatibility(subject, V3_REQUIRED_FIELD);
        assertThat(check.compatible()).isFalse();
        assertThat(String.join(" ", check.messages())).contains("meterSerial");
        assertThatThrownBy(() -> client.register(subject, V3_REQUIRED_FIELD))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("meterSerial");

        assertThat(id2).isNotEqualTo(id1);
        assertThat(client.getVersions(subject)).containsExactly(1, 2);
        assertThat(client.getLatest(subject)).isEqualTo(new RegisteredSchema(subject, 2, id2, V2_OPTIONAL_FIELD));
        assertThat(client.getVersion(subject, 1).id()).isEqualTo(id1);
        assertThat(client.lookup(subject, V1)).isEqualTo(new RegisteredSchema(subject, 1, id1, V1));
        assertThat(client.getSubjects()).contains(subject);
    }

    @Test
    void sameSchemaUnderTwoSubjectsHasOneIdReadableById() {
        String prefix = kafka.uniquePrefix();

        int a = client.register(prefix + "a-value", InvestmentReport.getClassSchema());
        int b = client.register(prefix + "b-value", InvestmentReport.getClassSchema());

        assertThat(b).isEqualTo(a);
        HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(
                new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl())));
        assertThat(fresh.getById(a)).isEqualTo(InvestmentReport.getClassSchema());
    }

    @Test
    void perSubjectCompatibilityLevelIsSetAndApplied() {
        String subject = kafka.uniquePrefix() + "free-value";
        client.register(subject, V1);

        client.setCompatibility(subject, CompatibilityLevel.NONE);
        client.register(
                subject,
                SchemaBuilder.record("MeterReading")
                        .namespace("city.ordos.plan.test")
                        .fields()
                        .requiredLong("unrelated")
                        .endRecord());

        assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.getVersions(subject)).containsExactly(1, 2);
    }

    @Test
    void unknownThingsAreNotFound() {
        String subject = kafka.uniquePrefix() + "nothing-value";

        assertThatThrownBy(() -> client.getLatest(subject)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.lookup(subject, V1)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.getById(987_654)).isInstanceOf(SchemaNotFoundException.class);
        assertThat(client.testCompatibility(subject, V1).compatible()).isTrue();
    }
}
