package city.ordos.plan.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format: magic byte 0, the schema's registry id as a
 * 4-byte big-endian int, then the Avro binary encoding. The bytes are identical to those of
 * Confluent's {@code KafkaAvroSerializer} for the same schema id.
 *
 * <p>Accepts generated {@link SpecificRecord}s, {@link org.apache.avro.generic.GenericRecord}s and
 * Java primitives. The schema is registered ({@code auto.register.schemas=true}, the default), or
 * the subject's latest version is used ({@code use.latest.version=true}), or it must already be
 * registered under the subject. Registry failures surface as {@link SerializationException} with
 * the {@link SchemaRegistryException} as cause.
 */
public class SchemaRegistryAvroSerializer<T> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean isKey;
    private final GenericData genericData = AvroData.genericWithLogicalTypes();
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<String, Latest> latestBySubject = new ConcurrentHashMap<>();
    /**
     * The id last written per topic, with the schema instance it was for. A registered schema's id
     * never changes, so while a topic sees the same schema instance (a generated class's) the
     * subject need not be named nor the client's cache asked on every record.
     */
    private final Map<String, KnownId> idsByTopic = new ConcurrentHashMap<>();

    /**
     * Each thread's output buffer and encoder, reused from record to record: a store's serde is
     * shared by every stream thread, and Avro's unbuffered encoder wrote byte by byte into a new
     * synchronized stream per record, half of the serializer's time on the hot path.
     */
    private static final ThreadLocal<EncodingBuffer> OUTPUT = ThreadLocal.withInitial(EncodingBuffer::new);

    /** For Kafka to instantiate by class name; {@link #configure} creates the registry client. */
    public SchemaRegistryAvroSerializer() {}

    /** With a shared client (not closed by this serializer); {@link #configure} still reads the other settings. */
    public SchemaRegistryAvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** With a shared client, configured. */
    public SchemaRegistryAvroSerializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
        this(client);
        configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = new AvroSerdeConfig(configs);
        this.isKey = isKey;
        idsByTopic.clear();
        if (client == null) {
            client = SchemaRegistryClients.create(config);
            ownsClient = SchemaRegistryClients.ownedByCaller(client);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("SchemaRegistryAvroSerializer used before configure()");
        }
        Schema schema;
        try {
            schema = AvroData.schemaOf(data);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(e.getMessage(), e);
        }
        String subject = null;
        int id;
        Schema writerSchema = schema;
        Object datum = data;
        KnownId known = idsByTopic.get(topic);
        try {
            // Only ids that cannot change are kept (registered or looked up, not "latest version").
            if (known != null && known.schema() == schema) {
                id = known.id();
            } else if (config.autoRegisterSchemas()) {
                subject = subject(topic, schema);
                id = client.register(subject, schema);
                idsByTopic.put(topic, new KnownId(schema, id));
            } else if (config.useLatestVersion()) {
                subject = subject(topic, schema);
                RegisteredSchema latest = latest(subject);
                if (config.latestCompatibilityStrict()) {
                    checkLatestCanRead(latest, schema, subject);
                }
                id = latest.id();
                if (!latest.schema().equals(schema)) {
                    writerSchema = latest.schema();
                    datum = project(data, schema, writerSchema);
                }
            } else {
                subject = subject(topic, schema);
                id = client.getId(subject, schema);
                idsByTopic.put(topic, new KnownId(schema, id));
            }
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Error " + (config.autoRegisterSchemas() ? "registering" : "retrieving")
                            + " Avro schema " + schema.getFullName() + " for subject '" + subject + "' (topic " + topic
                            + "): "
                            + e.getMessage(),
                    e);
        }
        EncodingBuffer output = OUTPUT.get();
        try {
            BinaryEncoder encoder = output.start(header(id));
            writer(writerSchema, datum).write(datum instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : datum, encoder);
            return output.finish();
        } catch (IOException | RuntimeException e) {
            output.discard();
            throw new SerializationException(
                    "Error serializing Avro " + schema.getFullName() + " for topic " + topic + " with schema id " + id
                            + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /** Confluent's framing: the magic byte, then the schema id in four bytes, big-endian. */
    private static byte[] header(int schemaId) {
        return new byte[] {
            AvroData.MAGIC_BYTE,
            (byte) (schemaId >>> 24),
            (byte) (schemaId >>> 16),
            (byte) (schemaId >>> 8),
            (byte) schemaId
        };
    }

    /** The registry client in use (after {@link #configure}). */
    public SchemaRegistryClient client() {
        return client;
    }

    private String subject(String topic, Schema schema) {
        return config.subjectNameStrategy(isKey).subjectName(topic, isKey, schema);
    }

    private DatumWriter<Object> writer(Schema schema, Object datum) {
        boolean specific = datum instanceof SpecificRecord;
        return writers.computeIfAbsent(new WriterKey(schema, specific ? datum.getClass() : null), key -> {
            if (key.specificClass() != null) {
                // The generated class's model carries its logical-type conversions (decimal -> BigDecimal).
                return new OptionalFieldWriter<>(schema, SpecificData.getForClass(key.specificClass()));
            }
            return new GenericDatumWriter<>(schema, genericData);
        });
    }

    private RegisteredSchema latest(String subject) {
        Duration ttl = config.latestCacheTtl();
        Latest cached = latestBySubject.get(subject);
        Instant now = Instant.now();
        if (cached != null && (ttl == null || cached.fetched().plus(ttl).isAfter(now))) {
            return cached.schema();
        }
        RegisteredSchema fresh = client.getLatest(subject);
        latestBySubject.put(subject, new Latest(fresh, now));
        return fresh;
    }

    /** Confluent's latest.compatibility.strict: the latest version must be able to read what this record's schema writes. */
    private static void checkLatestCanRead(RegisteredSchema latest, Schema schema, String subject) {
        SchemaCompatibility.SchemaPairCompatibility pair =
                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new IncompatibleSchemaException(
                    409,
                    40901,
                    "Latest version " + latest.version() + " of subject '"
                            + subject + "' cannot read records of schema " + schema.getFullName() + ": "
                            + pair.getResult().getIncompatibilities());
        }
    }

    /** Re-shapes {@code data} into {@code target} by Avro schema resolution, so fields line up by name, not position. */
    private Object project(Object data, Schema source, Schema target) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(source, data).write(data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data, encoder);
            encoder.flush();
            GenericDatumReader<Object> reader = new GenericDatumReader<>(source, target, genericData);
            return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new SerializationException(
                    "Cannot convert " + source.getFullName() + " to the latest registered schema", e);
        }
    }

    private record WriterKey(Schema schema, Class<?> specificClass) {}

    private record KnownId(Schema schema, int id) {}

    private record Latest(RegisteredSchema schema, Instant fetched) {}
}
