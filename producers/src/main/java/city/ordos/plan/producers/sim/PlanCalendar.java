package city.ordos.plan.producers.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** The plan year in the city's own time zone: every date the simulator speaks of is a date in Ordos. */
public final class PlanCalendar {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final int year;

    public PlanCalendar(int year) {
        this.year = year;
    }

    public int year() {
        return year;
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, 1, 1);
    }

    public LocalDate lastDay() {
        return LocalDate.of(year, 12, 31);
    }

    public boolean contains(LocalDate date) {
        return date.getYear() == year;
    }

    /** The "as of" instant of a statement about a date: the last second of that day in Ordos. */
    public static Instant endOf(LocalDate date) {
        return startOf(date).plusSeconds(24 * 3600 - 1);
    }

    public static Instant at(LocalDate date, int minuteOfDay) {
        return startOf(date).plusSeconds(minuteOfDay * 60L);
    }

    /** Midnight in Ordos. China has kept UTC+8 without daylight saving since 1991, which the zone rules confirm. */
    public static Instant startOf(LocalDate date) {
        long epochSecond = date.toEpochDay() * 86_400L;
        return Instant.ofEpochSecond(epochSecond
                - ZONE.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds());
    }

    public static LocalDate monthEnd(LocalDate date) {
        return YearMonth.from(date).atEndOfMonth();
    }

    public static boolean isMonthEnd(LocalDate date) {
        return date.getDayOfMonth() == date.lengthOfMonth();
    }

    public static boolean isQuarterEnd(LocalDate date) {
        return isMonthEnd(date) && date.getMonthValue() % 3 == 0;
    }
}
