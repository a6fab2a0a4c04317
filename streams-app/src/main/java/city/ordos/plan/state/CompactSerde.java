package city.ordos.plan.state;

import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The compact format of one internal record type: a format byte ({@link #FORMAT}), then the
 * fields in a fixed order in Avro's binary encoding, no schema id and no schema to walk. Reads the
 * registry's Avro wire format too (its first byte is the magic byte 0), so stores and internal
 * topics written before the compact format keep working without an application reset
 * (docs/topology.md).
 *
 * <p>Thread-safe: the serde of a store is shared by every task and stream thread, and queries read
 * through it from the API's threads.
 */
public final class CompactSerde<T> implements Serde<T> {

    /** First byte of a value in the compact format, version 1. */
    public static final byte FORMAT = 1;
    /** First byte of a value in the registry's Avro wire format (before the compact format). */
    static final byte REGISTRY_MAGIC = 0;

    private static final ThreadLocal<CompactWriter> WRITER = ThreadLocal.withInitial(CompactWriter::new);

    /** Writes one record's fields. */
    interface Writing<T> {
        void write(T value, CompactWriter out) throws IOException;
    }

    /** Reads one record's fields, in the order {@link Writing} wrote them. */
    interface Reading<T> {
        T read(CompactReader in) throws IOException;
    }

    private final String type;
    private final Writing<T> writing;
    private final Reading<T> reading;
    private final Deserializer<T> registryFormat;

    CompactSerde(String type, Writing<T> writing, Reading<T> reading, Deserializer<T> registryFormat) {
        this.type = Objects.requireNonNull(type, "type");
        this.writing = Objects.requireNonNull(writing, "writing");
        this.reading = Objects.requireNonNull(reading, "reading");
        this.registryFormat = Objects.requireNonNull(registryFormat, "registryFormat");
    }

    /** The value in the compact format. */
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        CompactWriter writer = WRITER.get().start();
        try {
            writing.write(value, writer);
            return writer.finish();
        } catch (IOException | RuntimeException e) {
            writer.discard();
            throw new SerializationException("Error serializing " + type + " for " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The value, written in either format. */
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new SerializationException("Empty " + type + " value in " + topic);
        }
        if (data[0] == REGISTRY_MAGIC) {
            return registryFormat.deserialize(topic, data);
        }
        if (data[0] != FORMAT) {
            throw new SerializationException("Unknown format byte " + data[0] + " of a " + type + " value in " + topic
                    + " (" + FORMAT + ", compact, or " + REGISTRY_MAGIC + ", the registry's Avro, expected)");
        }
        try {
            CompactReader reader = new CompactReader(data, 1);
            T value = reading.read(reader);
            reader.end();
            return value;
        } catch (SerializationException e) {
            throw new SerializationException(
                    "Malformed " + type + " value of " + data.length + " bytes in " + topic + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Malformed " + type + " value of " + data.length + " bytes in " + topic + ": " + e, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    @Override
    public void close() {
        registryFormat.close();
    }

    @Override
    public String toString() {
        return "CompactSerde[" + type + "]";
    }
}
