package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.vocabulary.PlanCalendar;
import io.javalin.http.BadRequestResponse;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MomentTest {

    private static final PlanCalendar CALENDAR = PlanCalendar.of(2025);
    /** 31 December 2025, 23:59:59 in Ordos: the plan clock at the end of a replayed year. */
    private static final Instant NOW = PlanCalendar.lastSecondOf(LocalDate.of(2025, 12, 31));

    @Test
    void todaysPlanDayAsShownIsWhatTheScreenShowsNow() {
        // the date picker offers today; its end (23:59:59.999) lies after the clock's now
        Moment m = Moment.parse(null, "2025-12-31", CALENDAR, NOW);
        assertThat(m).isEqualTo(new Moment.KnownAt(NOW));
    }

    @Test
    void aMomentAfterNowIsStillRefused() {
        assertThatThrownBy(() -> Moment.parse(null, "2025-12-31T15:59:59.500Z", CALENDAR, NOW))
                .isInstanceOf(BadRequestResponse.class)
                .hasMessageContaining("after the plan clock's now");
        Instant midday = PlanCalendar.lastSecondOf(LocalDate.of(2025, 9, 30)).minusSeconds(12 * 3600);
        assertThatThrownBy(() -> Moment.parse(null, "2025-10-01", CALENDAR, midday))
                .isInstanceOf(BadRequestResponse.class);
        assertThat(Moment.parse(null, "2025-09-30", CALENDAR, midday)).isEqualTo(new Moment.KnownAt(midday));
    }
}
