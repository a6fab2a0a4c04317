package city.ordos.plan.producers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka producer settings that lose nothing and duplicate nothing: idempotence on, acks=all, one
 * request in flight, retries bounded by {@code delivery.timeout.ms}, compressed batches. Anything else the user
 * passes (SASL, TLS, batching, registry settings) goes through unchanged; a setting that would
 * weaken delivery is refused with a clear error instead of being silently applied.
 */
public final class ProducerSettings {

    private static final Map<String, String> DEFAULTS = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.ACKS_CONFIG, "all",
            // One request in flight: with more, a request refused while a partition's leader is not
            // ready yet (new topic, broker restart) can be overtaken by the next one, after which the
            // first can never be appended (KAFKA-15591: out-of-order sequence until the delivery
            // timeout). PlatformRestartIT's feed lost 26 events that way at 5.
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, "20",
            ProducerConfig.BATCH_SIZE_CONFIG, "131072");

    private ProducerSettings() {}

    /**
     * The producer configuration: the safe defaults, overlaid by {@code user} (flags, properties
     * file, environment already merged by the caller).
     *
     * @throws IllegalArgumentException if {@code user} turns idempotence off, asks for fewer than
     *                                  all acks, or more than 5 requests in flight
     */
    public static Map<String, Object> producerConfig(Map<String, String> user, String clientId) {
        Map<String, Object> out = new LinkedHashMap<>(DEFAULTS);
        out.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        out.putAll(user);
        String idem = String.valueOf(out.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))
                .toLowerCase(Locale.ROOT);
        if (!idem.equals("true")) {
            throw new IllegalArgumentException("enable.idempotence=" + idem
                    + " would allow duplicates on retry; the producers always run idempotent");
        }
        String acks = String.valueOf(out.get(ProducerConfig.ACKS_CONFIG)).toLowerCase(Locale.ROOT);
        if (!acks.equals("all") && !acks.equals("-1")) {
            throw new IllegalArgumentException("acks=" + acks
                    + " would lose acknowledged events when a broker fails; the producers always use acks=all");
        }
        int inFlight = Integer.parseInt(String.valueOf(out.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)));
        if (inFlight > 5) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection=" + inFlight
                    + " is incompatible with idempotence (at most 5)");
        }
        return out;
    }

    public static Map<String, String> toMap(Properties properties) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            out.put(name, properties.getProperty(name));
        }
        return out;
    }
}
