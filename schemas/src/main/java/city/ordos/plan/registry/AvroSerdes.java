package city.ordos.plan.registry;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;

/**
 * The registry settings of one runtime, turned into ready serdes. Build it once from the runtime
 * config ({@code schema.registry.url}, {@code auto.register.schemas}, ...) and inject it: every
 * serde it hands out shares one registry client and so one cache.
 *
 * <pre>{@code
 * AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "http://localhost:8081"));
 * Serde<InvestmentReport> reports = serdes.valueSerde(InvestmentReport.class);
 * }</pre>
 *
 * <p>With {@value AvroSerdeConfig#SERDE_CLASS} set (e.g. to Confluent's
 * {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}) it hands out instances of that
 * class instead, configured with the same settings: the wire format is the same, so topics written
 * by one are read by the other.
 */
public final class AvroSerdes {

    private final Map<String, Object> configs;
    private final SchemaRegistryClient client;
    private final Class<?> replacement;

    public AvroSerdes(Map<String, ?> configs) {
        this(configs, SchemaRegistryClients.create(new AvroSerdeConfig(configs)));
    }

    /** With an existing client (e.g. a {@link MockSchemaRegistryClient} in unit tests). */
    public AvroSerdes(Map<String, ?> configs, SchemaRegistryClient client) {
        Map<String, Object> copy = new LinkedHashMap<>();
        configs.forEach(copy::put);
        new AvroSerdeConfig(copy); // fail fast on bad settings
        this.configs = Collections.unmodifiableMap(copy);
        this.client = Objects.requireNonNull(client, "client");
        this.replacement = replacementSerde(copy.get(AvroSerdeConfig.SERDE_CLASS));
    }

    /** Serde for record values of a generated class, decoding with the specific reader. */
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return serde(type, false);
    }

    /** Serde for record keys of a generated class (subjects {@code <topic>-key} by default). */
    public <T extends SpecificRecord> Serde<T> keySerde(Class<T> type) {
        return serde(type, true);
    }

    /** The settings these serdes were built from, e.g. to configure a serde by class name (ours or Confluent's). */
    public Map<String, Object> configs() {
        return configs;
    }

    /** The shared registry client. */
    public SchemaRegistryClient client() {
        return client;
    }

    @Override
    public String toString() {
        return "AvroSerdes[" + new AvroSerdeConfig(configs) + "]";
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> type, boolean isKey) {
        Objects.requireNonNull(type, "type");
        Map<String, Object> serdeConfigs = new HashMap<>(configs);
        serdeConfigs.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        Serde<T> serde = replacement == null ? new SchemaRegistryAvroSerde<>(client, type) : instantiate(replacement);
        serde.configure(serdeConfigs, isKey);
        return serde;
    }

    private static Class<?> replacementSerde(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String name =
                value instanceof Class<?> c ? c.getName() : value.toString().trim();
        try {
            Class<?> type = value instanceof Class<?> c ? c : Class.forName(name, true, classLoader());
            if (!Serde.class.isAssignableFrom(type)) {
                throw new ConfigException(AvroSerdeConfig.SERDE_CLASS, name, "not a " + Serde.class.getName());
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new ConfigException(AvroSerdeConfig.SERDE_CLASS, name, "class not found on the classpath");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Serde<T> instantiate(Class<?> type) {
        try {
            return (Serde<T>) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(AvroSerdeConfig.SERDE_CLASS, type.getName(), "cannot instantiate: " + e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : AvroSerdes.class.getClassLoader();
    }
}
