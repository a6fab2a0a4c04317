package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.InvestmentReport;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdesTest {

    private static final String TOPIC = "ordos.investment-reports";

    /** Stands in for a third-party serde class (such as Confluent's) chosen by configuration. */
    public static final class RecordingSerde extends SchemaRegistryAvroSerde<Object> {
        static final Map<String, Object> LAST_CONFIG = new ConcurrentHashMap<>();

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            LAST_CONFIG.clear();
            LAST_CONFIG.putAll(configs);
            LAST_CONFIG.put("isKey", isKey);
            super.configure(configs, isKey);
        }
    }

    @Test
    void serdesOfOneInstanceShareOneRegistryClient() {
        MockSchemaRegistryClient registry = new MockSchemaRegistryClient();
        AvroSerdes serdes =
                new AvroSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081"), registry);
        Serde<InvestmentReport> writer = serdes.valueSerde(InvestmentReport.class);
        Serde<InvestmentReport> reader = serdes.valueSerde(InvestmentReport.class);
        InvestmentReport report = SampleRecords.investmentReport("4.5");

        assertThat(reader.deserializer().deserialize(TOPIC, writer.serializer().serialize(TOPIC, report)))
                .isEqualTo(report);
        assertThat(registry.getSubjects()).containsExactly(TOPIC + "-value");
        assertThat(serdes.configs()).containsEntry(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081");
    }

    @Test
    void keySerdeRegistersUnderTheKeySubject() {
        MockSchemaRegistryClient registry = new MockSchemaRegistryClient();
        Serde<InvestmentReport> keys = new AvroSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://x"), registry)
                .keySerde(InvestmentReport.class);

        keys.serializer().serialize(TOPIC, SampleRecords.investmentReport("1"));

        assertThat(registry.getSubjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void aSerdeClassChosenByConfigurationIsHandedOutConfiguredWithTheSameSettings() {
        String scope = "avro-serdes-test-" + System.nanoTime();
        Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        config.put(AvroSerdeConfig.SERDE_CLASS, RecordingSerde.class.getName());
        try {
            Serde<InvestmentReport> serde = new AvroSerdes(config).valueSerde(InvestmentReport.class);
            InvestmentReport report = SampleRecords.investmentReport("2");

            assertThat(serde).isInstanceOf(RecordingSerde.class);
            assertThat(RecordingSerde.LAST_CONFIG)
                    .containsEntry(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope)
                    .containsEntry(AvroSerdeConfig.SPECIFIC_AVRO_READER, true)
                    .containsEntry("isKey", false);
            assertThat(serde.deserializer()
                            .deserialize(TOPIC, serde.serializer().serialize(TOPIC, report)))
                    .isEqualTo(report);
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    @Test
    void anUnknownSerdeClassFailsAtConstruction() {
        assertThatThrownBy(() -> new AvroSerdes(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        "mock://x",
                        AvroSerdeConfig.SERDE_CLASS,
                        "io.confluent.kafka.streams.serdes.avro.NoSuchSerde")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SERDE_CLASS);
    }

    @Test
    void missingRegistryUrlIsAClearConfigError() {
        assertThatThrownBy(() -> new AvroSerdes(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }

    @Test
    void toStringNeverShowsCredentials() {
        AvroSerdes serdes = new AvroSerdes(
                Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        "http://ordos:hunter2@registry:8081",
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                        "URL"),
                new MockSchemaRegistryClient());

        assertThat(serdes.toString())
                .doesNotContain("hunter2")
                .doesNotContain("ordos:")
                .contains("registry:8081");
    }

    @Test
    void serdeSettingsAreToldApartFromKafkaClientSettings() {
        assertThat(AvroSerdeConfig.isSerdeSetting("schema.registry.url")).isTrue();
        assertThat(AvroSerdeConfig.isSerdeSetting("basic.auth.user.info")).isTrue();
        assertThat(AvroSerdeConfig.isSerdeSetting("value.subject.name.strategy"))
                .isTrue();
        assertThat(AvroSerdeConfig.isSerdeSetting("max.retries")).isTrue();
        assertThat(AvroSerdeConfig.isSerdeSetting("bootstrap.servers")).isFalse();
        assertThat(AvroSerdeConfig.isSerdeSetting("retries")).isFalse();
        assertThat(AvroSerdeConfig.isSerdeSetting("acks")).isFalse();
    }
}
