package city.ordos.plan.vocabulary;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The plan year: 1 January to 31 December in Asia/Shanghai. Event times are instants; the plan
 * reads them on the Shanghai calendar, so 2024-12-31T17:00Z (01:00 on 1 January in Ordos) is
 * already inside the 2025 plan year. The producers, the streams app and the analytics side all
 * read dates through this one class. Serializable: the Flink peer ships it to its tasks inside
 * the goal index.
 */
public final class PlanCalendar implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final int year;
    private final Instant start;
    private final Instant end;
    private final long startMillis;
    private final long endMillis;

    private PlanCalendar(int year) {
        this.year = year;
        this.start = LocalDate.of(year, 1, 1).atStartOfDay(ZONE).toInstant();
        this.end = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZONE).toInstant();
        this.startMillis = start.toEpochMilli();
        this.endMillis = end.toEpochMilli();
    }

    public static PlanCalendar of(int year) {
        return new PlanCalendar(year);
    }

    public int year() {
        return year;
    }

    /** First instant of the plan year. */
    public Instant start() {
        return start;
    }

    /** First instant after the plan year (exclusive end). */
    public Instant end() {
        return end;
    }

    public boolean contains(Instant instant) {
        return contains(instant.toEpochMilli());
    }

    public boolean contains(long epochMillis) {
        return epochMillis >= startMillis && epochMillis < endMillis;
    }

    public int daysInYear() {
        return LocalDate.of(year, 1, 1).lengthOfYear();
    }

    /** The plan-year date of an instant, on the Shanghai calendar. */
    public static LocalDate dateOf(Instant instant) {
        return instant.atZone(ZONE).toLocalDate();
    }

    /** The last instant of a date (23:59:59.999 Shanghai): "as of" a date includes the whole day. */
    public static Instant endOfDay(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZONE).toInstant().minusMillis(1);
    }

    /**
     * The "as of" instant the producers write for a statement about a date: the last whole second
     * of that day in Ordos (23:59:59 Shanghai). It lies inside the same day as {@link #endOfDay}.
     */
    public static Instant lastSecondOf(LocalDate date) {
        return startOf(date).plusSeconds(24 * 3600 - 1);
    }

    /** Midnight in Ordos. China has kept UTC+8 without daylight saving since 1991, which the zone rules confirm. */
    public static Instant startOf(LocalDate date) {
        return date.atStartOfDay(ZONE).toInstant();
    }

    /** A minute of a day in Ordos (0 is midnight): when a simulated source reports. */
    public static Instant at(LocalDate date, int minuteOfDay) {
        return startOf(date).plusSeconds(minuteOfDay * 60L);
    }

    public static boolean isMonthEnd(LocalDate date) {
        return date.getDayOfMonth() == date.lengthOfMonth();
    }

    public static boolean isQuarterEnd(LocalDate date) {
        return isMonthEnd(date) && date.getMonthValue() % 3 == 0;
    }

    /** True once the whole plan year lies in the past at {@code asOf}. */
    public boolean isOver(Instant asOf) {
        return asOf.toEpochMilli() >= endMillis;
    }

    /**
     * Days of the plan year elapsed at {@code asOf}, counting the current day as a whole day
     * (0 before the year, {@link #daysInYear()} on 31 December and after). Expected values move
     * once a day, which is the resolution the plan is stated in and keeps the output quiet.
     */
    public int daysElapsedThrough(Instant asOf) {
        long t = asOf.toEpochMilli();
        if (t < startMillis) {
            return 0;
        }
        if (t >= endMillis) {
            return daysInYear();
        }
        return (int) ChronoUnit.DAYS.between(LocalDate.of(year, 1, 1), dateOf(asOf)) + 1;
    }

    /**
     * The period a flow statement names: an ISO month ({@code 2025-03}) or day
     * ({@code 2025-03-14}). Empty when the text is neither.
     */
    public static Optional<Period> parsePeriod(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        try {
            if (t.length() == 7) {
                YearMonth month = YearMonth.parse(t);
                return Optional.of(new Period(t, month.atDay(1), month.atEndOfMonth()));
            }
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                return Optional.of(new Period(t, day, day));
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The month an instant falls in, as a flow period (used when a flow names no period). */
    public static Period monthOf(Instant instant) {
        YearMonth month = YearMonth.from(instant.atZone(ZONE));
        return new Period(month.toString(), month.atDay(1), month.atEndOfMonth());
    }

    public boolean contains(Period period) {
        return period.first().getYear() == year && period.last().getYear() == year;
    }

    /** A reporting period: an ISO month or day on the Shanghai calendar, inclusive bounds. */
    public record Period(String id, LocalDate first, LocalDate last) {
        public ZonedDateTime startIn(ZoneId zone) {
            return first.atStartOfDay(zone);
        }
    }
}
