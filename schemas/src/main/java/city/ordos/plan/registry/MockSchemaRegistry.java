package city.ordos.plan.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-local in-memory registries behind {@code schema.registry.url=mock://<scope>}.
 *
 * <p>This is deliberately JVM-global state, as in Confluent's serdes: a topology test configures
 * serdes by URL only (Kafka Streams instantiates them reflectively), and the test's own serdes
 * must see the schemas the topology's serdes registered. Use a unique scope per test, and
 * {@link #dropScope(String)} when done.
 */
public final class MockSchemaRegistry {

    private static final ConcurrentMap<String, MockSchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {}

    /** The registry of {@code scope}, created on first use. */
    public static MockSchemaRegistryClient getClientForScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new MockSchemaRegistryClient());
    }

    /** Forgets {@code scope}: the next use starts with an empty registry. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }
}
