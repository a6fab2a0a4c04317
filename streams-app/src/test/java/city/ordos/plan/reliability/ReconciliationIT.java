package city.ordos.plan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.ProductionRunner;
import city.ordos.plan.app.ReconcileCommand;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.CatalogPublisher;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.Pacer;
import city.ordos.plan.producers.sim.Defect;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimEvent;
import city.ordos.plan.producers.sim.Simulation;
import city.ordos.plan.producers.sim.SimulationRunner;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.reliability.Reconciliation.RecordId;
import city.ordos.plan.topics.OrdosTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The books balance on a real broker: the 2025 catalog, the simulator's {@code dirty} year through
 * the production application ({@link StreamsRunner}, exactly-once), then the reconciliation the
 * {@code reconcile} command runs. Every planted defect is in the dead-letter topic with the reason
 * the simulator expects, nothing is unaccounted, every figure equals the independent recomputation.
 * Then, with the application stopped, the books are tampered with in ways the check must see: a valid
 * input record nobody processed (its goals' figures no longer add up), bytes nobody dead-lettered
 * (unaccounted), a published figure that does not add up, a record dead-lettered twice.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReconciliationIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    @Test
    void aDirtyYearBalancesAndTamperingDoesNot() throws Exception {
        OrdosTopics topics = kafka.createTopics();
        Map<String, Object> client = new HashMap<>();
        kafka.producerProperties().forEach((k, v) -> client.put(k.toString(), v));
        List<GoalDefinition> goals = BuiltInCatalog.goals();
        new CatalogPublisher(client, topics, Duration.ofSeconds(60)).publish("ordos-2025", goals, false);

        Map<String, String> settings = new HashMap<>();
        kafka.streamsProperties(kafka.uniquePrefix() + "app")
                .forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(AppConfig.CLOCK, "stream");
        AppConfig config = AppConfig.of(settings);

        ScenarioConfig scenario = ScenarioConfig.builder(Scenario.byName("dirty"), goals)
                .topics(topics)
                .majorProjects(30)
                .otherProjects(30)
                .meters(0)
                .build();
        SimulationRunner.Result sent;
        try (StreamsRunner app = ProductionRunner.of(config)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            try (EventPublisher publisher = new EventPublisher(client, true)) {
                sent = SimulationRunner.run(
                        scenario,
                        publisher,
                        Pacer.unthrottled(),
                        0,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            }
            assertThat(sent.delivery().failed()).isZero();
            assertThat(sent.defects()).as("the dirty year plants defects").isNotEmpty();

            // Caught up: the application's committed offsets cover every input record ...
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ReconcileCommand.reconcile(config).unprocessedRecords() == 0);
            // ... and its figures (emitted at most every 200 ms per goal) add up.
            ReconciliationReport[] last = new ReconciliationReport[1];
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        last[0] = ReconcileCommand.reconcile(config);
                        assertThat(last[0].balanced())
                                .as("%s", last[0].render())
                                .isTrue();
                    });
        }

        // With the application stopped: the command's own path, exit status and report.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = command(config, out);
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(status).as(text).isEqualTo(0);
        assertThat(text).contains("BALANCED");

        ReconciliationReport books = ReconcileCommand.reconcile(config);
        assertThat(books.balanced()).as(books.render()).isTrue();
        assertThat(books.totalInputRecords()).isEqualTo(sent.events());
        assertThat(books.result().unaccounted()).isEmpty();
        assertThat(books.result().phantomDeadLetters()).isEmpty();
        assertThat(books.duplicateDeadLetters()).isEmpty();
        assertThat(books.result().figureMismatches()).isEmpty();
        Map<String, Long> planted = new TreeMap<>();
        sent.defects().forEach((d, n) -> planted.merge(d.expectedReason(), n, Long::sum));
        assertThat(books.deadLettersByReason())
                .as("dead letters by reason = defects the simulator planted")
                .isEqualTo(planted);
        assertThat(books.usableRecords())
                .isEqualTo(sent.events()
                        - planted.values().stream().mapToLong(Long::longValue).sum());
        assertThat(books.catalogGoals()).isEqualTo(goals.size());
        assertThat(books.publishedGoals()).isEqualTo(goals.size());

        // Teeth 1: a valid investment report appended after the application stopped is in no figure.
        InvestmentReport template = firstValidInvestmentReport(scenario);
        InvestmentReport extra = InvestmentReport.newBuilder(template)
                .setHeader(StatementHeader.newBuilder(template.getHeader())
                        .setSourceId("recon-extra-project")
                        .setEventId("recon-extra-1")
                        .build())
                .setProjectId("recon-extra-project")
                .build();
        AvroSerdes serdes = new AvroSerdes(client);
        String investment = topics.investment().name();
        send(
                investment,
                "recon-extra-project",
                serdes.valueSerde(InvestmentReport.class).serializer().serialize(investment, extra));
        // Teeth 2: bytes nobody read are neither in a figure nor dead-lettered.
        RecordId garbage = send(investment, "recon-garbage", "not avro".getBytes(StandardCharsets.UTF_8));
        // Teeth 3: a published figure that is one more than its inputs add up to, on a goal that no
        // investment report feeds.
        GoalProgress tampered = tamperOne(topics, serdes, books, goals);
        // Teeth 4: a record dead-lettered a second time.
        DeadLetter again = resendOneDeadLetter(topics, serdes);

        ReconciliationReport broken = ReconcileCommand.reconcile(config);
        assertThat(broken.result().unaccounted()).containsExactly(garbage);
        assertThat(broken.unprocessedRecords()).isEqualTo(2);
        String tamperedKey = OrdosTopics.goalKey(tampered.getPlanId(), tampered.getGoalId());
        assertThat(broken.result().figureMismatches()).containsKey(tamperedKey);
        Set<String> missingTheExtra =
                new HashSet<>(broken.result().figureMismatches().keySet());
        missingTheExtra.remove(tamperedKey);
        assertThat(missingTheExtra)
                .as("goals whose figure lacks the extra report")
                .isNotEmpty()
                .isSubsetOf(fedBy(goals, InputStream.INVESTMENT));
        assertThat(broken.duplicateDeadLetters())
                .containsExactly(
                        new RecordId(again.getSourceTopic(), again.getSourcePartition(), again.getSourceOffset()));
        assertThat(broken.balanced()).isFalse();
        // Records left to process and nobody consuming: not "lagging" but not running.
        assertThat(broken.application().members()).isZero();
        assertThat(broken.exitCode()).isEqualTo(ReconciliationReport.APPLICATION_DOWN);
        ByteArrayOutputStream brokenOut = new ByteArrayOutputStream();
        assertThat(command(config, brokenOut)).isEqualTo(ReconciliationReport.APPLICATION_DOWN);
        assertThat(brokenOut.toString(StandardCharsets.UTF_8))
                .contains("NOT BALANCED", garbage.toString(), tampered.getGoalId())
                .contains("NOT RUNNING")
                .contains("It stopped at (first unprocessed record per partition):")
                .contains("key 'recon-extra-project'");
    }

    /** Goal keys with a selector on the stream, read from the catalog. */
    private static Set<String> fedBy(List<GoalDefinition> goals, InputStream stream) {
        Set<String> keys = new HashSet<>();
        for (GoalDefinition g : goals) {
            for (FeedSelector s : Arrays.asList(g.getFeed(), g.getNumerator(), g.getDenominator())) {
                if (s != null && s.getStream() == stream) {
                    keys.add(OrdosTopics.goalKey(g.getPlanId(), g.getGoalId()));
                }
            }
        }
        return keys;
    }

    private static int command(AppConfig config, ByteArrayOutputStream out) {
        return new CommandLine(new ReconcileCommand(new PrintStream(out, true, StandardCharsets.UTF_8)))
                .execute(
                        "--bootstrap-servers", config.get("bootstrap.servers"),
                        "--schema-registry-url", config.get("schema.registry.url"),
                        "--topic-prefix", config.get(AppConfig.TOPIC_PREFIX),
                        "--application-id", config.applicationId());
    }

    private static InvestmentReport firstValidInvestmentReport(ScenarioConfig scenario) {
        try (var events = Simulation.events(scenario)) {
            return events.filter(e -> e.defect() == Defect.NONE && e.value() instanceof InvestmentReport)
                    .map(SimEvent::value)
                    .map(InvestmentReport.class::cast)
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Publishes, for a goal with a figure, a progress record whose actual is one more. */
    private static GoalProgress tamperOne(
            OrdosTopics topics, AvroSerdes serdes, ReconciliationReport books, List<GoalDefinition> goals) {
        Set<String> investmentFed = fedBy(goals, InputStream.INVESTMENT);
        String goal = books.result().expected().keySet().stream()
                .filter(g -> !investmentFed.contains(g))
                .findFirst()
                .orElseThrow();
        GoalProgress current = latest(
                topics.progress().name(), serdes.valueSerde(GoalProgress.class).deserializer(), goal);
        assertThat(current.getActual()).isNotNull();
        GoalProgress tampered = GoalProgress.newBuilder(current)
                .setActual(current.getActual().add(BigDecimal.ONE))
                .setComputedAt(Instant.now())
                .build();
        send(
                topics.progress().name(),
                goal,
                serdes.valueSerde(GoalProgress.class)
                        .serializer()
                        .serialize(topics.progress().name(), tampered));
        return tampered;
    }

    private static DeadLetter resendOneDeadLetter(OrdosTopics topics, AvroSerdes serdes) {
        DeadLetter d = latest(
                topics.deadLetters().name(), serdes.valueSerde(DeadLetter.class).deserializer(), null);
        send(
                topics.deadLetters().name(),
                null,
                serdes.valueSerde(DeadLetter.class)
                        .serializer()
                        .serialize(topics.deadLetters().name(), d));
        return d;
    }

    private static RecordId send(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata m =
                    producer.send(new ProducerRecord<>(topic, key, value)).get();
            return new RecordId(m.topic(), m.partition(), m.offset());
        } catch (Exception e) {
            throw new AssertionError("could not write to " + topic, e);
        }
    }

    /** The last value of {@code key} on the topic (any key when null), read to the end. */
    private static <V> V latest(String topic, Deserializer<V> values, String key) {
        List<V> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumerProperties(kafka.uniquePrefix() + "peek"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && (key == null || key.equals(r.key()))) {
                        found.add(values.deserialize(topic, r.value()));
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        assertThat(found).as("records on %s", topic).isNotEmpty();
        return found.get(found.size() - 1);
    }
}
