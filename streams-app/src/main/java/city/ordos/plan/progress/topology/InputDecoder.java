package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.registry.SchemaNotFoundException;
import city.ordos.plan.registry.SchemaRegistryClient;
import city.ordos.plan.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes input bytes inside the topology (not in a deserialization handler) so that anything
 * unusable can be dead-lettered with its original bytes and coordinates. Bad data is a
 * {@link Rejection}; an unreachable registry is not bad data: after retries it fails the stream
 * thread loudly, and the record is read again after recovery.
 */
final class InputDecoder {

    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_SIZE = 5;

    private final SchemaRegistryClient client;
    private final Map<InputStream, Deserializer<?>> deserializers = new EnumMap<>(InputStream.class);
    private final Map<InputStream, String> expectedTypes = new EnumMap<>(InputStream.class);
    private final int registryAttempts;
    private final Duration registryBackoff;

    @SuppressWarnings({"unchecked", "rawtypes"})
    InputDecoder(AvroSerdes serdes, int registryAttempts, Duration registryBackoff) {
        this.client = serdes.client();
        this.registryAttempts = Math.max(1, registryAttempts);
        this.registryBackoff = registryBackoff;
        for (InputStream stream : InputStream.values()) {
            Class type = InputEvent.typeOf(stream);
            deserializers.put(
                    stream, serdes.valueSerde((Class<SpecificRecord>) type).deserializer());
            expectedTypes.put(stream, SpecificData.get().getSchema(type).getFullName());
        }
    }

    InputEvent decode(InputStream stream, String topic, byte[] value) throws Rejection.Exception {
        if (value.length < HEADER_SIZE || value[0] != MAGIC_BYTE) {
            throw new Rejection.Exception(
                    Rejection.NOT_AVRO,
                    "value of " + value.length
                            + " bytes is not schema-registry framed Avro (magic byte 0 + 4-byte schema id expected)",
                    null);
        }
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        Schema writer = writerSchema(schemaId, topic);
        String expected = expectedTypes.get(stream);
        if (!expected.equals(writer.getFullName())) {
            throw new Rejection.Exception(
                    Rejection.WRONG_TYPE,
                    "schema id " + schemaId + " is " + writer.getFullName() + " but topic " + topic + " carries "
                            + expected,
                    null);
        }
        Object record;
        try {
            record = deserializers.get(stream).deserialize(topic, value);
        } catch (SerializationException e) {
            if (countyOutsideEnum(value)) {
                throw new Rejection.Exception(
                        Rejection.UNKNOWN_COUNTY,
                        "header.county is not one of the nine " + "county-level units (enum index outside "
                                + County.class.getSimpleName() + ")",
                        e);
            }
            throw new Rejection.Exception(
                    Rejection.NOT_AVRO,
                    "Avro body does not decode with schema id " + schemaId + " (" + writer.getFullName() + "): "
                            + rootMessage(e),
                    e);
        }
        return InputEvent.of(stream, record);
    }

    /**
     * Only on the failure path: every input record starts with its StatementHeader (eventId,
     * sourceId, eventTime, reportedAt, then the county union), so a county index outside the enum can
     * be told apart from other corruption.
     */
    private static boolean countyOutsideEnum(byte[] value) {
        try {
            BinaryDecoder in = DecoderFactory.get().binaryDecoder(value, HEADER_SIZE, value.length - HEADER_SIZE, null);
            in.skipString();
            in.skipString();
            in.readLong();
            in.readLong();
            return in.readIndex() == 1 && in.readEnum() >= County.values().length;
        } catch (IOException | RuntimeException notEvenAHeader) {
            return false;
        }
    }

    private Schema writerSchema(int schemaId, String topic) throws Rejection.Exception {
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= registryAttempts; attempt++) {
            try {
                return client.getById(schemaId);
            } catch (SchemaNotFoundException e) {
                throw new Rejection.Exception(
                        Rejection.UNKNOWN_SCHEMA_ID,
                        "schema id " + schemaId + " is not known to the schema registry",
                        e);
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable()) {
                    throw new IllegalStateException(
                            "Schema registry refused to look up schema id " + schemaId + " for a record on " + topic
                                    + ": " + e.getMessage(),
                            e);
                }
                last = e;
                if (attempt < registryAttempts) {
                    sleep(registryBackoff.multipliedBy(attempt));
                }
            }
        }
        // Not bad data: stop here so the record is processed again once the registry is back.
        throw new IllegalStateException(
                "Schema registry unreachable after " + registryAttempts
                        + " attempts looking up schema id " + schemaId + " for a record on " + topic
                        + "; stopping rather than skipping the record",
                last);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
    }
}
