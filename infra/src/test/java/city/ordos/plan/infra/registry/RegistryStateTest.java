package city.ordos.plan.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.infra.registry.RegistryState.SchemaIdentity;
import city.ordos.plan.infra.registry.RegistryState.VersionFilter;
import city.ordos.plan.registry.CompatibilityLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's contents as its storage records build them, with Confluent's meaning of each record. */
class RegistryStateTest {

    private final RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);

    @Test
    void permanentlyRemovedSchemaNoLongerResolvesButKeepsItsIdForARegistrationAgain() {
        state.apply(version("a-value", 1, 4, "\"int\"", false));

        state.apply(new LogEntry.SchemaVersionRemoved("a-value", 1));

        assertThat(state.subjects(VersionFilter.INCLUDING_DELETED)).isEmpty();
        assertThat(state.schemaOf(4)).isEmpty();
        assertThat(state.idOf(new SchemaIdentity("\"int\"", List.of()))).contains(4);
        assertThat(state.nextId()).isEqualTo(5);
    }

    @Test
    void softDeletedVersionsAreHiddenButKeepTheirVersionNumberAndIdTaken() {
        state.apply(version("a-value", 1, 1, "\"int\"", false));
        state.apply(version("a-value", 2, 2, "\"long\"", false));
        state.apply(version("a-value", 2, 2, "\"long\"", true));

        assertThat(versions("a-value", VersionFilter.LIVE)).containsExactly(1);
        assertThat(versions("a-value", VersionFilter.INCLUDING_DELETED)).containsExactly(1, 2);
        assertThat(versions("a-value", VersionFilter.DELETED_ONLY)).containsExactly(2);
        assertThat(state.maxVersion("a-value")).isEqualTo(2);
        assertThat(state.schemaOf(2)).isPresent();
    }

    @Test
    void deleteSubjectRecordWrittenByConfluentSoftDeletesVersionsUpToItsWatermark() {
        state.apply(version("a-value", 1, 1, "\"int\"", false));
        state.apply(version("a-value", 2, 2, "\"long\"", false));
        state.apply(new LogEntry.SubjectDeleted("a-value", 1));

        assertThat(versions("a-value", VersionFilter.LIVE)).containsExactly(2);

        state.apply(new LogEntry.SubjectDeleted("a-value", 2));
        assertThat(state.subjects(VersionFilter.LIVE)).isEmpty();
        assertThat(state.subjects(VersionFilter.DELETED_ONLY)).containsExactly("a-value");
    }

    @Test
    void subjectConfigFieldsOverrideGlobalOnesUntilRemoved() {
        assertThat(state.effectiveConfig("a-value")).isEqualTo(new SubjectConfig(CompatibilityLevel.BACKWARD, null));

        state.apply(new LogEntry.Config(null, new SubjectConfig(CompatibilityLevel.FORWARD, true)));
        state.apply(new LogEntry.Config("a-value", new SubjectConfig(CompatibilityLevel.NONE, null)));
        assertThat(state.effectiveConfig("a-value")).isEqualTo(new SubjectConfig(CompatibilityLevel.NONE, true));
        assertThat(state.effectiveConfig("b-value")).isEqualTo(new SubjectConfig(CompatibilityLevel.FORWARD, true));

        state.apply(new LogEntry.ConfigRemoved("a-value"));
        assertThat(state.effectiveConfig("a-value")).isEqualTo(new SubjectConfig(CompatibilityLevel.FORWARD, true));
        assertThat(state.subjectConfig("a-value")).isEmpty();
    }

    @Test
    void subjectConfigWithoutItsOwnLevelIsAnsweredWithTheDefaultLevelAsConfluentDoes() {
        state.apply(new LogEntry.Config(null, new SubjectConfig(CompatibilityLevel.FULL, null)));
        state.apply(new LogEntry.Config("a-value", new SubjectConfig(null, true)));

        assertThat(state.subjectConfig("a-value")).contains(new SubjectConfig(CompatibilityLevel.BACKWARD, true));
        assertThat(state.effectiveConfig("a-value").compatibilityLevel()).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void subjectModeGovernsItsSubjectAndTheGlobalModeTheRest() {
        assertThat(state.effectiveMode("a-value")).isEqualTo(RegistryMode.READWRITE);

        state.apply(new LogEntry.Mode(null, RegistryMode.READONLY));
        state.apply(new LogEntry.Mode("a-value", RegistryMode.IMPORT));

        assertThat(state.effectiveMode("a-value")).isEqualTo(RegistryMode.IMPORT);
        assertThat(state.effectiveMode("b-value")).isEqualTo(RegistryMode.READONLY);
        state.apply(new LogEntry.ModeRemoved("a-value"));
        assertThat(state.effectiveMode("a-value")).isEqualTo(RegistryMode.READONLY);
    }

    @Test
    void referrersAreFoundByTheSubjectVersionTheyName() {
        state.apply(version("money", 1, 1, "{\"type\":\"fixed\",\"name\":\"M\",\"size\":8}", false));
        state.apply(new LogEntry.SchemaVersion(
                "report-value",
                1,
                2,
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"m\",\"type\":\"M\"}]}",
                List.of(new SchemaReference("M", "money", 1)),
                true));

        assertThat(state.referencedBy("money", 1, true)).containsExactly(2);
        assertThat(state.referencedBy("money", 1, false))
                .as("only a soft-deleted referrer")
                .isEmpty();
        assertThat(state.subjectsReferring("money", 1, true)).containsExactly("report-value");
    }

    private List<Integer> versions(String subject, VersionFilter filter) {
        return state.versions(subject, filter).stream()
                .map(LogEntry.SchemaVersion::version)
                .toList();
    }

    private static LogEntry.SchemaVersion version(String subject, int version, int id, String schema, boolean deleted) {
        return new LogEntry.SchemaVersion(subject, version, id, schema, List.of(), deleted);
    }
}
