package city.ordos.plan.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PlanCalendarTest {

    private final PlanCalendar year = PlanCalendar.of(2025);

    @Test
    void thePlanYearRunsOnTheShanghaiCalendar() {
        assertThat(year.start()).isEqualTo(Instant.parse("2024-12-31T16:00:00Z"));
        assertThat(year.end()).isEqualTo(Instant.parse("2025-12-31T16:00:00Z"));
        assertThat(year.contains(Instant.parse("2024-12-31T16:00:00Z"))).isTrue();
        assertThat(year.contains(Instant.parse("2024-12-31T15:59:59.999Z"))).isFalse();
        assertThat(year.contains(Instant.parse("2025-12-31T15:59:59.999Z"))).isTrue();
        assertThat(year.contains(Instant.parse("2025-12-31T16:00:00Z"))).isFalse();
    }

    @Test
    void daysElapsedCountTheCurrentDayWhole() {
        assertThat(year.daysElapsedThrough(Instant.parse("2024-12-31T16:00:00Z")))
                .isEqualTo(1);
        assertThat(year.daysElapsedThrough(PlanCalendar.endOfDay(LocalDate.of(2025, 6, 30))))
                .isEqualTo(181);
        assertThat(year.daysElapsedThrough(PlanCalendar.endOfDay(LocalDate.of(2025, 12, 31))))
                .isEqualTo(365);
        assertThat(year.daysElapsedThrough(Instant.parse("2024-06-01T00:00:00Z")))
                .isZero();
        assertThat(year.daysElapsedThrough(Instant.parse("2026-06-01T00:00:00Z")))
                .isEqualTo(365);
    }

    @Test
    void periodsAreIsoMonthsOrDaysAndMustLieInTheYear() {
        assertThat(PlanCalendar.parsePeriod("2025-03")).get().satisfies(p -> {
            assertThat(p.first()).isEqualTo(LocalDate.of(2025, 3, 1));
            assertThat(p.last()).isEqualTo(LocalDate.of(2025, 3, 31));
            assertThat(year.contains(p)).isTrue();
        });
        assertThat(PlanCalendar.parsePeriod("2025-03-14"))
                .get()
                .extracting(PlanCalendar.Period::last)
                .isEqualTo(LocalDate.of(2025, 3, 14));
        assertThat(year.contains(PlanCalendar.parsePeriod("2024-12").orElseThrow()))
                .isFalse();
        assertThat(PlanCalendar.parsePeriod("2025-Q3")).isEmpty();
        assertThat(PlanCalendar.parsePeriod("March")).isEmpty();
        // 2025-02-28T17:00Z is 1 March 01:00 in Ordos
        assertThat(PlanCalendar.monthOf(Instant.parse("2025-02-28T17:00:00Z")).id())
                .isEqualTo("2025-03");
    }
}
