package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaRegistryExceptionTest {

    @Test
    void mapsConfluentErrorCodesToTypes() {
        assertThat(SchemaRegistryException.of(409, 409, "x")).isInstanceOf(IncompatibleSchemaException.class);
        assertThat(SchemaRegistryException.of(409, 40901, "x")).isInstanceOf(IncompatibleSchemaException.class);
        assertThat(SchemaRegistryException.of(422, 40901, "x")).isInstanceOf(IncompatibleSchemaException.class);
        assertThat(SchemaRegistryException.of(404, 40401, "x")).isInstanceOf(SchemaNotFoundException.class);
        assertThat(SchemaRegistryException.of(404, 40403, "x")).isInstanceOf(SchemaNotFoundException.class);
        assertThat(SchemaRegistryException.of(422, 42201, "x")).isExactlyInstanceOf(SchemaRegistryException.class);
        assertThat(SchemaRegistryException.of(503, 50003, "x").isRetriable()).isTrue();
        assertThat(SchemaRegistryException.of(429, 429, "x").isRetriable()).isTrue();
        assertThat(SchemaRegistryException.of(422, 42201, "x").isRetriable()).isFalse();
    }
}
