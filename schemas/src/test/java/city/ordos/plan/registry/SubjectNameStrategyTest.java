package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.InvestmentReport;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

    private final MockSchemaRegistryClient registry = new MockSchemaRegistryClient();

    @ParameterizedTest(name = "{0} isKey={1} -> {2}")
    // CHECKSTYLE.OFF: inlineQualifiedName - strategy class names as a user configures them
    @CsvSource({
        ",                                                              false, ordos.investment-reports-value",
        ",                                                              true,  ordos.investment-reports-key",
        "io.confluent.kafka.serializers.subject.TopicNameStrategy,      false, ordos.investment-reports-value",
        "io.confluent.kafka.serializers.subject.RecordNameStrategy,     false, city.ordos.plan.avro.InvestmentReport",
        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, true, ordos.investment-reports-city.ordos.plan.avro.InvestmentReport",
        "city.ordos.plan.registry.SubjectNameStrategy$RecordNameStrategy, false, city.ordos.plan.avro.InvestmentReport",
        "city.ordos.plan.registry.SubjectNameStrategy$TopicRecordNameStrategy, false, ordos.investment-reports-city.ordos.plan.avro.InvestmentReport",
        "TopicNameStrategy,                                             true,  ordos.investment-reports-key",
    })
    // CHECKSTYLE.ON: inlineQualifiedName
    void serializerRegistersUnderTheConfiguredSubject(String strategy, boolean isKey, String expectedSubject) {
        Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://unused");
        if (strategy != null) {
            config.put(
                    isKey ? AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY : AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                    strategy);
        }
        var serializer = new SchemaRegistryAvroSerializer<InvestmentReport>(registry, config, isKey);

        serializer.serialize("ordos.investment-reports", SampleRecords.investmentReport("1"));

        assertThat(registry.getSubjects()).containsExactly(expectedSubject);
    }

    @Test
    void keyAndValueStrategiesAreIndependent() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "mock://x",
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                SubjectNameStrategy.RecordNameStrategy.class));

        assertThat(config.subjectNameStrategy(true)).isInstanceOf(SubjectNameStrategy.TopicNameStrategy.class);
        assertThat(config.subjectNameStrategy(false)).isInstanceOf(SubjectNameStrategy.RecordNameStrategy.class);
    }

    @Test
    void unknownStrategyIsAConfigError() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        "mock://x",
                        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                        "com.example.NoSuchStrategy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY);
    }
}
