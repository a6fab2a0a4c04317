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
import org.apache.avro.specific.SpecificDatumWriter;
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
        String subject = config.subjectNameStrategy(isKey).subjectName(topic, isKey, schema);
        int id;
        Schema writerSchema = schema;
        Object datum = data;
        try {
            if (config.autoRegisterSchemas()) {
                id = client.register(subject, schema);
            } else if (config.useLatestVersion()) {
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
                id = client.getId(subject, schema);
            }
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Error " + (config.autoRegisterSchemas() ? "registering" : "retrieving")
                            + " Avro schema " + schema.getFullName() + " for subject '" + subject + "' (topic " + topic
                            + "): "
                            + e.getMessage(),
                    e);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64);
            out.write(AvroData.MAGIC_BYTE);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(writerSchema, datum).write(datum instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : datum, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
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

    /** The registry client in use (after {@link #configure}). */
    public SchemaRegistryClient client() {
        return client;
    }

    private DatumWriter<Object> writer(Schema schema, Object datum) {
        boolean specific = datum instanceof SpecificRecord;
        return writers.computeIfAbsent(new WriterKey(schema, specific ? datum.getClass() : null), key -> {
            if (key.specificClass() != null) {
                // The generated class's model carries its logical-type conversions (decimal -> BigDecimal).
                return new SpecificDatumWriter<>(schema, SpecificData.getForClass(key.specificClass()));
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

    private record Latest(RegisteredSchema schema, Instant fetched) {}
}
