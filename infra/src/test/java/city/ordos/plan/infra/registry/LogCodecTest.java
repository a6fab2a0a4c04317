package city.ordos.plan.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.registry.CompatibilityLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The storage records in the layout of Confluent's own {@code _schemas} topic. The expected keys
 * are the bytes Confluent's registry writes (its key classes' field order: keytype, subject,
 * version, magic; no subject in global keys), so compaction and a takeover match them.
 */
class LogCodecTest {

    @Test
    void keysAreWrittenByteForByteAsConfluentWritesThem() {
        assertThat(key(new LogEntry.SchemaVersionRemoved("orders-value", 3)))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":3,\"magic\":1}");
        assertThat(key(new LogEntry.ConfigRemoved(null))).isEqualTo("{\"keytype\":\"CONFIG\",\"magic\":0}");
        assertThat(key(new LogEntry.ConfigRemoved("orders-value")))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\",\"magic\":0}");
        assertThat(key(new LogEntry.ModeRemoved(null))).isEqualTo("{\"keytype\":\"MODE\",\"magic\":0}");
        assertThat(key(new LogEntry.ModeRemoved("orders-value")))
                .isEqualTo("{\"keytype\":\"MODE\",\"subject\":\"orders-value\",\"magic\":0}");
    }

    @Test
    void everyWrittenEntryRoundTrips() {
        List<LogEntry> entries = List.of(
                new LogEntry.SchemaVersion("s-value", 3, 7, "{\"type\":\"string\"}", List.of(), true),
                new LogEntry.SchemaVersion(
                        "r-value",
                        1,
                        8,
                        "{\"type\":\"record\"}",
                        List.of(new SchemaReference("a.M", "money", 2)),
                        false),
                new LogEntry.SchemaVersionRemoved("s-value", 2),
                new LogEntry.Config(null, new SubjectConfig(CompatibilityLevel.FULL, null)),
                new LogEntry.Config("s-value", new SubjectConfig(null, true)),
                new LogEntry.ConfigRemoved("s-value"),
                new LogEntry.Mode(null, RegistryMode.IMPORT),
                new LogEntry.ModeRemoved("s-value"));
        for (LogEntry entry : entries) {
            LogCodec.Encoded encoded = LogCodec.encode(entry);
            assertThat(LogCodec.decode(encoded.key(), encoded.value())).contains(entry);
        }
    }

    @Test
    void readsRecordsAsConfluentsRegistryWritesThem() {
        assertThat(LogCodec.decode(
                        "{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":1,\"magic\":1}",
                        "{\"subject\":\"t-value\",\"version\":1,\"id\":1,\"md5\":\"abc\",\"schema\":\"\\\"string\\\"\","
                                + "\"deleted\":false,\"ts\":1700000000000}"))
                .contains(new LogEntry.SchemaVersion("t-value", 1, 1, "\"string\"", List.of(), false));
        assertThat(LogCodec.decode(
                        "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"t-value\",\"magic\":0}",
                        "{\"subject\":\"t-value\",\"version\":4}"))
                .contains(new LogEntry.SubjectDeleted("t-value", 4));
        assertThat(LogCodec.decode("{\"keytype\":\"NOOP\",\"magic\":0}", null)).isEmpty();
        assertThat(LogCodec.decode(
                        "{\"keytype\":\"CLEAR_SUBJECT\",\"subject\":\"t-value\",\"magic\":0}",
                        "{\"subject\":\"t-value\"}"))
                .isEmpty();
    }

    @Test
    void recordsThisRegistryCannotHonourStopTheReadNamingThem() {
        String key = "{\"keytype\":\"SCHEMA\",\"subject\":\"p-value\",\"version\":1,\"magic\":1}";
        assertThatThrownBy(() -> LogCodec.decode(
                        key, "{\"id\":1,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"))
                .hasMessageContaining("PROTOBUF")
                .hasMessageContaining("p-value");
        assertThatThrownBy(() -> LogCodec.decode(
                        key,
                        "{\"id\":1,\"schema\":\"\\\"string\\\"\",\"ruleSet\":{\"domainRules\":[{\"name\":\"r\"}]}}"))
                .hasMessageContaining("ruleSet");
        assertThatThrownBy(() -> LogCodec.decode(
                        "{\"keytype\":\"CONFIG\",\"magic\":0}",
                        "{\"compatibilityLevel\":\"FULL\",\"alias\":\"other\"}"))
                .hasMessageContaining("alias");
    }

    @Test
    void theFirstFormatsRecordsAreRecognisedForConversion() {
        assertThat(LegacyFormatConversion.isLegacy(
                        "{\"keytype\":\"SCHEMA_ID\",\"id\":4,\"magic\":0}", "{\"id\":4,\"schema\":\"\\\"int\\\"\"}"))
                .isTrue();
        assertThat(LegacyFormatConversion.isLegacy(
                        "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"FULL\"}"))
                .as("global config key with an explicit null subject")
                .isTrue();
        LogCodec.Encoded current =
                LogCodec.encode(new LogEntry.Config(null, new SubjectConfig(CompatibilityLevel.FULL, null)));
        assertThat(LegacyFormatConversion.isLegacy(current.key(), current.value()))
                .isFalse();
        assertThat(LegacyFormatConversion.isLegacy("{\"keytype\":\"NOOP\",\"magic\":0}", null))
                .isFalse();
    }

    private static String key(LogEntry entry) {
        return LogCodec.encode(entry).key();
    }
}
