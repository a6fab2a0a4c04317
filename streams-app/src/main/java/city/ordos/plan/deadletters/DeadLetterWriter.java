package city.ordos.plan.deadletters;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.registry.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Turns a record the error handlers were given into a dead-letter {@link ProducerRecord}: the
 * handlers hand it back to Kafka Streams, which sends it in the same transaction as the rest of
 * the task's output. Configured from the streams configuration ({@link #TOPIC_CONFIG}, the
 * registry settings, {@code max.request.size}).
 */
final class DeadLetterWriter {

    private final String topic;
    private final DeadLetters letters;
    private final Serializer<DeadLetter> serializer;
    private final Clock clock;

    private DeadLetterWriter(String topic, DeadLetters letters, Serializer<DeadLetter> serializer, Clock clock) {
        this.topic = topic;
        this.letters = letters;
        this.serializer = serializer;
        this.clock = clock;
    }

    static DeadLetterWriter from(Map<String, ?> configs) {
        Object topic = configs.get(DeadLetters.TOPIC_CONFIG);
        Objects.requireNonNull(topic, DeadLetters.TOPIC_CONFIG + " must name the dead-letter topic");
        AvroSerdes serdes = new AvroSerdes(Map.copyOf(configs));
        return new DeadLetterWriter(
                topic.toString(),
                new DeadLetters(maxRequestSize(configs), "streams-app"),
                serdes.valueSerde(DeadLetter.class).serializer(),
                Clock.systemUTC());
    }

    private static int maxRequestSize(Map<String, ?> configs) {
        for (String key : List.of(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
            Object v = configs.get(key);
            if (v != null) {
                return Integer.parseInt(v.toString().trim());
            }
        }
        return 1_048_576;
    }

    /** A letter about the source record of {@code context}, with the given reason. */
    ProducerRecord<byte[], byte[]> letter(ErrorHandlerContext context, String reasonCode, String message) {
        DeadLetters.Origin origin = new DeadLetters.Origin(
                context.topic(),
                context.topic() == null ? null : context.partition(),
                context.topic() == null ? null : context.offset(),
                context.timestamp(),
                context.sourceRawKey(),
                context.sourceRawValue());
        DeadLetters.Letter letter = letters.letter(origin, reasonCode, message, List.of(), clock.instant());
        return new ProducerRecord<>(
                topic,
                letter.key() == null ? null : letter.key().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(topic, letter.value()));
    }

    String topic() {
        return topic;
    }
}
