package city.ordos.plan.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * One thread's output buffer and buffered Avro encoder, reused from record to record: a store's
 * serde is shared by every stream thread, and Avro's unbuffered encoder wrote byte by byte into a
 * new synchronized stream per record. Keep one per thread ({@code ThreadLocal}); not thread-safe.
 */
public final class EncodingBuffer {

    /** A buffer that grew past this for one large record is dropped rather than kept for the thread's life. */
    private static final int KEPT_CAPACITY = 64 * 1024;

    private ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;

    /** Starts a record: the buffer emptied, {@code header} written as it is (a wire format's framing), then the encoder. */
    public BinaryEncoder start(byte[] header) {
        bytes.reset();
        bytes.writeBytes(header);
        encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
        return encoder;
    }

    /** The record written since {@link #start}, copied out. */
    public byte[] finish() throws IOException {
        encoder.flush();
        byte[] record = bytes.toByteArray();
        if (record.length > KEPT_CAPACITY) {
            bytes = new ByteArrayOutputStream(256);
        }
        return record;
    }

    /** After a failed write: the encoder may hold part of the record, so neither it nor its bytes are reused. */
    public void discard() {
        encoder = null;
        bytes = new ByteArrayOutputStream(256);
    }
}
