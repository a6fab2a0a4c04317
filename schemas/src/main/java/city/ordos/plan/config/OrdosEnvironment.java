package city.ordos.plan.config;

import city.ordos.plan.registry.AvroSerdeConfig;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings from {@code ORDOS_*} environment variables, read the same way by every command of the
 * product. A variable names its key by the rule of the Apache Kafka and Confluent images: drop
 * {@code ORDOS_}, lower-case, {@code _} is {@code .}, {@code __} is {@code _}, {@code ___} is
 * {@code -}, so that any key can be set ({@code ORDOS_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}).
 */
public final class OrdosEnvironment {

    public static final String VARIABLE_PREFIX = "ORDOS_";

    /**
     * Keys that name one program (its client, group or transaction) rather than the cluster: the
     * environment is shared by the programs of a pod or a compose service, so a command other than
     * the app reads them only from its own {@code --config} / {@code -X} (the app's
     * {@code ORDOS_GROUP_INSTANCE_ID} must not make the simulator's reader a member of its group).
     */
    static final Set<String> PROGRAM_IDENTITY_KEYS = Set.of(
            ProducerConfig.CLIENT_ID_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    /** The Kafka clients a command creates, whose settings it takes from the environment. */
    public enum KafkaClient {
        PRODUCER,
        CONSUMER,
        ADMIN;

        Set<String> configNames() {
            return switch (this) {
                case PRODUCER -> ProducerConfig.configNames();
                case CONSUMER -> ConsumerConfig.configNames();
                case ADMIN -> AdminClientConfig.configNames();
            };
        }
    }

    private OrdosEnvironment() {}

    /** Every {@code ORDOS_*} variable of {@code environment} as the key it names, in key order. */
    public static Map<String, String> settings(Map<String, String> environment) {
        Map<String, String> result = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(VARIABLE_PREFIX) && name.length() > VARIABLE_PREFIX.length()) {
                result.put(key(name.substring(VARIABLE_PREFIX.length())), value);
            }
        });
        return result;
    }

    /**
     * The variables that set something the given clients or the registry serde read: keys known to
     * the clients' config definitions and {@link AvroSerdeConfig#isSerdeSetting serde keys}, without
     * the {@link #PROGRAM_IDENTITY_KEYS}. Everything else (the app's {@code ORDOS_HTTP_HOST}, Kafka
     * Streams' {@code ORDOS_STATE_DIR}, a consumer-only key for a command that only produces) is left
     * out, so a client never hears of a setting it would warn about as unused. Blank values are left
     * out too (an unset compose variable).
     */
    public static Map<String, String> clientSettings(Map<String, String> environment, Collection<KafkaClient> clients) {
        Map<String, String> result = new TreeMap<>();
        settings(environment).forEach((key, value) -> {
            if (!value.isBlank() && isClientSetting(key, clients)) {
                result.put(key, value.strip());
            }
        });
        return result;
    }

    private static boolean isClientSetting(String key, Collection<KafkaClient> clients) {
        if (PROGRAM_IDENTITY_KEYS.contains(key)) {
            return false;
        }
        return AvroSerdeConfig.isSerdeSetting(key)
                || clients.stream().anyMatch(client -> client.configNames().contains(key));
    }

    /**
     * The key a variable (without {@code ORDOS_}) names: {@code _} is {@code .}, {@code __} is
     * {@code _}, {@code ___} is {@code -}; lower case. {@code SSL_ENDPOINT___IDENTIFICATION___ALGORITHM}
     * is {@code ssl.endpoint-identification-algorithm}, {@code CONSUMER_CLIENT__RACK}
     * {@code consumer.client_rack}.
     */
    public static String key(String variable) {
        StringBuilder key = new StringBuilder();
        String lower = variable.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length()) {
            if (lower.startsWith("___", i)) {
                key.append('-');
                i += 3;
            } else if (lower.startsWith("__", i)) {
                key.append('_');
                i += 2;
            } else {
                char c = lower.charAt(i++);
                key.append(c == '_' ? '.' : c);
            }
        }
        return key.toString();
    }
}
