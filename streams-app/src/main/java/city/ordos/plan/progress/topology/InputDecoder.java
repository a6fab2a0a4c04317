package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.deadletters.ReasonCodes;
import city.ordos.plan.deadletters.RegistryUnavailableException;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.registry.SchemaNotFoundException;
import city.ordos.plan.registry.SchemaRegistryClient;
import city.ordos.plan.registry.SchemaRegistryException;
import city.ordos.plan.registry.WriterSchemaCheck;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
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
 * {@link Rejection}; an unreachable registry is not bad data: once the registry client has retried
 * (its {@code RetryPolicy}, the only one) it fails the stream thread loudly, and the record is read
 * again after recovery.
 *
 * <p>The writer schema is checked, not trusted: besides its record type, every field the product
 * reads must be readable without changing its meaning ({@link WriterSchemaCheck}: a decimal of
 * another scale, a decimal written as text, a timestamp of another unit are refused). The verdict is
 * kept per schema id, so the check costs one map lookup per record.
 */
final class InputDecoder {

    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_SIZE = 5;
    /** Distinct writer schemas remembered per stream; a registry holds far fewer versions of an input type. */
    private static final int MAX_CACHED_VERDICTS = 1000;

    private final SchemaRegistryClient client;
    private final Map<InputStream, Deserializer<?>> deserializers = new EnumMap<>(InputStream.class);
    private final Map<InputStream, Schema> readerSchemas = new EnumMap<>(InputStream.class);
    /** Problems of each writer schema id met so far (empty: readable), per input stream. */
    private final Map<InputStream, Map<Integer, List<String>>> writerVerdicts = new EnumMap<>(InputStream.class);

    @SuppressWarnings({"unchecked", "rawtypes"})
    InputDecoder(AvroSerdes serdes) {
        this.client = serdes.client();
        for (InputStream stream : InputStream.values()) {
            Class type = InputEvent.typeOf(stream);
            deserializers.put(
                    stream, serdes.valueSerde((Class<SpecificRecord>) type).deserializer());
            readerSchemas.put(stream, SpecificData.get().getSchema(type));
            writerVerdicts.put(stream, new HashMap<>());
        }
    }

    InputEvent decode(InputStream stream, String topic, byte[] value) throws Rejection.Exception {
        if (value.length < HEADER_SIZE || value[0] != MAGIC_BYTE) {
            throw new Rejection.Exception(
                    ReasonCodes.NOT_AVRO,
                    "value of " + value.length
                            + " bytes is not schema-registry framed Avro (magic byte 0 + 4-byte schema id expected)",
                    null);
        }
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        Schema writer = writerSchema(schemaId, topic);
        Schema reader = readerSchemas.get(stream);
        if (!reader.getFullName().equals(writer.getFullName())) {
            throw new Rejection.Exception(
                    ReasonCodes.WRONG_TYPE,
                    "schema id " + schemaId + " is " + writer.getFullName() + " but topic " + topic + " carries "
                            + reader.getFullName(),
                    null);
        }
        List<String> problems = writerProblems(stream, schemaId, reader, writer);
        if (!problems.isEmpty()) {
            throw new Rejection.Exception(
                    ReasonCodes.INCOMPATIBLE_WRITER_SCHEMA,
                    "schema id " + schemaId + " (" + writer.getFullName() + ") cannot be read as the contract says: "
                            + String.join("; ", problems),
                    null);
        }
        Object record;
        try {
            record = deserializers.get(stream).deserialize(topic, value);
        } catch (SerializationException e) {
            if (countyOutsideEnum(value)) {
                throw new Rejection.Exception(
                        ReasonCodes.UNKNOWN_COUNTY,
                        "header.county is not one of the nine " + "county-level units (enum index outside "
                                + County.class.getSimpleName() + ")",
                        e);
            }
            if (emptyDecimal(e)) {
                throw new Rejection.Exception(
                        ReasonCodes.INVALID_DECIMAL,
                        "quantity.value is not a decimal: its bytes are empty (an Avro decimal is the"
                                + " two's-complement unscaled number, at least one byte)",
                        e);
            }
            throw new Rejection.Exception(
                    ReasonCodes.NOT_AVRO,
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

    private List<String> writerProblems(InputStream stream, int schemaId, Schema reader, Schema writer) {
        Map<Integer, List<String>> verdicts = writerVerdicts.get(stream);
        List<String> problems = verdicts.get(schemaId);
        if (problems == null) {
            problems = WriterSchemaCheck.problems(reader, writer);
            if (verdicts.size() < MAX_CACHED_VERDICTS) {
                verdicts.put(schemaId, problems);
            }
        }
        return problems;
    }

    /** BigInteger refuses zero bytes; the Avro decoder lets that through to the decimal conversion. */
    private static boolean emptyDecimal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NumberFormatException && "Zero length BigInteger".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private Schema writerSchema(int schemaId, String topic) throws Rejection.Exception {
        try {
            return client.getById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new Rejection.Exception(
                    ReasonCodes.UNKNOWN_SCHEMA_ID, "schema id " + schemaId + " is not known to the schema registry", e);
        } catch (SchemaRegistryException e) {
            if (!e.isRetriable()) {
                throw new RegistryUnavailableException(
                        "Schema registry refused to look up schema id " + schemaId + " for a record on " + topic + ": "
                                + e.getMessage(),
                        e);
            }
            // The client has retried as the one registry retry policy says; no second loop sleeps
            // here. Not bad data: stop so the record is processed again once the registry is back.
            throw new RegistryUnavailableException(
                    "Schema registry unreachable after " + client.retryPolicy().attempts()
                            + " attempts looking up schema id " + schemaId + " for a record on " + topic
                            + "; stopping rather than skipping the record",
                    e);
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
