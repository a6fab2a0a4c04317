package city.ordos.plan.progress;

import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Now" in the plan year, injectable so a replay can run a year in minutes and an analyst can ask
 * for the figures as of a date. One instance per application instance; never static.
 *
 * <ul>
 *   <li>{@code wall}: the system clock, mapped into the plan year (same month, day and time of
 *   day in Asia/Shanghai), so the product shows a live year even when the calendar has moved on;</li>
 *   <li>{@code stream}: the greatest event time seen so far (replays at any speed);</li>
 *   <li>{@code fixed:2025-09-30} (end of that day) or {@code fixed:<ISO instant/offset time>}.</li>
 * </ul>
 */
public interface PlanClock {

    /** The current moment of the plan year. */
    Instant now();

    /** Tells the clock an event time was seen; only the stream clock moves on it. */
    default void observe(long eventTimeMillis) {}

    /** Parses a clock mode: {@code wall}, {@code stream} or {@code fixed:<date|instant>}. */
    static PlanClock parse(String mode, PlanCalendar calendar, Clock system) {
        String m = mode == null ? "wall" : mode.trim();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.equals("wall")) {
            return wall(calendar, system);
        }
        if (lower.equals("stream")) {
            return stream(calendar);
        }
        if (lower.startsWith("fixed:")) {
            return fixed(parseInstant(m.substring("fixed:".length()).trim()));
        }
        throw new IllegalArgumentException(
                "Unknown plan clock mode '" + mode + "': expected wall, stream or fixed:<yyyy-mm-dd | ISO instant>");
    }

    static PlanClock fixed(Instant instant) {
        return () -> instant;
    }

    static PlanClock wall(PlanCalendar calendar, Clock system) {
        return () -> {
            ZonedDateTime now = ZonedDateTime.now(system.withZone(PlanCalendar.ZONE));
            if (now.getYear() == calendar.year()) {
                return now.toInstant();
            }
            LocalDate day = LocalDate.of(
                    calendar.year(),
                    now.getMonthValue(),
                    Math.min(
                            now.getDayOfMonth(),
                            LocalDate.of(calendar.year(), now.getMonthValue(), 1)
                                    .lengthOfMonth()));
            return day.atTime(now.toLocalTime()).atZone(PlanCalendar.ZONE).toInstant();
        };
    }

    static StreamClock stream(PlanCalendar calendar) {
        return new StreamClock(calendar.start().toEpochMilli());
    }

    private static Instant parseInstant(String text) {
        try {
            return PlanCalendar.endOfDay(LocalDate.parse(text));
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notAnOffsetTime) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException notAnInstant) {
                    try {
                        return LocalDateTime.parse(text)
                                .atZone(PlanCalendar.ZONE)
                                .toInstant();
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(
                                "fixed clock: cannot read '" + text
                                        + "' as a date (2025-09-30) or an instant (2025-09-30T12:00:00+08:00)",
                                e);
                    }
                }
            }
        }
    }

    /** Follows the greatest event time observed; starts at the beginning of the plan year. */
    final class StreamClock implements PlanClock {
        private final AtomicLong greatest;

        StreamClock(long startMillis) {
            this.greatest = new AtomicLong(startMillis);
        }

        @Override
        public Instant now() {
            return Instant.ofEpochMilli(greatest.get());
        }

        @Override
        public void observe(long eventTimeMillis) {
            greatest.accumulateAndGet(eventTimeMillis, Math::max);
        }
    }
}
