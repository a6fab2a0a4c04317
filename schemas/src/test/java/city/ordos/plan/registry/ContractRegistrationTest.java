package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.topics.OrdosTopics;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ContractRegistrationTest {

    private final MockSchemaRegistryClient registry = new MockSchemaRegistryClient();
    private final ContractRegistration registration = new ContractRegistration(registry);
    private final OrdosTopics topics = OrdosTopics.withPrefix("p.");

    @Test
    void everyTopicsValueSubjectGetsThisBuildsSchemaAndItsOwnBackwardLevel() {
        List<ContractRegistration.Outcome> outcomes = registration.registerAll(topics);

        assertThat(outcomes)
                .extracting(ContractRegistration.Outcome::subject)
                .containsExactly(
                        "p.ordos.investment-reports-value",
                        "p.ordos.energy-readings-value",
                        "p.ordos.environment-readings-value",
                        "p.ordos.statistics-releases-value",
                        "p.ordos.goals-value",
                        "p.ordos.goal-progress-value",
                        "p.ordos.goal-progress-history-value",
                        "p.ordos.goal-alerts-value",
                        "p.ordos.dead-letters-value",
                        "p.ordos.alert-silences-value",
                        "p.ordos.audit-value",
                        "p.ordos.alert-acks-value",
                        "p.ordos.report-submissions-value",
                        "p.ordos.alert-notifications-value",
                        "p.ordos.dispatch-reports-value");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.schemaRegistered()).isTrue();
            assertThat(o.levelSet()).isTrue();
            assertThat(o.version()).isEqualTo(1);
        });
        assertThat(registry.getLatest("p.ordos.investment-reports-value").schema())
                .isEqualTo(InvestmentReport.getClassSchema());
        assertThat(registry.getCompatibility("p.ordos.goals-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void aSecondRunOnlyReadsAndAnswersTheSameIds() {
        List<ContractRegistration.Outcome> first = registration.registerAll(topics);

        List<ContractRegistration.Outcome> second = registration.registerAll(topics);

        assertThat(second).allSatisfy(o -> {
            assertThat(o.schemaRegistered()).isFalse();
            assertThat(o.levelSet()).isFalse();
        });
        assertThat(second)
                .extracting(ContractRegistration.Outcome::id)
                .containsExactlyElementsOf(
                        first.stream().map(ContractRegistration.Outcome::id).toList());
    }

    @Test
    void aSubjectWeakenedByAnOperatorIsHeldToBackwardAgain() {
        registration.registerAll(topics);
        registry.setCompatibility("p.ordos.goals-value", CompatibilityLevel.NONE);

        List<ContractRegistration.Outcome> again = registration.registerAll(topics);

        assertThat(again)
                .filteredOn(ContractRegistration.Outcome::levelSet)
                .extracting(ContractRegistration.Outcome::subject)
                .containsExactly("p.ordos.goals-value");
        assertThat(registry.getCompatibility("p.ordos.goals-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void aRegisteredVersionThisBuildCannotReadStopsItNamingTheSubject() {
        Schema older = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"GoalDefinition\",\"namespace\":\"city.ordos.plan.avro\","
                        + "\"fields\":[{\"name\":\"legacyCode\",\"type\":\"int\"}]}");
        registry.register("p.ordos.goals-value", older);

        assertThatThrownBy(() -> registration.registerAll(topics))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("p.ordos.goals-value");
        assertThat(registry.getVersions("p.ordos.goals-value")).containsExactly(1);
        assertThat(registry.getLatest("p.ordos.goals-value").schema()).isNotEqualTo(GoalDefinition.getClassSchema());
    }
}
