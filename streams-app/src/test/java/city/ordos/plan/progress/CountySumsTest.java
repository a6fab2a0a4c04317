package city.ordos.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountySumsTest {

    @Test
    void aCountysChangeIsAddedToItsSumAtTheContractsScaleAndOtherCountiesKeepTheirs() {
        Map<String, BigDecimal> sums =
                new HashMap<>(Map.of("ordos.DS", new BigDecimal("10.500000"), "ordos.KBS", new BigDecimal("3.000000")));

        Map<String, BigDecimal> after = CountySums.add(sums, "ordos.DS", new BigDecimal("-0.25"));
        after = CountySums.add(after, "ordos.EJ", new BigDecimal("2"));

        assertThat(after)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "ordos.DS", new BigDecimal("10.250000"),
                        "ordos.KBS", new BigDecimal("3.000000"),
                        "ordos.EJ", new BigDecimal("2.000000")));
        assertThat(after).as("a map that can change is changed, not copied").isSameAs(sums);
    }

    @Test
    void aMapThatCannotChangeIsLeftAsItWasAndTheSumComesInACopy() {
        Map<String, BigDecimal> held = Map.of("ordos.DS", new BigDecimal("1.000000"));

        Map<String, BigDecimal> after = CountySums.add(held, "ordos.DS", new BigDecimal("1.000000"));

        assertThat(after).containsExactlyEntriesOf(Map.of("ordos.DS", new BigDecimal("2.000000")));
        assertThat(held).containsExactlyEntriesOf(Map.of("ordos.DS", new BigDecimal("1.000000")));
    }
}
