package city.ordos.plan.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The state is rebuilt from the storage topic, so every entry must survive the codec unchanged. */
class RegistryStateTest {

    @Test
    void everyEntryRoundTripsThroughTheTopicCodec() {
        List<LogEntry> entries = List.of(
                new LogEntry.SchemaVersion("s-value", 3, 7, "{\"type\":\"string\"}", true),
                new LogEntry.SchemaVersionRemoved("s-value", 2),
                new LogEntry.SchemaId(7, "{\"type\":\"string\"}"),
                new LogEntry.Config(null, CompatibilityLevel.FULL),
                new LogEntry.Config("s-value", CompatibilityLevel.NONE),
                new LogEntry.Config("s-value", null));
        for (LogEntry entry : entries) {
            LogCodec.Encoded encoded = LogCodec.encode(entry);
            assertThat(LogCodec.decode(encoded.key(), encoded.value())).contains(entry);
        }
    }

    @Test
    void recordsOfOtherKeyTypesAreSkipped() {
        assertThat(LogCodec.decode("{\"keytype\":\"NOOP\",\"magic\":0}", null)).isEmpty();
    }

    @Test
    void idsAreNeverReusedEvenAfterEveryVersionUsingThemIsRemoved() {
        RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);
        state.apply(new LogEntry.SchemaId(4, "\"int\""));
        state.apply(new LogEntry.SchemaVersion("a-value", 1, 4, "\"int\"", false));

        state.apply(new LogEntry.SchemaVersionRemoved("a-value", 1));

        assertThat(state.subjects(true)).isEmpty();
        assertThat(state.schemaOf(4)).contains("\"int\"");
        assertThat(state.nextId()).isEqualTo(5);
    }

    @Test
    void softDeletedVersionsAreHiddenButKeepTheirVersionNumberTaken() {
        RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);
        state.apply(new LogEntry.SchemaVersion("a-value", 1, 1, "\"int\"", false));
        state.apply(new LogEntry.SchemaVersion("a-value", 2, 2, "\"long\"", false));
        state.apply(new LogEntry.SchemaVersion("a-value", 2, 2, "\"long\"", true));

        assertThat(state.versions("a-value", false))
                .extracting(RegistryState.Version::version)
                .containsExactly(1);
        assertThat(state.versions("a-value", true))
                .extracting(RegistryState.Version::version)
                .containsExactly(1, 2);
        assertThat(state.maxVersion("a-value")).isEqualTo(2);
    }

    @Test
    void subjectLevelOverridesGlobalUntilRemoved() {
        RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);
        assertThat(state.effectiveLevel("a-value")).isEqualTo(CompatibilityLevel.BACKWARD);

        state.apply(new LogEntry.Config(null, CompatibilityLevel.FORWARD));
        state.apply(new LogEntry.Config("a-value", CompatibilityLevel.NONE));
        assertThat(state.effectiveLevel("a-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.effectiveLevel("b-value")).isEqualTo(CompatibilityLevel.FORWARD);

        state.apply(new LogEntry.Config("a-value", null));
        assertThat(state.effectiveLevel("a-value")).isEqualTo(CompatibilityLevel.FORWARD);
    }
}
