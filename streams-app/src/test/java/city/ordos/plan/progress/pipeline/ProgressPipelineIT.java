package city.ordos.plan.progress.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.ProductionRunner;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.EnergyReading;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
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
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on a real broker and registry: events produced with the registry serde, the production
 * {@link StreamsRunner} with exactly-once, progress read back read_committed and compared with a
 * calculation written out in the test; then a target change on the goals topic reaches the figure
 * while the application keeps running.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ProgressPipelineIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private OrdosTopics topics;
    private AvroSerdes serdes;
    private StreamsRunner runner;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        topics = kafka.createTopics();
        String appId = kafka.uniquePrefix() + "progress";
        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(appId).forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put("schema.registry.url", kafka.schemaRegistryUrl());
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "fixed:2025-12-31");
        settings.put(AppConfig.GOAL_PARTITIONS, "3");
        settings.put(AppConfig.EVALUATE_INTERVAL_MS, "200");
        AppConfig config = AppConfig.of(settings);
        runner = ProductionRunner.of(config);
        serdes = new AvroSerdes(config.serdeConfigs());
        Properties p = kafka.producerProperties();
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        if (producer != null) {
            producer.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void eventsBecomeProgressEqualToAPlainCalculationAndATargetChangeAppliesWithoutRestart() throws Exception {
        publishGoal(investmentGoal("3000"));
        publishGoal(shareGoal());
        runner.start();
        runner.awaitRunning(Duration.ofSeconds(60));

        // 30 projects x 12 months of year-to-date reports, some restated down, some sent twice,
        // some stale versions sent after newer ones; 6 plants' capacity levels.
        Random random = new Random(7);
        Map<String, BigDecimal> latestPerProject = new HashMap<>();
        Map<String, BigDecimal> byCounty = new HashMap<>();
        List<InvestmentReport> late = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            String project = "PRJ-" + p;
            County county = County.values()[p % 9];
            BigDecimal ytd = BigDecimal.ZERO;
            for (int m = 1; m <= 12; m++) {
                ytd = ytd.add(BigDecimal.valueOf(1 + random.nextInt(900), 2));
                Instant asOf = PlanCalendar.endOfDay(
                        LocalDate.of(2025, m, 1).plusMonths(1).minusDays(1));
                InvestmentReport report = investment(project, asOf, asOf.plusSeconds(5 * 86_400L), ytd, county);
                send(topics.investment().name(), project, report);
                if (random.nextInt(4) == 0) {
                    send(topics.investment().name(), project, report); // duplicate
                }
                if (random.nextInt(6) == 0) {
                    ytd = ytd.subtract(BigDecimal.valueOf(random.nextInt(50), 2)); // restated down, same as-of
                    send(
                            topics.investment().name(),
                            project,
                            investment(project, asOf, asOf.plusSeconds(9 * 86_400L), ytd, county));
                }
                if (m == 6) {
                    late.add(report);
                }
            }
            latestPerProject.put(project, ytd);
            byCounty.merge(county.name(), ytd, BigDecimal::add);
        }
        for (InvestmentReport stale : late) {
            send(topics.investment().name(), stale.getHeader().getSourceId(), stale);
        }
        BigDecimal clean = BigDecimal.ZERO;
        BigDecimal all = BigDecimal.ZERO;
        for (int i = 0; i < 6; i++) {
            String source = i % 2 == 0 ? "WIND" : "THERMAL_POWER";
            BigDecimal capacity = BigDecimal.valueOf(100 + random.nextInt(400));
            Instant asOf = PlanCalendar.endOfDay(LocalDate.of(2025, 9, 30));
            send(topics.energy().name(), "PLANT-" + i, energy("PLANT-" + i, source, asOf, capacity));
            all = all.add(capacity);
            if (source.equals("WIND")) {
                clean = clean.add(capacity);
            }
        }
        producer.send(new ProducerRecord<>(
                topics.investment().name(), "BROKEN", "definitely not avro".getBytes(StandardCharsets.UTF_8)));
        producer.flush();

        BigDecimal expectedInvestment = latestPerProject.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal expectedShare = clean.multiply(BigDecimal.valueOf(100))
                .divide(all, MathContext.DECIMAL128)
                .setScale(6, RoundingMode.HALF_EVEN);

        try (KafkaConsumer<String, GoalProgress> progress = consumer(GoalProgress.class)) {
            progress.subscribe(List.of(topics.progress().name()));
            Map<String, GoalProgress> latest = new HashMap<>();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        progress.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                        GoalProgress fai = latest.get("ordos-2025/fai");
                        assertThat(fai).isNotNull();
                        assertThat(fai.getActual()).isEqualByComparingTo(expectedInvestment);
                        assertThat(fai.getContributingSources()).isEqualTo(30);
                        GoalProgress share = latest.get("ordos-2025/clean-share");
                        assertThat(share).isNotNull();
                        assertThat(share.getActual()).isEqualByComparingTo(expectedShare);
                    });
            GoalProgress fai = latest.get("ordos-2025/fai");
            byCounty.forEach((county, sum) ->
                    assertThat(fai.getByCounty().get(county)).as(county).isEqualByComparingTo(sum));
            assertThat(fai.getTarget()).isEqualByComparingTo("3000");

            // The running application follows the goals topic.
            publishGoal(investmentGoal("5000"));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        progress.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                        GoalProgress changed = latest.get("ordos-2025/fai");
                        assertThat(changed.getTarget()).isEqualByComparingTo("5000");
                        assertThat(changed.getProgressRatio())
                                .isEqualTo(expectedInvestment
                                        .divide(BigDecimal.valueOf(5000), MathContext.DECIMAL128)
                                        .doubleValue());
                        assertThat(changed.getActual()).isEqualByComparingTo(expectedInvestment);
                    });
        }

        try (KafkaConsumer<String, DeadLetter> dead = consumer(DeadLetter.class)) {
            dead.subscribe(List.of(topics.deadLetters().name()));
            List<DeadLetter> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, DeadLetter> r : dead.poll(Duration.ofMillis(200))) {
                    letters.add(r.value());
                }
                assertThat(letters).extracting(DeadLetter::getReasonCode).containsExactly("NOT_AVRO");
            });
            assertThat(letters.get(0).getSourceTopic())
                    .isEqualTo(topics.investment().name());
        }
        assertThat(runner.progressStore().get("ordos-2025/fai").getTarget()).isEqualByComparingTo("5000");
    }

    private <T extends SpecificRecord> KafkaConsumer<String, T> consumer(Class<T> type) {
        Properties props = kafka.consumerProperties(kafka.uniquePrefix() + "reader");
        Deserializer<T> values = serdes.valueSerde(type).deserializer();
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void send(String topic, String key, SpecificRecord value) {
        byte[] bytes = serdes.valueSerde((Class) value.getClass()).serializer().serialize(topic, value);
        producer.send(new ProducerRecord<>(topic, key, bytes));
    }

    private void publishGoal(GoalDefinition goal) {
        byte[] bytes = serdes.valueSerde(GoalDefinition.class)
                .serializer()
                .serialize(topics.goals().name(), goal);
        producer.send(new ProducerRecord<>(
                topics.goals().name(), OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId()), bytes));
        producer.flush();
    }

    private static GoalDefinition.Builder base(String id, GoalKind kind, String target, String unit) {
        return TestGoals.goal(id)
                .setNameZh(id)
                .setNameEn(id)
                .setUnit(unit)
                .setTarget(new BigDecimal(target).setScale(6))
                .setKind(kind)
                .setCadenceDays(60);
    }

    private static GoalDefinition investmentGoal(String target) {
        return base("fai", GoalKind.CUMULATIVE, target, "亿元")
                .setPace("CONSTRUCTION_SEASONAL")
                .setFeed(FeedSelector.newBuilder()
                        .setStream(InputStream.INVESTMENT)
                        .setMetric("investment.completed")
                        .setStatement(StatementType.YEAR_TO_DATE)
                        .setUnit("亿元")
                        .build())
                .build();
    }

    private static GoalDefinition shareGoal() {
        return base("clean-share", GoalKind.SHARE, "50", "%")
                .setPace("CONSTANT")
                .setRatioScale(new BigDecimal("100.000000"))
                .setNumerator(FeedSelector.newBuilder()
                        .setStream(InputStream.ENERGY)
                        .setMetric("power.capacity")
                        .setCategories(List.of("WIND", "SOLAR"))
                        .setStatement(StatementType.LEVEL)
                        .setUnit("万千瓦")
                        .build())
                .setDenominator(FeedSelector.newBuilder()
                        .setStream(InputStream.ENERGY)
                        .setMetric("power.capacity")
                        .setStatement(StatementType.LEVEL)
                        .setUnit("万千瓦")
                        .build())
                .build();
    }

    private static InvestmentReport investment(
            String project, Instant asOf, Instant reportedAt, BigDecimal yi, County county) {
        return InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId(project + "@" + asOf + "@" + reportedAt)
                        .setSourceId(project)
                        .setEventTime(asOf)
                        .setReportedAt(reportedAt)
                        .setCounty(county)
                        .build())
                .setProjectId(project)
                .setProjectName("项目")
                .setTier("MUNICIPAL_MAJOR")
                .setSector("INDUSTRY")
                .setMetric("investment.completed")
                .setStatement(StatementType.YEAR_TO_DATE)
                .setQuantity(new Quantity(yi.setScale(6), "亿元"))
                .build();
    }

    private static EnergyReading energy(String plant, String source, Instant asOf, BigDecimal wanKw) {
        return EnergyReading.newBuilder()
                .setHeader(StatementHeader.newBuilder()
                        .setEventId(plant + "@" + asOf)
                        .setSourceId(plant)
                        .setEventTime(asOf)
                        .setReportedAt(asOf.plusSeconds(86_400))
                        .setCounty(County.ETUOKE)
                        .build())
                .setFacilityId(plant)
                .setEnergySource(source)
                .setMetric("power.capacity")
                .setStatement(StatementType.LEVEL)
                .setQuantity(new Quantity(wanKw.setScale(6), "万千瓦"))
                .build();
    }
}
