package city.ordos.plan.api;

import city.ordos.plan.avro.GoalProgress;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recent history of every goal, memory-bounded: the latest figure per goal and plan day (the
 * figure's asOf in Asia/Shanghai), at most {@code maxDays} days per goal, oldest dropped first.
 * A plan year is 365 points per goal, so ~70 goals fit in a few MB; the full history stays on the
 * append-only progress-history topic for analytics.
 */
public final class HistoryBuffer {

    private static final ZoneId PLAN_ZONE = ZoneId.of("Asia/Shanghai");

    private final int maxDays;
    private final Map<String, NavigableMap<LocalDate, GoalProgress>> byGoal = new ConcurrentHashMap<>();

    public HistoryBuffer(int maxDays) {
        if (maxDays < 1) {
            throw new IllegalArgumentException("maxDays must be >= 1, was " + maxDays);
        }
        this.maxDays = maxDays;
    }

    public void add(GoalProgress p) {
        String key = p.getPlanId() + "/" + p.getGoalId();
        LocalDate day = p.getAsOf().atZone(PLAN_ZONE).toLocalDate();
        NavigableMap<LocalDate, GoalProgress> days = byGoal.computeIfAbsent(key, k -> new TreeMap<>());
        synchronized (days) {
            GoalProgress held = days.get(day);
            // Within a day the figure computed last wins; an older figure arriving late does not.
            if (held == null
                    || held.getAsOf().isBefore(p.getAsOf())
                    || (held.getAsOf().equals(p.getAsOf())
                            && !held.getComputedAt().isAfter(p.getComputedAt()))) {
                days.put(day, p);
            }
            while (days.size() > maxDays) {
                days.pollFirstEntry();
            }
        }
    }

    /** The goal's daily points, oldest first. */
    public List<Views.HistoryPoint> history(String goalKey) {
        NavigableMap<LocalDate, GoalProgress> days = byGoal.get(goalKey);
        if (days == null) {
            return List.of();
        }
        synchronized (days) {
            List<Views.HistoryPoint> out = new ArrayList<>(days.size());
            days.values().forEach(p -> out.add(Views.HistoryPoint.of(p)));
            return out;
        }
    }

    public Map<String, List<Views.HistoryPoint>> all() {
        Map<String, List<Views.HistoryPoint>> out = new LinkedHashMap<>();
        new TreeMap<>(byGoal).keySet().forEach(k -> out.put(k, history(k)));
        return out;
    }
}
