package city.ordos.plan.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaceWeightsTest {

    @ParameterizedTest
    @EnumSource(PaceWeights.class)
    void aYearOfSharesIsTheWholeTarget(PaceWeights weights) {
        assertThat(Arrays.stream(weights.monthly()).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void constructionSeasonIsQuietInTheFrozenMonthsAndPeaksInSummer() {
        PaceWeights w = PaceWeights.CONSTRUCTION_SEASONAL;
        assertThat(w.month(1) + w.month(2)).isEqualTo(0.03, within(1e-12));
        assertThat(w.month(7)).isGreaterThan(w.month(3)).isGreaterThan(w.month(12));
    }

    @Test
    void paceNamesAreReadAsTheCatalogWritesThemInAnyCase() {
        assertThat(PaceWeights.forPace(" year_end ")).contains(PaceWeights.YEAR_END);
        assertThat(PaceWeights.forPace("FRONT_LOADED")).contains(PaceWeights.FRONT_LOADED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINEAR", "CONSTANT", "SOMETHING_ELSE", ""})
    void evenAndLevelPacesHaveNoMonthlyWeights(String pace) {
        assertThat(PaceWeights.forPace(pace)).isEmpty();
        assertThat(PaceWeights.forPace(null)).isEmpty();
    }

    @Test
    void callersCannotChangeTheSharedWeights() {
        PaceWeights.YEAR_END.monthly()[0] = 99;
        assertThat(PaceWeights.YEAR_END.month(1)).isEqualTo(0.04);
    }
}
