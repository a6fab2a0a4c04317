package city.ordos.plan.registry;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The registry settings of one runtime, turned into ready serdes. Build it once from the runtime
 * config ({@code schema.registry.url}, {@code auto.register.schemas}, ...) and inject it: every
 * serde it hands out shares one registry client and so one cache.
 *
 * <pre>{@code
 * AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "http://localhost:8081"));
 * Serde<InvestmentReport> reports = serdes.valueSerde(InvestmentReport.class);
 * }</pre>
 */
public final class AvroSerdes {

    private final Map<String, Object> configs;
    private final SchemaRegistryClient client;

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
        SchemaRegistryAvroSerde<T> serde = new SchemaRegistryAvroSerde<>(client, type);
        serde.configure(serdeConfigs, isKey);
        return serde;
    }
}
