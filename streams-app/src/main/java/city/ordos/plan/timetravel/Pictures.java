package city.ordos.plan.timetravel;

import city.ordos.plan.avro.DayDelta;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.progress.topology.ProgressFigures;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Figures of past plan days, rebuilt from day deltas with the same evaluation as the live figure:
 * the goal as the catalog defines it today, its sums as of the end of the day (Asia/Shanghai), the
 * pace and status at that moment.
 */
public final class Pictures {

    private Pictures() {}

    /**
     * The figure of {@code goal} as of the end of {@code date}. A rebuilt figure has no moment of
     * computation of its own: {@code computedAt} is the end of the day too, so the same state gives
     * the same record wherever and whenever it is rebuilt.
     */
    public static GoalProgress asOf(GoalDefinition goal, DailyTotals.Totals totals, LocalDate date) {
        Instant end = PlanCalendar.endOfDay(date);
        String key = OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId());
        return ProgressFigures.progress(goal, totals.toAggregate(key, end.toEpochMilli()), end, end);
    }

    /**
     * The sum of the deltas of every day up to and including {@code date}; {@code deltas} holds each
     * day's delta (summed over partitions) as totals.
     */
    public static DailyTotals.Totals totalsThrough(NavigableMap<LocalDate, DailyTotals.Totals> deltas, LocalDate date) {
        DailyTotals.Totals t = DailyTotals.Totals.NONE;
        for (DailyTotals.Totals day : deltas.headMap(date, true).values()) {
            t = t.plus(day);
        }
        return t;
    }

    /** The figure of every day from {@code from} to {@code to} (inclusive), oldest first. */
    public static List<GoalProgress> series(
            GoalDefinition goal, NavigableMap<LocalDate, DailyTotals.Totals> deltas, LocalDate from, LocalDate to) {
        List<GoalProgress> out = new ArrayList<>();
        DailyTotals.Totals t = totalsThrough(deltas, from.minusDays(1));
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            DailyTotals.Totals today = deltas.get(day);
            if (today != null) {
                t = t.plus(today);
            }
            out.add(asOf(goal, t, day));
        }
        return out;
    }

    /** The day of a {@code timetravel-day-deltas} key {@code goal|yyyy-MM-dd}. */
    public static LocalDate dateOfKey(String dayKey) {
        return LocalDate.parse(dayKey.substring(dayKey.lastIndexOf('|') + 1));
    }

    /** Adds a store entry to a goal's deltas by day (entries of several partitions add up). */
    public static void addTo(NavigableMap<LocalDate, DailyTotals.Totals> byDay, Map.Entry<String, DayDelta> entry) {
        byDay.merge(
                dateOfKey(entry.getKey()), DailyTotals.Totals.NONE.plus(entry.getValue()), DailyTotals.Totals::plus);
    }
}
