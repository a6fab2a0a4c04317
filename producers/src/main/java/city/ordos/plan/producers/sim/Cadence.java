package city.ordos.plan.producers.sim;

import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** How often a source states something, and which period each statement is about. */
public enum Cadence {
    DAILY,
    WEEKLY,
    MONTHLY,
    QUARTERLY;

    /** Whether a statement "as of" this date is due (the last day of its period). */
    boolean isPeriodEnd(LocalDate date) {
        return switch (this) {
            case DAILY -> true;
            case WEEKLY ->
                date.getDayOfWeek() == DayOfWeek.SUNDAY || date.getMonthValue() == 12 && date.getDayOfMonth() == 31;
            case MONTHLY -> PlanCalendar.isMonthEnd(date);
            case QUARTERLY -> PlanCalendar.isQuarterEnd(date);
        };
    }

    /**
     * The ISO periods (months or days) a flow statement ending on {@code end} covers: flows are
     * always stated per month or per day, so a weekly or quarterly reporter sends several.
     */
    List<String> flowPeriods(LocalDate end, int year) {
        List<String> out = new ArrayList<>();
        switch (this) {
            case DAILY -> out.add(end.toString());
            case WEEKLY -> {
                for (LocalDate d = lastSundayBefore(end).plusDays(1); !d.isAfter(end); d = d.plusDays(1)) {
                    if (d.getYear() == year) {
                        out.add(d.toString());
                    }
                }
            }
            case MONTHLY -> out.add(YearMonth.from(end).toString());
            case QUARTERLY -> {
                YearMonth last = YearMonth.from(end);
                out.add(last.minusMonths(2).toString());
                out.add(last.minusMonths(1).toString());
                out.add(last.toString());
            }
        }
        return out;
    }

    private static LocalDate lastSundayBefore(LocalDate d) {
        LocalDate x = d.minusDays(1);
        while (x.getDayOfWeek() != DayOfWeek.SUNDAY) {
            x = x.minusDays(1);
        }
        return x;
    }

    /** First and last day of an ISO period string ("2025-03" or "2025-03-14"). */
    static LocalDate[] bounds(String period) {
        int year = Integer.parseInt(period, 0, 4, 10);
        int month = Integer.parseInt(period, 5, 7, 10);
        if (period.length() == 7) {
            LocalDate first = LocalDate.of(year, month, 1);
            return new LocalDate[] {first, first.withDayOfMonth(first.lengthOfMonth())};
        }
        LocalDate d = LocalDate.of(year, month, Integer.parseInt(period, 8, 10, 10));
        return new LocalDate[] {d, d};
    }

    /**
     * The reporting rhythm that keeps a goal fresh: a single source (a statistics series) must report
     * well within the goal's cadence; many staggered sources keep it fresh even when each reports monthly.
     */
    static Cadence forGoal(int cadenceDays, boolean singleSource) {
        if (singleSource) {
            if (cadenceDays >= 96) {
                return QUARTERLY;
            }
            if (cadenceDays >= 32) {
                return MONTHLY;
            }
            return cadenceDays >= 10 ? WEEKLY : DAILY;
        }
        return cadenceDays >= 12 ? MONTHLY : DAILY;
    }

    int periodDays() {
        return switch (this) {
            case DAILY -> 1;
            case WEEKLY -> 7;
            case MONTHLY -> 31;
            case QUARTERLY -> 92;
        };
    }

    /** Days between the end of a period and its report: sources need a few days to close their books. */
    int maxDelayDays(int cadenceDays) {
        int periodDays = switch (this) {
            case DAILY -> 1;
            case WEEKLY -> 7;
            case MONTHLY -> 31;
            case QUARTERLY -> 92;
        };
        int room = cadenceDays - periodDays - 1;
        int wanted = switch (this) {
            case DAILY -> 1;
            case WEEKLY -> 1;
            case MONTHLY -> 6;
            case QUARTERLY -> 15;
        };
        return Math.max(1, Math.min(wanted, room));
    }
}
