package city.ordos.plan.registry;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary),
 * fetching the writer's schema from the registry by id (cached).
 *
 * <p>With {@code specific.avro.reader=true} records come back as their generated
 * {@link SpecificRecord} class (decimals as {@link java.math.BigDecimal}); with a target class
 * given, that class's schema is the reader schema, so records written with an older compatible
 * schema are resolved into the current class. Otherwise records are
 * {@link org.apache.avro.generic.GenericRecord}s. Top-level strings come back as {@link String},
 * bytes as {@code byte[]}. Anything unreadable is a {@link SerializationException} naming the
 * topic and schema id, so Kafka Streams' deserialization handler can route it to a dead letter.
 */
public class SchemaRegistryAvroDeserializer<T> implements Deserializer<T> {

    static {
        AvroTrust.trustContractPackages();
    }

    private final Class<T> targetType;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean specific;
    private GenericData genericData;
    /** The writer schema and reader per schema id: an id's schema never changes, so one lookup per id. */
    private final Map<Integer, Resolved> readers = new ConcurrentHashMap<>();

    /** Each thread's decoder, re-pointed at every record instead of allocated per record (store reads are hot). */
    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    /** For Kafka to instantiate by class name; {@link #configure} creates the registry client. */
    public SchemaRegistryAvroDeserializer() {
        this(null, null);
    }

    /** With a shared client (not closed by this deserializer). */
    public SchemaRegistryAvroDeserializer(SchemaRegistryClient client) {
        this(client, null);
    }

    /** With a shared client, decoding into {@code targetType} (a generated SpecificRecord class) when not null. */
    public SchemaRegistryAvroDeserializer(SchemaRegistryClient client, Class<T> targetType) {
        this.client = client;
        this.targetType = targetType;
    }

    /** With a shared client, configured. */
    public SchemaRegistryAvroDeserializer(
            SchemaRegistryClient client, Class<T> targetType, Map<String, ?> configs, boolean isKey) {
        this(client, targetType);
        configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = new AvroSerdeConfig(configs);
        this.specific = config.specificAvroReader()
                || (targetType != null && SpecificRecord.class.isAssignableFrom(targetType));
        this.genericData = config.useLogicalTypeConverters() ? AvroData.genericWithLogicalTypes() : GenericData.get();
        readers.clear();
        if (client == null) {
            client = SchemaRegistryClients.create(config);
            ownsClient = SchemaRegistryClients.ownedByCaller(client);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("SchemaRegistryAvroDeserializer used before configure()");
        }
        if (bytes.length < AvroData.HEADER_SIZE) {
            throw new SerializationException("Record on topic " + topic + " is " + bytes.length
                    + " bytes, too short for the schema-registry framing (magic byte + 4-byte schema id)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte magic = buffer.get();
        if (magic != AvroData.MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte " + magic + " on topic " + topic
                    + ": not written by a schema-registry Avro serializer");
        }
        int id = buffer.getInt();
        Resolved resolved = readers.get(id);
        if (resolved == null) {
            resolved = resolve(id, topic);
        }
        Schema writerSchema = resolved.writerSchema();
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(bytes, AvroData.HEADER_SIZE, bytes.length - AvroData.HEADER_SIZE, DECODER.get());
            DECODER.set(decoder);
            Object value = resolved.reader().read(null, decoder);
            return (T) topLevel(value);
        } catch (SerializationException e) {
            throw e;
        } catch (Exception e) {
            throw new SerializationException(
                    "Error deserializing Avro record with schema id " + id + " (" + writerSchema.getFullName()
                            + ") from topic " + topic + ": " + e,
                    e);
        }
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /** The registry client in use (after {@link #configure}). */
    public SchemaRegistryClient client() {
        return client;
    }

    private Resolved resolve(int id, String topic) {
        Schema writerSchema;
        try {
            writerSchema = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Error retrieving Avro schema id " + id + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return readers.computeIfAbsent(id, key -> new Resolved(writerSchema, reader(writerSchema)));
    }

    private DatumReader<Object> reader(Schema writerSchema) {
        if (specific && !AvroData.isPrimitive(writerSchema)) {
            Class<?> type = targetType != null ? targetType : specificClassFor(writerSchema);
            SpecificData data = SpecificData.getForClass(type);
            return new SpecificDatumReader<>(writerSchema, data.getSchema(type), data);
        }
        return new GenericDatumReader<>(writerSchema, writerSchema, genericData);
    }

    private static Class<?> specificClassFor(Schema writerSchema) {
        Class<?> type = SpecificData.get().getClass(writerSchema);
        if (type == null) {
            throw new SerializationException("specific.avro.reader is set but no generated class for "
                    + writerSchema.getFullName() + " is on the classpath");
        }
        return type;
    }

    private static Object topLevel(Object value) {
        if (value instanceof Utf8 utf8) {
            return utf8.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        return value;
    }

    private record Resolved(Schema writerSchema, DatumReader<Object> reader) {}
}
