package city.ordos.plan.progress.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.ProductionRunner;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.testing.TestGoals;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rough throughput probe of the progress topology on the embedded broker (not part of the normal
 * suite): {@code mvn -B -pl streams-app -am verify -Dit.test=ProgressThroughputIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dordos.bench=true [-Dordos.bench.events=200000]}.
 * Pre-produces year-to-date reports, then times the app from start until the goal's figure
 * reflects every one of them. The benchmark proper (bench/, docs/performance.md) measures against broker baselines.
 */
@Tag("bench")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ProgressThroughputIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @Test
    void throughput() throws Exception {
        int events = Integer.getInteger("ordos.bench.events", 200_000);
        int projects = events / 12;
        OrdosTopics topics = kafka.createTopics();
        String appId = kafka.uniquePrefix() + "bench";
        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(appId).forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put("schema.registry.url", kafka.schemaRegistryUrl());
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "fixed:2025-12-31");
        AppConfig config = AppConfig.of(settings);
        AvroSerdes serdes = new AvroSerdes(config.serdeConfigs());
        try (StreamsRunner runner = ProductionRunner.of(config);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            Serializer<GoalDefinition> goals =
                    serdes.valueSerde(GoalDefinition.class).serializer();
            Serializer<InvestmentReport> reports =
                    serdes.valueSerde(InvestmentReport.class).serializer();
            GoalDefinition goal = TestGoals.goal("fai")
                    .setSectionTitleZh("s")
                    .setSectionTitleEn("s")
                    .setPhraseZh("p")
                    .setNameZh("n")
                    .setNameEn("n")
                    .setTarget(new BigDecimal("3000.000000"))
                    .setDepartment("d")
                    .setCadenceDays(60)
                    .setFeed(FeedSelector.newBuilder()
                            .setStream(InputStream.INVESTMENT)
                            .setMetric("investment.completed")
                            .setStatement(StatementType.YEAR_TO_DATE)
                            .setUnit("亿元")
                            .build())
                    .build();
            producer.send(new ProducerRecord<>(
                    topics.goals().name(),
                    "ordos-2025/fai",
                    goals.serialize(topics.goals().name(), goal)));
            BigDecimal expected = BigDecimal.ZERO;
            int sent = 0;
            for (int m = 1; m <= 12; m++) {
                Instant asOf = PlanCalendar.endOfDay(
                        LocalDate.of(2025, m, 1).plusMonths(1).minusDays(1));
                for (int p = 0; p < projects; p++) {
                    String id = "PRJ-" + p;
                    BigDecimal ytd =
                            BigDecimal.valueOf((long) m * (p % 97 + 1), 2).setScale(6);
                    InvestmentReport r = InvestmentReport.newBuilder()
                            .setHeader(StatementHeader.newBuilder()
                                    .setEventId(id + "@" + m)
                                    .setSourceId(id)
                                    .setEventTime(asOf)
                                    .setReportedAt(asOf.plusSeconds(86_400))
                                    .setCounty(County.values()[p % 9])
                                    .build())
                            .setProjectId(id)
                            .setProjectName("p")
                            .setTier("MUNICIPAL_MAJOR")
                            .setSector("INDUSTRY")
                            .setQuantity(new Quantity(ytd, "亿元"))
                            .build();
                    producer.send(new ProducerRecord<>(
                            topics.investment().name(),
                            id,
                            reports.serialize(topics.investment().name(), r)));
                    sent++;
                    if (m == 12) {
                        expected = expected.add(ytd);
                    }
                }
            }
            producer.flush();
            BigDecimal finalSum = expected;
            long started = System.nanoTime();
            runner.start();
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!runner.isReady()) {
                            return false;
                        }
                        GoalProgress p = runner.progressStore().get("ordos-2025/fai");
                        return p != null
                                && p.getActual() != null
                                && p.getActual().compareTo(finalSum) == 0;
                    });
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "ORDOS-BENCH events=%d seconds=%.1f events/s=%.0f (incl. startup)%n",
                    sent, seconds, sent / seconds);
            assertThat(sent).isPositive();
        }
    }
}
