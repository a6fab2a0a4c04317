package city.ordos.plan.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalProgress;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * The build's schema-evolution gate: every .avsc under schemas/src/main/avro must stay
 * BACKWARD-compatible with the released copy in analytics/src/test/resources/released, so a
 * change the registry would refuse is refused by {@code mvn verify} first.
 */
class ReleasedSchemasCompatibilityTest {

    @Test
    void everyCurrentSchemaReadsEverythingWrittenWithTheReleasedOne() {
        Map<String, Schema> released = AvscFiles.topLevel(AvscFiles.releasedSchemas());
        Map<String, Schema> current = AvscFiles.topLevel(AvscFiles.currentSchemas());

        assertThat(released)
                .as("released baseline")
                .containsKeys(
                        "city.ordos.plan.avro.GoalProgress",
                        "city.ordos.plan.avro.GoalAlert",
                        "city.ordos.plan.avro.GoalDefinition",
                        "city.ordos.plan.avro.DeadLetter",
                        "city.ordos.plan.avro.InvestmentReport");
        assertThat(ReleasedSchemaCheck.problems(released, current))
                .as("schema changes that break consumers (BACKWARD); add fields only with defaults, never "
                        + "rename, remove or retype one (see docs/outputs.md, 'Compatibility')")
                .isEmpty();
    }

    @Test
    void theBuiltClassesAreTheSchemasOnDisk() {
        // The check reads .avsc files; consumers use the generated classes: they must be the same contract.
        // (Parsing Canonical Form: the generated class adds Java-only properties such as avro.java.string.)
        Schema onDisk = AvscFiles.topLevel(AvscFiles.currentSchemas())
                .get(GoalProgress.getClassSchema().getFullName());
        assertThat(SchemaNormalization.toParsingForm(onDisk))
                .isEqualTo(SchemaNormalization.toParsingForm(GoalProgress.getClassSchema()));
    }

    @Test
    void anOptionalFieldWithADefaultIsAccepted() {
        Schema evolved = Evolutions.withOptionalComment(GoalProgress.getClassSchema());

        assertThat(ReleasedSchemaCheck.problems(GoalProgress.getClassSchema(), evolved))
                .isEmpty();
    }

    @Test
    void aNewFieldWithoutDefaultIsRefusedNamingTheField() {
        Schema evolved = Evolutions.withRequiredField(GoalProgress.getClassSchema(), "department");

        assertThat(ReleasedSchemaCheck.problems(GoalProgress.getClassSchema(), evolved))
                .singleElement()
                .asString()
                .contains("GoalProgress", "'department'", "READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void aRetypedFieldIsRefusedNamingTheField() {
        Schema evolved = Evolutions.withFieldRetyped(
                GoalProgress.getClassSchema(), "contributingSources", Schema.create(Schema.Type.STRING));

        assertThat(ReleasedSchemaCheck.problems(GoalProgress.getClassSchema(), evolved))
                .singleElement()
                .asString()
                .contains("'contributingSources'", "TYPE_MISMATCH");
    }

    @Test
    void aRemovedEnumSymbolIsRefusedNamingTheField() {
        Schema evolved = Evolutions.withoutStatusSymbol(GoalProgress.getClassSchema(), "STALE");

        assertThat(ReleasedSchemaCheck.problems(GoalProgress.getClassSchema(), evolved))
                .singleElement()
                .asString()
                .contains("'status'", "MISSING_ENUM_SYMBOLS", "STALE");
    }

    @Test
    void aRemovedReleasedSchemaIsRefused() {
        Map<String, Schema> released =
                Map.of(GoalProgress.getClassSchema().getFullName(), GoalProgress.getClassSchema());

        assertThat(ReleasedSchemaCheck.problems(released, Map.of()))
                .singleElement()
                .asString()
                .contains("GoalProgress", "removed");
    }
}
