package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityCheckerTest {

    private static final Schema BASE = record("{\"name\":\"goalId\",\"type\":\"string\"}");
    private static final Schema ADDED_REQUIRED =
            record("{\"name\":\"goalId\",\"type\":\"string\"},{\"name\":\"county\",\"type\":\"string\"}");
    private static final Schema ADDED_OPTIONAL = record(
            "{\"name\":\"goalId\",\"type\":\"string\"},{\"name\":\"county\",\"type\":[\"null\",\"string\"],\"default\":null}");
    private static final Schema REMOVED_REQUIRED = record("{\"name\":\"other\",\"type\":\"int\",\"default\":0}");

    /** The verdict table every schema-registry user relies on, per level and kind of change. */
    @ParameterizedTest(name = "{0}: added required={1}, added optional={2}, removed required={3}")
    @CsvSource({
        "NONE,                true,  true, true",
        "BACKWARD,            false, true, true",
        "BACKWARD_TRANSITIVE, false, true, true",
        "FORWARD,             true,  true, false",
        "FORWARD_TRANSITIVE,  true,  true, false",
        "FULL,                false, true, false",
        "FULL_TRANSITIVE,     false, true, false",
    })
    void verdictsFollowTheLevelsDirection(
            CompatibilityLevel level, boolean addRequired, boolean addOptional, boolean removeRequired) {
        assertThat(CompatibilityChecker.problems(level, ADDED_REQUIRED, BASE).isEmpty())
                .isEqualTo(addRequired);
        assertThat(CompatibilityChecker.problems(level, ADDED_OPTIONAL, BASE).isEmpty())
                .isEqualTo(addOptional);
        assertThat(CompatibilityChecker.problems(level, REMOVED_REQUIRED, BASE).isEmpty())
                .isEqualTo(removeRequired);
    }

    @Test
    void problemNamesTheFieldItsLocationAndTheKindOfIncompatibility() {
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.BACKWARD, ADDED_REQUIRED, BASE))
                .singleElement()
                .asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("/fields/1")
                .contains("'county'");
    }

    /**
     * Avro calls these evolutions compatible; the stored amounts would be read as other numbers
     * (12.34 written at scale 2 read at scale 6 is 0.001234; the text "10" read as bytes is an
     * unscaled 0x3130), so the registry refuses them at registration.
     */
    @Test
    void anEvolutionThatChangesWhatStoredAmountsMeanIsRefusedThoughAvroAcceptsIt() {
        Schema scale6 = record(
                "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":6}}");
        Schema scale2 = record(
                "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":2}}");
        Schema text = record("{\"name\":\"amount\",\"type\":\"string\"}");

        assertThat(CompatibilityChecker.problems(CompatibilityLevel.BACKWARD, scale6, scale2))
                .singleElement()
                .asString()
                .contains("MEANING_CHANGED")
                .contains("amount")
                .contains("decimal(38,2)");
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.BACKWARD, scale6, text))
                .singleElement()
                .asString()
                .contains("MEANING_CHANGED")
                .contains("amount");
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.FULL, scale6, scale6))
                .isEmpty();
    }

    @Test
    void changedTypeIsReportedAsTypeMismatch() {
        Schema asInt = record("{\"name\":\"goalId\",\"type\":\"int\"}");

        assertThat(CompatibilityChecker.problems(CompatibilityLevel.BACKWARD, asInt, BASE))
                .singleElement()
                .asString()
                .contains("TYPE_MISMATCH")
                .contains("/fields/0/type");
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionOthersOnlyTheLatestAndNoneNothing() {
        List<Integer> history = List.of(1, 2, 3);

        assertThat(CompatibilityChecker.checkedAgainst(CompatibilityLevel.BACKWARD_TRANSITIVE, history))
                .containsExactly(1, 2, 3);
        assertThat(CompatibilityChecker.checkedAgainst(CompatibilityLevel.FULL, history))
                .containsExactly(3);
        assertThat(CompatibilityChecker.checkedAgainst(CompatibilityLevel.NONE, history))
                .isEmpty();
        assertThat(CompatibilityChecker.checkedAgainst(CompatibilityLevel.FORWARD, List.of()))
                .isEmpty();
    }

    @Test
    void levelsParseCaseInsensitivelyAndRejectUnknownNames() {
        assertThat(CompatibilityLevel.parse("full_transitive")).contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.parse(" Backward ")).contains(CompatibilityLevel.BACKWARD);
        assertThat(CompatibilityLevel.parse("SIDEWAYS")).isEmpty();
        assertThat(CompatibilityLevel.parse(null)).isEmpty();
        assertThatThrownBy(() -> CompatibilityLevel.of("SIDEWAYS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FULL_TRANSITIVE");
    }

    private static Schema record(String fields) {
        return new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
    }
}
