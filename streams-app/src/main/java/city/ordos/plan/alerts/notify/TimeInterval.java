package city.ordos.plan.alerts.notify;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of times, as Alertmanager's time intervals, with the working calendar: office hours
 * ({@code days: workdays}, 08:30–18:00), nights, days off. Matches when any of its ranges does.
 * Times are local to the notifier's zone (Asia/Shanghai).
 */
public record TimeInterval(String name, List<Range> ranges) {

    /** Which days a range covers, on the working calendar. */
    public enum Days {
        /** Every day. */
        ALL,
        /** Working days: weekdays without holidays, plus adjusted working days (调休). */
        WORKDAYS,
        /** Days off: weekends that are not adjusted working days, and holidays. */
        DAYS_OFF,
        /** Official holidays only. */
        HOLIDAYS;

        static Days parse(String text) {
            return Days.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** Local times {@code [start, end)}; an end of 24:00 means until midnight. */
    public record Times(LocalTime start, LocalTime end, boolean untilMidnight) {
        public Times {
            Objects.requireNonNull(start, "start");
            if (!untilMidnight && !end.isAfter(start)) {
                throw new IllegalArgumentException("a time range must end after it starts: " + start + "–" + end);
            }
        }

        /** "08:30", "18:00"; "24:00" as the end means until midnight. */
        public static Times parse(String start, String end) {
            boolean midnight = "24:00".equals(end.trim());
            return new Times(LocalTime.parse(start.trim()), midnight ? null : LocalTime.parse(end.trim()), midnight);
        }

        boolean contains(LocalTime t) {
            return !t.isBefore(start) && (untilMidnight || t.isBefore(end));
        }
    }

    /**
     * @param days     which days, on the working calendar
     * @param weekdays further restricted to these days of the week (empty: any)
     * @param times    times of day (empty: the whole day)
     */
    public record Range(Days days, Set<DayOfWeek> weekdays, List<Times> times) {
        public Range {
            days = days == null ? Days.ALL : days;
            weekdays = weekdays == null ? Set.of() : Set.copyOf(weekdays);
            times = times == null ? List.of() : List.copyOf(times);
        }

        boolean matches(ZonedDateTime t, WorkingCalendar calendar) {
            boolean day = switch (days) {
                case ALL -> true;
                case WORKDAYS -> calendar.isWorkday(t.toLocalDate());
                case DAYS_OFF -> !calendar.isWorkday(t.toLocalDate());
                case HOLIDAYS -> calendar.isHoliday(t.toLocalDate());
            };
            if (!day || (!weekdays.isEmpty() && !weekdays.contains(t.getDayOfWeek()))) {
                return false;
            }
            return times.isEmpty() || times.stream().anyMatch(r -> r.contains(t.toLocalTime()));
        }
    }

    public TimeInterval {
        Objects.requireNonNull(name, "name");
        ranges = List.copyOf(ranges);
    }

    public boolean matches(ZonedDateTime t, WorkingCalendar calendar) {
        return ranges.stream().anyMatch(r -> r.matches(t, calendar));
    }
}
