package city.ordos.plan.progress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.sim.Defect;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.ScenarioConfig;
import city.ordos.plan.producers.sim.SimEvent;
import city.ordos.plan.producers.sim.Simulation;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between the parts, exercised with their real code: the product's catalog, the
 * simulator's dirty scenario (with the dead-letter reason it expects for each defect it plants)
 * and the production topology. Every planted defect must come out as a dead letter with that reason,
 * nothing else may be dead-lettered, and every goal of the catalog must end the year with data.
 */
class DirtySimulatedYearTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void theCatalogAndADirtySimulatedYearFlowThroughWithEveryDefectDeadLettered() {
        List<GoalDefinition> goals = BuiltInCatalog.goals();
        try (ProgressFixture f = new ProgressFixture(stateDir)) {
            f.now.set(Instant.parse("2026-01-31T00:00:00Z"));
            goals.forEach(f::publish);
            ScenarioConfig config = ScenarioConfig.builder(Scenario.byName("dirty"), goals)
                    .topics(f.topics)
                    .majorProjects(30)
                    .otherProjects(30)
                    .meters(0)
                    .build();
            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            Map<String, Integer> planted = new TreeMap<>();
            int[] events = {0};
            Simulation.events(config).forEach(e -> {
                events[0]++;
                if (e.defect() != Defect.NONE) {
                    planted.merge(e.defect().expectedReason(), 1, Integer::sum);
                }
                inputs.computeIfAbsent(
                                e.topic(),
                                t -> f.driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                        .pipeInput(e.key(), bytes(f, e));
            });

            Map<String, Integer> deadByReason = new TreeMap<>();
            for (DeadLetter d : f.deadLetters.readValuesToList()) {
                deadByReason.merge(d.getReasonCode(), 1, Integer::sum);
            }
            assertThat(planted).as("the scenario plants defects").isNotEmpty();
            assertThat(deadByReason)
                    .as("dead letters by reason vs defects planted, of %d events", events[0])
                    .isEqualTo(planted);

            Map<String, GoalProgress> progress = new TreeMap<>();
            f.progressStore().all().forEachRemaining(kv -> progress.put(kv.key, kv.value));
            assertThat(progress.keySet())
                    .containsExactlyInAnyOrderElementsOf(goals.stream()
                            .map(g -> OrdosTopics.goalKey(g.getPlanId(), g.getGoalId()))
                            .toList());
            assertThat(progress.values())
                    .filteredOn(p -> p.getStatus() == GoalStatus.NO_DATA)
                    .extracting(GoalProgress::getGoalId)
                    .isEmpty();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] bytes(ProgressFixture f, SimEvent e) {
        if (e.isRaw()) {
            return e.rawValue();
        }
        SpecificRecord value = e.value();
        byte[] framed =
                f.serdes.valueSerde((Class) value.getClass()).serializer().serialize(e.topic(), value);
        return e.defect() == Defect.UNKNOWN_COUNTY ? EventPublisher.withCountyOutsideEnum(framed, value) : framed;
    }
}
