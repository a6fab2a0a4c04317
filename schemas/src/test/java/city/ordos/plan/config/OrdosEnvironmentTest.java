package city.ordos.plan.config;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.config.OrdosEnvironment.KafkaClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrdosEnvironmentTest {

    @Test
    void aVariableNamesItsKeyByTheKafkaImagesEscapes() {
        assertThat(OrdosEnvironment.key("BOOTSTRAP_SERVERS")).isEqualTo("bootstrap.servers");
        assertThat(OrdosEnvironment.key("SSL_ENDPOINT___IDENTIFICATION___ALGORITHM"))
                .isEqualTo("ssl.endpoint-identification-algorithm");
        assertThat(OrdosEnvironment.key("CONSUMER_CLIENT__RACK")).isEqualTo("consumer.client_rack");
        assertThat(OrdosEnvironment.key("API_ADMIN___TOKEN")).isEqualTo("api.admin-token");
    }

    @Test
    void onlyOrdosVariablesAreRead() {
        Map<String, String> settings = OrdosEnvironment.settings(Map.of(
                "ORDOS_LINGER_MS", "50",
                "ORDOS_", "nameless",
                "PATH", "/usr/bin",
                "KAFKA_LINGER_MS", "7",
                "ordos_acks", "lower-case is not ours"));

        assertThat(settings).containsExactly(Map.entry("linger.ms", "50"));
    }

    @Test
    void aProducingCommandTakesProducerAndRegistryKeysAndNothingElse() {
        Map<String, String> environment = Map.of(
                "ORDOS_BOOTSTRAP_SERVERS", "kafka:9092",
                "ORDOS_SECURITY_PROTOCOL", "SASL_SSL",
                "ORDOS_LINGER_MS", "50",
                "ORDOS_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "ORDOS_BASIC_AUTH_USER_INFO", "ordos:secret",
                "ORDOS_SESSION_TIMEOUT_MS", "6000",
                "ORDOS_STATE_DIR", "/var/lib/ordos/state",
                "ORDOS_HTTP_HOST", "0.0.0.0",
                "ORDOS_API_ADMIN_TOKEN", "t0ken");

        assertThat(OrdosEnvironment.clientSettings(environment, List.of(KafkaClient.PRODUCER)))
                .as("the app's own keys, Kafka Streams' and a consumer's are not the producer's")
                .containsOnly(
                        Map.entry("bootstrap.servers", "kafka:9092"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("linger.ms", "50"),
                        Map.entry("schema.registry.url", "http://registry:8081"),
                        Map.entry("basic.auth.user.info", "ordos:secret"));
        assertThat(OrdosEnvironment.clientSettings(environment, List.of(KafkaClient.CONSUMER)))
                .containsEntry("session.timeout.ms", "6000")
                .doesNotContainKey("linger.ms");
        assertThat(OrdosEnvironment.clientSettings(environment, List.of()))
                .as("a registry-only command")
                .containsOnlyKeys("schema.registry.url", "basic.auth.user.info");
    }

    @Test
    void theKeysThatNameOneProgramStayWithTheApp() {
        Map<String, String> environment = Map.of(
                "ORDOS_GROUP_INSTANCE_ID", "ordos-app-0",
                "ORDOS_GROUP_ID", "ordos-progress",
                "ORDOS_CLIENT_ID", "app",
                "ORDOS_TRANSACTIONAL_ID", "tx",
                "ORDOS_CLIENT_RACK", "rack-1");

        assertThat(OrdosEnvironment.clientSettings(
                        environment, List.of(KafkaClient.PRODUCER, KafkaClient.CONSUMER, KafkaClient.ADMIN)))
                .containsOnly(Map.entry("client.rack", "rack-1"));
        assertThat(OrdosEnvironment.settings(environment))
                .as("the app itself reads them all")
                .containsEntry("group.instance.id", "ordos-app-0");
    }

    @Test
    void blankVariablesSetNothingAndValuesAreTrimmed() {
        assertThat(OrdosEnvironment.clientSettings(
                        Map.of("ORDOS_BOOTSTRAP_SERVERS", " ", "ORDOS_ACKS", " all\n"), List.of(KafkaClient.PRODUCER)))
                .containsOnly(Map.entry("acks", "all"));
    }
}
