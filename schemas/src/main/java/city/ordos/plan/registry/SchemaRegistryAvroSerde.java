package city.ordos.plan.registry;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SchemaRegistryAvroSerializer} and {@link SchemaRegistryAvroDeserializer} as one Kafka
 * {@link Serde}. Usable by class name ({@code default.value.serde}) with the registry settings in
 * the same config, or built by {@link AvroSerdes} around a shared client.
 */
public class SchemaRegistryAvroSerde<T> implements Serde<T> {

    private final SchemaRegistryAvroSerializer<T> serializer;
    private final SchemaRegistryAvroDeserializer<T> deserializer;

    public SchemaRegistryAvroSerde() {
        this.serializer = new SchemaRegistryAvroSerializer<>();
        this.deserializer = new SchemaRegistryAvroDeserializer<>();
    }

    /** Around a shared client (not closed by this serde). */
    public SchemaRegistryAvroSerde(SchemaRegistryClient client) {
        this(client, null);
    }

    /** Around a shared client, decoding into {@code targetType} when not null. */
    public SchemaRegistryAvroSerde(SchemaRegistryClient client, Class<T> targetType) {
        this.serializer = new SchemaRegistryAvroSerializer<>(client);
        this.deserializer = new SchemaRegistryAvroDeserializer<>(client, targetType);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
