package city.ordos.plan.api;

import city.ordos.plan.alerts.AlertEpisodes;
import city.ordos.plan.avro.GoalAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every alert update from the goal-alerts topic, kept so the alerts of any moment can be told: an
 * episode is open at K when its latest update with {@code changedAt <= K} (plan clock) is not
 * RESOLVED and it is not a notice ({@link AlertEpisodes}). Alerts are a record of what was raised when, so both clocks of time travel read them by
 * that moment. Bounded: alert updates are a few per goal and month; past {@code limit} the oldest go.
 */
public final class AlertLog {

    private final int limit;
    /** alertId -> updates by sequence. */
    private final Map<String, TreeMap<Integer, GoalAlert>> episodes = new LinkedHashMap<>();

    private int size;

    public AlertLog(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        this.limit = limit;
    }

    public synchronized void add(GoalAlert alert) {
        TreeMap<Integer, GoalAlert> updates = episodes.computeIfAbsent(alert.getAlertId(), k -> new TreeMap<>());
        if (updates.put(alert.getSequence(), alert) == null) {
            size++;
        }
        while (size > limit && !episodes.isEmpty()) {
            String oldest = episodes.keySet().iterator().next();
            size -= episodes.remove(oldest).size();
        }
    }

    /** The state of every episode at {@code at}, as its latest update then; open ones only when asked. */
    public synchronized List<GoalAlert> at(Instant at, boolean openOnly) {
        List<GoalAlert> out = new ArrayList<>();
        for (TreeMap<Integer, GoalAlert> updates : episodes.values()) {
            GoalAlert latest = null;
            for (GoalAlert a : updates.values()) {
                if (!a.getChangedAt().isAfter(at)) {
                    latest = a;
                }
            }
            if (latest != null && (!openOnly || AlertEpisodes.open(latest))) {
                out.add(latest);
            }
        }
        out.sort(Comparator.comparing(GoalAlert::getSeverity)
                .reversed()
                .thenComparing(GoalAlert::getChangedAt, Comparator.reverseOrder())
                .thenComparing(GoalAlert::getAlertId));
        return out;
    }

    /** Every update with {@code from < changedAt <= to}, oldest first. */
    public synchronized List<GoalAlert> between(Instant from, Instant to) {
        List<GoalAlert> out = new ArrayList<>();
        episodes.values()
                .forEach(u -> u.values().forEach(a -> {
                    if (a.getChangedAt().isAfter(from) && !a.getChangedAt().isAfter(to)) {
                        out.add(a);
                    }
                }));
        out.sort(Comparator.comparing(GoalAlert::getChangedAt)
                .thenComparing(GoalAlert::getAlertId)
                .thenComparing(GoalAlert::getSequence));
        return out;
    }

    /** The episodes of one goal up to {@code at}, each with its updates, newest episode first. */
    public synchronized List<List<GoalAlert>> episodesOf(String goalKey, Instant at) {
        List<List<GoalAlert>> out = new ArrayList<>();
        for (TreeMap<Integer, GoalAlert> updates : episodes.values()) {
            List<GoalAlert> seen = updates.values().stream()
                    .filter(a -> (a.getPlanId() + "/" + a.getGoalId()).equals(goalKey))
                    .filter(a -> !a.getChangedAt().isAfter(at))
                    .toList();
            if (!seen.isEmpty()) {
                out.add(seen);
            }
        }
        out.sort(Comparator.comparing((List<GoalAlert> e) -> e.get(0).getFiredAt())
                .reversed());
        return out;
    }
}
