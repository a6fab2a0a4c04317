package city.ordos.plan.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.ProducerSettings;
import city.ordos.plan.producers.ProducersCli;
import city.ordos.plan.producers.TopicContents;
import city.ordos.plan.producers.sim.Defect;
import city.ordos.plan.producers.sim.SampleGoals;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimEvent;
import city.ordos.plan.producers.sim.Simulation;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The simulate command against a real broker and registry: what it sends is what the simulation says, decodable. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SimulateCommandIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final List<GoalDefinition> GOALS = SampleGoals.all();
    private static final LocalDate UNTIL = LocalDate.of(2025, 4, 12);

    private static OrdosTopics topicsWithGoals() {
        OrdosTopics topics = kafka.createTopics();
        Map<String, String> settings =
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "schema.registry.url", kafka.schemaRegistryUrl());
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.producerConfig(settings, "goals"), false)) {
            for (GoalDefinition g : GOALS) {
                publisher.send(topics.goals().name(), OrdosTopics.goalKey(g.getPlanId(), g.getGoalId()), g, null);
            }
        }
        return topics;
    }

    private static int simulate(OrdosTopics topics, Scenario scenario, long seed, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "simulate",
                "-b",
                kafka.bootstrapServers(),
                "-r",
                kafka.schemaRegistryUrl(),
                "--topic-prefix",
                topics.prefix(),
                "--scenario",
                scenario.cliName(),
                "--seed",
                Long.toString(seed),
                "--clock",
                "none",
                "--until",
                UNTIL.toString(),
                "--other-projects",
                "40"));
        args.addAll(List.of(more));
        return ProducersCli.execute(args.toArray(String[]::new));
    }

    private static List<SimEvent> expected(OrdosTopics topics, Scenario scenario, long seed) {
        ScenarioConfig config = ScenarioConfig.builder(scenario, GOALS)
                .seed(seed)
                .topics(topics)
                .otherProjects(40)
                .lastReportDay(UNTIL)
                .build();
        try (var events = Simulation.events(config)) {
            return events.toList();
        }
    }

    private record Decoded(List<String> eventIds, int undecodable) {}

    private static Decoded decodeInputs(OrdosTopics topics) {
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
        List<String> ids = new ArrayList<>();
        int undecodable = 0;
        for (TopicSpec<String, ?> spec : topics.inputs()) {
            @SuppressWarnings("unchecked")
            Deserializer<SpecificRecord> d =
                    (Deserializer<SpecificRecord>) serdes.valueSerde((Class<? extends SpecificRecord>) spec.valueType())
                            .deserializer();
            for (ConsumerRecord<String, byte[]> r : TopicContents.readAll(kafka.consumerProperties("x"), spec.name())) {
                try {
                    SpecificRecord v = d.deserialize(spec.name(), r.value());
                    StatementHeader h = (StatementHeader) v.get(0);
                    assertThat(r.key()).isEqualTo(h.getSourceId());
                    assertThat(v.getClass()).isEqualTo(spec.valueType());
                    ids.add(h.getEventId());
                } catch (SerializationException | AvroRuntimeException | ArrayIndexOutOfBoundsException e) {
                    undecodable++;
                }
            }
        }
        return new Decoded(ids, undecodable);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyScenarioPublishesExactlyTheSimulatedEventsDecodableWithTheRegistrySerde(Scenario scenario) {
        OrdosTopics topics = topicsWithGoals();

        assertThat(simulate(topics, scenario, 7)).isZero();

        List<SimEvent> expected = expected(topics, scenario, 7);
        Decoded decoded = decodeInputs(topics);
        List<String> decodableIds = expected.stream()
                .filter(e -> e.defect() != Defect.NOT_AVRO && e.defect() != Defect.UNKNOWN_COUNTY)
                .map(e -> e.statement().eventId())
                .toList();
        assertThat(decoded.eventIds()).containsExactlyInAnyOrderElementsOf(decodableIds);
        long broken = expected.stream()
                .filter(e -> e.defect() == Defect.NOT_AVRO || e.defect() == Defect.UNKNOWN_COUNTY)
                .count();
        assertThat(decoded.undecodable()).isEqualTo((int) broken);
        if (scenario == Scenario.DIRTY) {
            assertThat(broken).isPositive();
        }
    }

    @Test
    void theSameSeedPublishesTheSameRecordsInTheSameOrderPerPartition() {
        OrdosTopics first = topicsWithGoals();
        OrdosTopics second = topicsWithGoals();

        assertThat(simulate(first, Scenario.RESTATEMENTS, 11)).isZero();
        assertThat(simulate(second, Scenario.RESTATEMENTS, 11)).isZero();

        for (int i = 0; i < first.inputs().size(); i++) {
            Map<Integer, List<String>> a = byPartition(first.inputs().get(i).name());
            Map<Integer, List<String>> b = byPartition(second.inputs().get(i).name());
            assertThat(b).isEqualTo(a);
            assertThat(a).isNotEmpty();
        }
    }

    /**
     * A replay stopped part-way (here after 150 events, as when the one-command run is killed) and
     * started again with --resume sends only what the topics do not hold yet: every simulated
     * event is there exactly once.
     */
    @Test
    void aResumedReplaySendsOnlyTheEventsNotDeliveredYet() {
        OrdosTopics topics = topicsWithGoals();
        assertThat(simulate(topics, Scenario.DIRTY, 5, "--max-events", "150")).isZero();
        assertThat(decodeInputs(topics).eventIds().size() + decodeInputs(topics).undecodable())
                .isEqualTo(150);

        assertThat(simulate(topics, Scenario.DIRTY, 5, "--resume")).isZero();

        List<SimEvent> expected = expected(topics, Scenario.DIRTY, 5);
        Decoded decoded = decodeInputs(topics);
        assertThat(decoded.eventIds())
                .containsExactlyInAnyOrderElementsOf(expected.stream()
                        .filter(e -> e.defect() != Defect.NOT_AVRO && e.defect() != Defect.UNKNOWN_COUNTY)
                        .map(e -> e.statement().eventId())
                        .toList());
        assertThat(decoded.undecodable()).isEqualTo((int) expected.stream()
                .filter(e -> e.defect() == Defect.NOT_AVRO || e.defect() == Defect.UNKNOWN_COUNTY)
                .count());

        assertThat(simulate(topics, Scenario.DIRTY, 5, "--resume"))
                .as("nothing left to send")
                .isZero();
        assertThat(decodeInputs(topics).eventIds()).hasSameSizeAs(decoded.eventIds());
    }

    @Test
    void aMissingGoalsTopicIsAConfigurationError() {
        assertThat(ProducersCli.execute(
                        "simulate",
                        "-b",
                        kafka.bootstrapServers(),
                        "-r",
                        kafka.schemaRegistryUrl(),
                        "--topic-prefix",
                        "no-such-prefix-",
                        "--goals-timeout",
                        "PT5S"))
                .isEqualTo(2);
    }

    private static Map<Integer, List<String>> byPartition(String topic) {
        Map<Integer, List<String>> out = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : TopicContents.readAll(kafka.consumerProperties("x"), topic)) {
            // payload after the 5-byte registry framing: schema ids may differ between runs only if the
            // schema changed, which it does not here, so whole values are compared
            out.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                    .add(r.key() + "=" + HexFormat.of().formatHex(r.value()) + "@" + r.timestamp());
            seen.add(r.key());
        }
        return out;
    }
}
