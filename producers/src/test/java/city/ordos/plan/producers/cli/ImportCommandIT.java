package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.ProducersCli;
import city.ordos.plan.producers.TopicContents;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The import command against a real broker and registry. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ImportCommandIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static Path sample(String name) throws Exception {
        return Path.of(ImportCommandIT.class.getResource("/imports/" + name).toURI());
    }

    private static int importFile(OrdosTopics topics, Path file) {
        return ProducersCli.execute(
                "import",
                "-b",
                kafka.bootstrapServers(),
                "-r",
                kafka.schemaRegistryUrl(),
                "--topic-prefix",
                topics.prefix(),
                file.toString());
    }

    private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type) {
        Deserializer<T> d = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()))
                .valueSerde(type)
                .deserializer();
        return TopicContents.readAll(kafka.consumerProperties("x"), topic).stream()
                .map(r -> d.deserialize(topic, r.value()))
                .toList();
    }

    @Test
    void goodRowsArePublishedAndBadRowsDeadLetteredWithFileLineAndReason() throws Exception {
        OrdosTopics topics = kafka.createTopics();

        int status = importFile(topics, sample("investment-2025-07-mixed.csv"));

        assertThat(status).as("exit status for a file with rejected rows").isEqualTo(3);
        assertThat(read(topics.investment().name(), InvestmentReport.class))
                .extracting(InvestmentReport::getProjectId)
                .containsExactlyInAnyOrder("ORD-ZD-101", "ORD-ZD-110");
        List<DeadLetter> dead = read(topics.deadLetters().name(), DeadLetter.class);
        assertThat(dead)
                .extracting(DeadLetter::getSourceFile, DeadLetter::getSourceLine, DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder(
                        tuple("investment-2025-07-mixed.csv", 3L, "UNKNOWN_COUNTY"),
                        tuple("investment-2025-07-mixed.csv", 4L, "NEGATIVE_AMOUNT"),
                        tuple("investment-2025-07-mixed.csv", 5L, "UNIT_MISMATCH"),
                        tuple("investment-2025-07-mixed.csv", 6L, "UNKNOWN_UNIT"),
                        tuple("investment-2025-07-mixed.csv", 7L, "OUTSIDE_PLAN_YEAR"),
                        tuple("investment-2025-07-mixed.csv", 8L, "BAD_ROW"),
                        tuple("investment-2025-07-mixed.csv", 9L, "MISSING_FIELD"),
                        tuple("investment-2025-07-mixed.csv", 10L, "INVALID_DECIMAL"));
        assertThat(dead)
                .filteredOn(d -> d.getSourceLine() == 10L)
                .singleElement()
                .as("the dead letter's text says what INVALID_DECIMAL means in Chinese too")
                .satisfies(d -> assertThat(d.getMessage()).contains("约五亿").endsWith(" / 数值格式不正确（应为数字，最多6位小数）"));
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getComponent()).isEqualTo("importer");
            assertThat(StandardCharsets.UTF_8.decode(d.getOriginalValue()).toString())
                    .startsWith("ORD-ZD-1");
        });
    }

    @Test
    void aStatisticsReleaseTableGoesToTheStatisticsTopic() throws Exception {
        OrdosTopics topics = kafka.createTopics();

        int status = importFile(topics, sample("statistics-2025-09.csv"));

        assertThat(status).as("exit status for a file with rejected rows").isEqualTo(3);
        assertThat(read(topics.statistics().name(), StatisticsRelease.class))
                .extracting(
                        StatisticsRelease::getMetric,
                        r -> r.getQuantity().getValue().stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder(
                        tuple("gdp.growth_yoy", "5.8"),
                        tuple("fixed_asset_investment.growth_yoy", "-2.3"),
                        tuple("urban_new_jobs.level", "1.62"),
                        tuple("gdp.growth_yoy", "5.9"));
        assertThat(read(topics.investment().name(), InvestmentReport.class)).isEmpty();
        assertThat(read(topics.deadLetters().name(), DeadLetter.class))
                .extracting(DeadLetter::getSourceLine)
                .containsExactlyInAnyOrder(5L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
    }

    @Test
    void reimportingAFilePublishesIdenticalEventIds() throws Exception {
        OrdosTopics topics = kafka.createTopics();

        assertThat(importFile(topics, sample("investment-2025-06-good.csv"))).isZero();
        assertThat(importFile(topics, sample("investment-2025-06-good.csv"))).isZero();

        List<ConsumerRecord<String, byte[]>> raw = TopicContents.readAll(
                kafka.consumerProperties("x"), topics.investment().name());
        List<InvestmentReport> reports = read(topics.investment().name(), InvestmentReport.class);
        assertThat(reports).hasSize(16);
        Map<String, List<InvestmentReport>> byId = reports.stream()
                .collect(Collectors.groupingBy(r -> r.getHeader().getEventId()));
        assertThat(byId).hasSize(8);
        assertThat(byId.values()).allSatisfy(copies -> {
            assertThat(copies).hasSize(2);
            assertThat(copies.get(1)).isEqualTo(copies.get(0));
        });
        assertThat(raw).extracting(ConsumerRecord::key).contains("ORD-ZD-001", "ORD-ZD-008");
        assertThat(read(topics.deadLetters().name(), DeadLetter.class)).isEmpty();
    }

    @Test
    void aFileWithMissingColumnsPublishesNothing() throws Exception {
        OrdosTopics topics = kafka.createTopics();

        assertThat(importFile(topics, sample("investment-missing-columns.csv"))).isEqualTo(2);

        assertThat(read(topics.investment().name(), InvestmentReport.class)).isEmpty();
    }
}
