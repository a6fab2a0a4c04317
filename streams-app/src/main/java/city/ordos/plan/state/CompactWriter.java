package city.ordos.plan.state;

import city.ordos.plan.registry.EncodingBuffer;
import city.ordos.plan.units.AmountLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;

/**
 * Writes the fields of one record in the compact format ({@link CompactSerde}) with Avro's binary
 * encoder (zig-zag varints, length-prefixed UTF-8), field after field in code, without a schema
 * to walk. One per thread: its buffer and encoder are reused from record to record ({@link EncodingBuffer}).
 */
final class CompactWriter {

    static final int NULL = 0;
    static final int PRESENT = 1;
    static final int LONG_DECIMAL = 1;
    static final int BIG_DECIMAL = 2;

    /** What every value starts with: the format byte. */
    private static final byte[] HEADER = {CompactSerde.FORMAT};

    private final EncodingBuffer buffer = new EncodingBuffer();
    private BinaryEncoder encoder;

    CompactWriter start() {
        encoder = buffer.start(HEADER);
        return this;
    }

    byte[] finish() throws IOException {
        return buffer.finish();
    }

    /** After a failed write: neither the encoder nor its bytes are reused. */
    void discard() {
        buffer.discard();
    }

    void writeInt(int value) throws IOException {
        encoder.writeInt(value);
    }

    void writeLong(long value) throws IOException {
        encoder.writeLong(value);
    }

    void writeString(String value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("A required string field is null");
        }
        encoder.writeString(value);
    }

    /** A string that may be null: a presence flag, then the string. */
    void writeNullableString(String value) throws IOException {
        encoder.writeInt(value == null ? NULL : PRESENT);
        if (value != null) {
            encoder.writeString(value);
        }
    }

    void writeNullableInt(Integer value) throws IOException {
        encoder.writeInt(value == null ? NULL : PRESENT);
        if (value != null) {
            encoder.writeInt(value);
        }
    }

    void writeNullableLong(Long value) throws IOException {
        encoder.writeInt(value == null ? NULL : PRESENT);
        if (value != null) {
            encoder.writeLong(value);
        }
    }

    /**
     * A decimal that may be null, held to the contract's {@code decimal(38,6)} as Avro's writer
     * holds it: another scale is taken to six places only if that is exact, a value that would need
     * rounding or has too many digits is refused. So the scale is not written. Nearly every
     * amount's unscaled value fits a long and takes a varint; larger ones (above about 9.2 x 10^12)
     * take their two's-complement bytes.
     */
    void writeDecimal(BigDecimal value) throws IOException {
        if (value == null) {
            encoder.writeInt(NULL);
            return;
        }
        if (value.scale() != AmountLimits.SCALE) {
            try {
                value = value.setScale(AmountLimits.SCALE, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("Cannot encode " + value.toPlainString() + " as decimal("
                        + AmountLimits.PRECISION + "," + AmountLimits.SCALE + ") without rounding");
            }
        }
        if (value.precision() > AmountLimits.PRECISION) {
            throw new IllegalArgumentException("Cannot encode " + value.toPlainString() + " as decimal("
                    + AmountLimits.PRECISION + "," + AmountLimits.SCALE + "): too many digits");
        }
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() < Long.SIZE) {
            encoder.writeInt(LONG_DECIMAL);
            encoder.writeLong(unscaled.longValue());
        } else {
            encoder.writeInt(BIG_DECIMAL);
            encoder.writeBytes(unscaled.toByteArray());
        }
    }

    /** A map of decimals by name (never null: the records default it to empty). */
    void writeDecimals(Map<String, BigDecimal> values) throws IOException {
        encoder.writeInt(values.size());
        for (Map.Entry<String, BigDecimal> e : values.entrySet()) {
            writeString(e.getKey());
            writeDecimal(e.getValue());
        }
    }
}
