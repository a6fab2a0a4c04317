package city.ordos.plan.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

    @Test
    void readsTrueAndFalseInAnyCaseWithBlanksAround() {
        assertThat(SettingValues.bool("k", " TRUE ")).isTrue();
        assertThat(SettingValues.bool("k", "false")).isFalse();
        assertThat(SettingValues.bool("k", "False\n")).isFalse();
        assertThat(SettingValues.bool("k", Boolean.TRUE)).isTrue();
    }

    @Test
    void refusesWhatBooleanParseBooleanWouldReadAsFalseNamingTheKey() {
        for (String typo : new String[] {"yes", "on", "1", "ture", ""}) {
            assertThatThrownBy(() -> SettingValues.bool("ordos.auth.kiosk", typo))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ordos.auth.kiosk")
                    .hasMessageContaining("true or false")
                    .hasMessageContaining("'" + typo + "'");
        }
    }

    @Test
    void anAbsentSettingTakesTheDefaultAndAPresentOneIsReadStrictly() {
        assertThat(SettingValues.bool(Map.of(), "k", true)).isTrue();
        assertThat(SettingValues.bool(Map.of(), "k", false)).isFalse();
        assertThat(SettingValues.bool(Map.of("k", "false"), "k", true)).isFalse();
        assertThatThrownBy(() -> SettingValues.bool(Map.of("k", "no"), "k", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no'");
    }
}
