package city.ordos.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PaceProfileTest {

    private final PlanCalendar year = PlanCalendar.of(2025);

    private double at(PaceProfile p, String date) {
        return p.fraction(year, PlanCalendar.endOfDay(LocalDate.parse(date)));
    }

    @Test
    void linearIsTheShareOfDaysElapsed() {
        assertThat(at(PaceProfile.LINEAR, "2025-01-01")).isCloseTo(1 / 365.0, within(1e-12));
        assertThat(at(PaceProfile.LINEAR, "2025-06-30")).isCloseTo(181 / 365.0, within(1e-12));
        assertThat(at(PaceProfile.LINEAR, "2025-12-31")).isEqualTo(1.0);
    }

    @Test
    void constructionSeasonExpectsLittleInWinterAndAllByYearEnd() {
        assertThat(at(PaceProfile.CONSTRUCTION_SEASONAL, "2025-01-31")).isCloseTo(0.01, within(1e-9));
        assertThat(at(PaceProfile.CONSTRUCTION_SEASONAL, "2025-02-28")).isCloseTo(0.03, within(1e-9));
        assertThat(at(PaceProfile.CONSTRUCTION_SEASONAL, "2025-06-30")).isCloseTo(0.42, within(1e-9));
        assertThat(at(PaceProfile.CONSTRUCTION_SEASONAL, "2025-12-31")).isEqualTo(1.0);
        assertThat(at(PaceProfile.CONSTRUCTION_SEASONAL, "2025-06-30"))
                .isLessThan(at(PaceProfile.LINEAR, "2025-06-30"));
    }

    @Test
    void everyProfileRisesMonotonicallyToOne() {
        for (PaceProfile p : PaceProfile.values()) {
            double previous = -1;
            for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
                double f = p.fraction(year, PlanCalendar.endOfDay(d));
                assertThat(f)
                        .as("%s on %s", p, d)
                        .isGreaterThanOrEqualTo(previous)
                        .isBetween(0.0, 1.0);
                previous = f;
            }
            assertThat(previous).as(p.name()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void constantExpectsTheWholeTargetAllYearAndUnknownNamesReadLinear() {
        assertThat(at(PaceProfile.CONSTANT, "2025-01-01")).isEqualTo(1.0);
        assertThat(PaceProfile.parse("construction_seasonal")).isEqualTo(PaceProfile.CONSTRUCTION_SEASONAL);
        assertThat(PaceProfile.parse("WHATEVER")).isEqualTo(PaceProfile.LINEAR);
        assertThat(PaceProfile.parse(null)).isEqualTo(PaceProfile.LINEAR);
    }
}
