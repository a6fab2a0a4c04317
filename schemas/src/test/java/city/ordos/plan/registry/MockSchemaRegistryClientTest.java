package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryClientTest {

    private final MockSchemaRegistryClient registry = new MockSchemaRegistryClient();
    private final Schema v1 = SchemaBuilder.record("Reading")
            .namespace("t")
            .fields()
            .requiredString("source")
            .endRecord();

    @Test
    void sameSchemaUnderTwoSubjectsHasOneIdAndReRegisteringIsANoOp() {
        int a = registry.register("a-value", v1);
        int b = registry.register("b-value", v1);

        assertThat(b).isEqualTo(a);
        assertThat(registry.register("a-value", v1)).isEqualTo(a);
        assertThat(registry.getVersions("a-value")).containsExactly(1);
        assertThat(registry.getById(a)).isEqualTo(v1);
    }

    @Test
    void backwardCompatibleChangeIsAcceptedAsNextVersion() {
        registry.register("r", v1);
        Schema v2 = SchemaBuilder.record("Reading")
                .namespace("t")
                .fields()
                .requiredString("source")
                .name("note")
                .type()
                .optional()
                .stringType()
                .endRecord();

        assertThat(registry.testCompatibility("r", v2).compatible()).isTrue();
        int id = registry.register("r", v2);

        assertThat(registry.getLatest("r")).isEqualTo(new RegisteredSchema("r", 2, id, v2));
    }

    @Test
    void newRequiredFieldWithoutDefaultIsRefusedByDefaultNamingTheField() {
        registry.register("r", v1);
        Schema breaking = SchemaBuilder.record("Reading")
                .namespace("t")
                .fields()
                .requiredString("source")
                .requiredLong("meterSerial")
                .endRecord();

        CompatibilityResult check = registry.testCompatibility("r", breaking);
        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).anySatisfy(m -> assertThat(m).contains("meterSerial"));
        assertThatThrownBy(() -> registry.register("r", breaking))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("meterSerial")
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
    }

    @Test
    void levelNoneAcceptsAnything() {
        registry.register("r", v1);
        registry.setCompatibility("r", CompatibilityLevel.NONE);

        registry.register(
                "r",
                SchemaBuilder.record("Reading")
                        .namespace("t")
                        .fields()
                        .requiredLong("x")
                        .endRecord());

        assertThat(registry.getVersions("r")).containsExactly(1, 2);
        assertThat(registry.getCompatibility("r")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void unknownSubjectAndIdAreNotFound() {
        assertThatThrownBy(() -> registry.getLatest("nope"))
                .isInstanceOf(SchemaNotFoundException.class)
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.getById(12345)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> registry.lookup("nope", v1)).isInstanceOf(SchemaNotFoundException.class);
    }
}
