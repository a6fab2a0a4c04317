package city.ordos.plan.state;

import city.ordos.plan.units.AmountLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/** Reads the fields {@link CompactWriter} wrote, in the same order, with Avro's binary decoder. */
final class CompactReader {

    private final BinaryDecoder in;

    CompactReader(byte[] data, int offset) {
        this.in = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, null);
    }

    int readInt() throws IOException {
        return in.readInt();
    }

    long readLong() throws IOException {
        return in.readLong();
    }

    String readString() throws IOException {
        return in.readString();
    }

    String readNullableString() throws IOException {
        return present() ? in.readString() : null;
    }

    Integer readNullableInt() throws IOException {
        return present() ? in.readInt() : null;
    }

    Long readNullableLong() throws IOException {
        return present() ? in.readLong() : null;
    }

    BigDecimal readDecimal() throws IOException {
        int kind = in.readInt();
        switch (kind) {
            case CompactWriter.NULL:
                return null;
            case CompactWriter.LONG_DECIMAL:
                return BigDecimal.valueOf(in.readLong(), AmountLimits.SCALE);
            case CompactWriter.BIG_DECIMAL: {
                ByteBuffer bytes = in.readBytes(null);
                byte[] unscaled = new byte[bytes.remaining()];
                bytes.get(unscaled);
                return new BigDecimal(new BigInteger(unscaled), AmountLimits.SCALE);
            }
            default:
                throw new SerializationException("Unknown decimal kind " + kind);
        }
    }

    Map<String, BigDecimal> readDecimals() throws IOException {
        int size = in.readInt();
        if (size < 0) {
            throw new SerializationException("Negative map size " + size);
        }
        Map<String, BigDecimal> values = new HashMap<>();
        for (int i = 0; i < size; i++) {
            values.put(in.readString(), readDecimal());
        }
        return values;
    }

    /** Fails unless every byte was read: a record with bytes left over is not what was written. */
    void end() throws IOException {
        if (!in.isEnd()) {
            throw new SerializationException("Bytes left over after the last field");
        }
    }

    private boolean present() throws IOException {
        int flag = in.readInt();
        if (flag != CompactWriter.NULL && flag != CompactWriter.PRESENT) {
            throw new SerializationException("Unknown presence flag " + flag);
        }
        return flag == CompactWriter.PRESENT;
    }
}
