package city.ordos.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PlanClockTest {

    private final PlanCalendar year = PlanCalendar.of(2025);

    @Test
    void wallMapsSystemTimeIntoThePlanYear() {
        Clock nov2026 = Clock.fixed(Instant.parse("2026-11-29T03:00:00Z"), ZoneOffset.UTC);
        assertThat(PlanClock.parse("wall", year, nov2026).now()).isEqualTo(Instant.parse("2025-11-29T03:00:00Z"));
        Clock in2025 = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(PlanClock.parse("wall", year, in2025).now()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        Clock leapDay = Clock.fixed(Instant.parse("2028-02-29T04:00:00Z"), ZoneOffset.UTC);
        assertThat(PlanClock.parse("wall", year, leapDay).now()).isEqualTo(Instant.parse("2025-02-28T04:00:00Z"));
    }

    @Test
    void fixedDatesMeanTheEndOfThatDayInShanghai() {
        assertThat(PlanClock.parse("fixed:2025-09-30", year, Clock.systemUTC()).now())
                .isEqualTo(Instant.parse("2025-09-30T15:59:59.999Z"));
        assertThat(PlanClock.parse("fixed:2025-09-30T12:00:00+08:00", year, Clock.systemUTC())
                        .now())
                .isEqualTo(Instant.parse("2025-09-30T04:00:00Z"));
        assertThatThrownBy(() -> PlanClock.parse("fixed:yesterday", year, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> PlanClock.parse("sundial", year, Clock.systemUTC()))
                .hasMessageContaining("wall, stream or fixed");
    }

    @Test
    void streamFollowsTheGreatestEventTimeSeen() {
        PlanClock clock = PlanClock.parse("stream", year, Clock.systemUTC());
        assertThat(clock.now()).isEqualTo(year.start());
        clock.observe(Instant.parse("2025-05-01T00:00:00Z").toEpochMilli());
        clock.observe(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
        assertThat(clock.now()).isEqualTo(Instant.parse("2025-05-01T00:00:00Z"));
    }
}
