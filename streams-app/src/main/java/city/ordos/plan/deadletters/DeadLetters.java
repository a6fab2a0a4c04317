package city.ordos.plan.deadletters;

import city.ordos.plan.avro.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds dead letters that always fit a Kafka record: the original key and value bytes when the
 * letter still fits with them, otherwise their size and SHA-256 next to the source coordinates
 * (topic, partition, offset), which find the record just as well.
 *
 * <p>"Fits" means key plus value of the letter, serialized as registry-framed Avro, are at most
 * {@code maxRecordBytes - }{@link #RECORD_OVERHEAD_BYTES}: the producer refuses a record whose
 * worst-case size on the wire (batch header 61 bytes, record header at most 21, two length
 * varints, headers) exceeds {@code max.request.size}, and a letter the producer refuses would fail
 * the transaction and stop the stream thread.
 */
public final class DeadLetters {

    /** Streams configuration key naming the dead-letter topic for the error handlers ({@code AppConfig} sets it). */
    public static final String TOPIC_CONFIG = "ordos.errors.dead.letter.topic";

    /** Room left for Kafka's record and batch framing: 61 + 21 + 2 x 5 = 92 bytes without headers, rounded up. */
    public static final int RECORD_OVERHEAD_BYTES = 128;
    /** Messages are cut to this many characters (they quote input text, which may be huge). */
    public static final int MAX_MESSAGE_CHARS = 4000;
    /** Registry framing in front of the Avro body: magic byte and 4-byte schema id. */
    private static final int FRAMING_BYTES = 5;
    /** The single-object encoding header {@link DeadLetter#toByteBuffer()} adds: marker and fingerprint. */
    private static final int SINGLE_OBJECT_HEADER_BYTES = 10;

    /** Where the record came from and what it was: raw bytes as read. */
    public record Origin(String topic, Integer partition, Long offset, long timestamp, byte[] key, byte[] value) {}

    /** A letter ready to send, with the record key to send it under. */
    public record Letter(String key, DeadLetter value) {}

    private final int maxRecordBytes;
    private final String component;

    /**
     * @param maxRecordBytes the producer's {@code max.request.size} (and at most the dead-letter
     *                       topic's {@code max.message.bytes})
     * @param component      what rejects: {@code streams-app}
     */
    public DeadLetters(int maxRecordBytes, String component) {
        if (maxRecordBytes < 16 * 1024) {
            throw new IllegalArgumentException(
                    "dead letters need records of at least 16 KiB, max.request.size is " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.component = component;
    }

    /** Key plus value bytes a letter may take. */
    public int budget() {
        return maxRecordBytes - RECORD_OVERHEAD_BYTES;
    }

    public Letter letter(Origin origin, String reasonCode, String message, List<String> goals, Instant now) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(origin.topic())
                .setSourcePartition(origin.partition())
                .setSourceOffset(origin.offset())
                .setOriginalKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
                .setOriginalValue(origin.value() == null ? null : ByteBuffer.wrap(origin.value()))
                .setRecordTimestamp(origin.timestamp() < 0 ? null : Instant.ofEpochMilli(origin.timestamp()))
                .setReasonCode(reasonCode)
                .setMessage(cut(message))
                .setComponent(component)
                .setDeadLetteredAt(now)
                .setGoals(List.copyOf(goals))
                .setOriginalValueSize(origin.value() == null ? null : origin.value().length)
                .setOriginalValueSha256(origin.value() == null ? null : sha256(origin.value()))
                .setOriginalKeySha256(origin.key() == null ? null : sha256(origin.key()))
                .build();
        String key = origin.key() == null ? null : new String(origin.key(), StandardCharsets.UTF_8);
        if (fits(key, letter)) {
            return new Letter(key, letter);
        }
        letter.setOriginalValue(null);
        if (fits(key, letter)) {
            return new Letter(key, letter);
        }
        // Only a key of nearly a megabyte gets here; its digest still names it.
        letter.setOriginalKey(null);
        return new Letter(null, letter);
    }

    private boolean fits(String key, DeadLetter letter) {
        long keyBytes = key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        return keyBytes + serializedSize(letter) <= budget();
    }

    /** Exact size of the letter as the registry serde writes it: framing plus the Avro binary body. */
    public static int serializedSize(DeadLetter letter) {
        try {
            return letter.toByteBuffer().remaining() - SINGLE_OBJECT_HEADER_BYTES + FRAMING_BYTES;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a dead letter", e);
        }
    }

    static String cut(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        String tail = " ... (" + (message.length() - MAX_MESSAGE_CHARS) + " more characters)";
        return message.substring(0, MAX_MESSAGE_CHARS - tail.length()) + tail;
    }

    /**
     * Input text as a message quotes it: at most 100 characters, so a huge field cannot make the
     * message huge.
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 100
                ? "'" + text + "'"
                : "'" + text.substring(0, 100) + "...' (" + text.length() + " characters)";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
