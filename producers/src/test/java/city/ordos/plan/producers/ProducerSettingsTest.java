package city.ordos.plan.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    @Test
    void defaultsLoseNothingAndDuplicateNothing() {
        Map<String, Object> config = ProducerSettings.producerConfig(Map.of("bootstrap.servers", "b:9092"), "sim");

        assertThat(config)
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all")
                .containsEntry("max.in.flight.requests.per.connection", "1")
                .containsEntry("delivery.timeout.ms", "120000")
                .containsEntry("compression.type", "lz4")
                .containsEntry("client.id", "sim")
                .containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void securityAndTuningSettingsPassThrough() {
        Map<String, Object> config = ProducerSettings.producerConfig(
                Map.of(
                        "security.protocol",
                        "SASL_SSL",
                        "sasl.mechanism",
                        "SCRAM-SHA-512",
                        "compression.type",
                        "zstd",
                        "schema.registry.url",
                        "https://r:8081"),
                "sim");

        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("compression.type", "zstd")
                .containsEntry("schema.registry.url", "https://r:8081");
    }

    @Test
    void settingsThatWouldLoseOrDuplicateEventsAreRefused() {
        assertThatThrownBy(() -> ProducerSettings.producerConfig(Map.of("acks", "1"), "sim"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acks=1");
        assertThatThrownBy(() -> ProducerSettings.producerConfig(Map.of("enable.idempotence", "false"), "sim"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enable.idempotence=false");
        assertThatThrownBy(() ->
                        ProducerSettings.producerConfig(Map.of("max.in.flight.requests.per.connection", "10"), "sim"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 5");
    }

    @Test
    void registrySettingsGoToTheSerdeAndTheRestToKafka() {
        assertThat(EventPublisher.isRegistrySetting("schema.registry.url")).isTrue();
        assertThat(EventPublisher.isRegistrySetting("basic.auth.user.info")).isTrue();
        assertThat(EventPublisher.isRegistrySetting("value.subject.name.strategy"))
                .isTrue();
        assertThat(EventPublisher.isRegistrySetting("sasl.jaas.config")).isFalse();
        assertThat(EventPublisher.isRegistrySetting("retries")).isFalse();
    }
}
