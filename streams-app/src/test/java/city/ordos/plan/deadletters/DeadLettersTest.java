package city.ordos.plan.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.registry.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final int MAX_REQUEST_SIZE = 1_048_576;
    private static final String TOPIC = "ordos.dead-letters";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final DeadLetters letters = new DeadLetters(MAX_REQUEST_SIZE, "streams-app");
    private final Serializer<DeadLetter> serializer = new AvroSerdes(
                    Map.of("schema.registry.url", "mock://dead-letters-" + UUID.randomUUID()))
            .valueSerde(DeadLetter.class)
            .serializer();

    @Test
    void atTheExactBoundaryTheOriginalBytesAreKeptAndOneByteMoreLeavesADigest() {
        byte[] key = "PRJ-1".getBytes(StandardCharsets.UTF_8);
        // Find the value size whose letter, as the registry serializer writes it, is exactly the budget.
        int size = 1_000_000;
        for (int i = 0; i < 5; i++) {
            size += letters.budget() - onTheWire(letters.letter(origin(key, size), "OVERSIZED", "m", List.of(), NOW));
        }
        DeadLetters.Letter atLimit = letters.letter(origin(key, size), "OVERSIZED", "m", List.of(), NOW);
        assertThat(onTheWire(atLimit)).as("test setup: exactly at the budget").isEqualTo(letters.budget());
        assertThat(atLimit.value().getOriginalValue())
                .as("fits: the bytes are kept")
                .isNotNull();
        assertThat(atLimit.value().getOriginalValue().remaining()).isEqualTo(size);

        DeadLetters.Letter over = letters.letter(origin(key, size + 1), "OVERSIZED", "m", List.of(), NOW);
        assertThat(over.value().getOriginalValue())
                .as("one byte more: no bytes")
                .isNull();
        assertThat(over.value().getOriginalValueSize()).isEqualTo(size + 1);
        assertThat(over.value().getOriginalValueSha256()).isEqualTo(sha256(new byte[size + 1]));
        assertThat(over.value().getSourceTopic()).isEqualTo("ordos.investment-reports");
        assertThat(over.value().getSourcePartition()).isEqualTo(2);
        assertThat(over.value().getSourceOffset()).isEqualTo(42L);
        assertThat(over.value().getOriginalKey().array())
                .as("the key still fits")
                .isEqualTo(key);
        assertThat(over.key()).isEqualTo("PRJ-1");
        assertThat(onTheWire(over)).isLessThan(1_000);
    }

    @Test
    void theBudgetLeavesRoomForKafkasOwnRecordAndBatchFraming() {
        byte[] key = "PRJ-1".getBytes(StandardCharsets.UTF_8);
        int size = 1_000_000;
        for (int i = 0; i < 5; i++) {
            size += letters.budget() - onTheWire(letters.letter(origin(key, size), "OVERSIZED", "m", List.of(), NOW));
        }
        DeadLetters.Letter atLimit = letters.letter(origin(key, size), "OVERSIZED", "m", List.of(), NOW);
        byte[] value = serializer.serialize(TOPIC, atLimit.value());
        // What the producer compares with max.request.size before it sends (KafkaProducer#doSend).
        int producerEstimate = AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.MAGIC_VALUE_V2, CompressionType.NONE, key, value, new Header[0]);
        assertThat(producerEstimate).isLessThanOrEqualTo(MAX_REQUEST_SIZE);
    }

    @Test
    void aKeyTooLargeToKeepIsLeftOutAndNamedByItsDigest() {
        byte[] key = new byte[1_048_000];
        Arrays.fill(key, (byte) 'k');
        DeadLetters.Letter letter = letters.letter(origin(key, 10), "KEY_MISMATCH", "m", List.of(), NOW);
        assertThat(letter.key()).isNull();
        assertThat(letter.value().getOriginalKey()).isNull();
        assertThat(letter.value().getOriginalKeySha256()).isEqualTo(sha256(key));
        assertThat(letter.value().getOriginalValue()).isNull();
        assertThat(onTheWire(letter)).isLessThanOrEqualTo(letters.budget());
    }

    @Test
    void aHugeMessageIsCutAndQuotedInputIsShort() {
        String longUnit = "u".repeat(500_000);
        DeadLetters.Letter letter = letters.letter(
                origin("k".getBytes(StandardCharsets.UTF_8), 10),
                "UNKNOWN_UNIT",
                "unknown unit " + longUnit,
                List.of(),
                NOW);
        assertThat(letter.value().getMessage())
                .hasSize(DeadLetters.MAX_MESSAGE_CHARS)
                .endsWith(" more characters)");
        assertThat(DeadLetters.quote(longUnit)).isEqualTo("'" + "u".repeat(100) + "...' (500000 characters)");
        assertThat(DeadLetters.quote("亿元")).isEqualTo("'亿元'");
    }

    private int onTheWire(DeadLetters.Letter letter) {
        int key = letter.key() == null ? 0 : letter.key().getBytes(StandardCharsets.UTF_8).length;
        return key + serializer.serialize(TOPIC, letter.value()).length;
    }

    private static DeadLetters.Origin origin(byte[] key, int valueSize) {
        return new DeadLetters.Origin("ordos.investment-reports", 2, 42L, 1L, key, new byte[valueSize]);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
