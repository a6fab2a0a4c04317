package city.ordos.plan.registry;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Builds the client a serde configuration asks for: HTTP for real registries, in-memory for {@code mock://}. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {}

    public static SchemaRegistryClient create(Map<String, ?> configs) {
        return create(new AvroSerdeConfig(configs));
    }

    public static SchemaRegistryClient create(AvroSerdeConfig config) {
        if (config.urls().isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                    + "\" which has no default value.");
        }
        String scope = config.mockScope();
        if (scope != null) {
            return MockSchemaRegistry.getClientForScope(scope);
        }
        return new HttpSchemaRegistryClient(config);
    }

    /** Whether closing this client is the caller's job (shared in-memory registries are never closed). */
    static boolean ownedByCaller(SchemaRegistryClient client) {
        return !(client instanceof MockSchemaRegistryClient);
    }
}
