package city.ordos.plan.api;

import city.ordos.plan.alerts.AlertEpisodes;
import city.ordos.plan.avro.GoalAlert;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Active alert episodes (the latest update of every open episode: not yet RESOLVED, not a notice,
 * {@link AlertEpisodes}) and the most recent updates of all episodes, notices included, from the
 * goal-alerts topic.
 */
public final class AlertBoard {

    private final int recentLimit;
    private final Map<String, GoalAlert> active = new LinkedHashMap<>();
    /** The latest sequence of every episode seen, open or not: a redelivered update is not news. */
    private final Map<String, Integer> sequences = new HashMap<>();

    private final Deque<GoalAlert> recent = new ArrayDeque<>();

    public AlertBoard(int recentLimit) {
        this.recentLimit = recentLimit;
    }

    public synchronized void add(GoalAlert alert) {
        Integer held = sequences.get(alert.getAlertId());
        if (held != null && held >= alert.getSequence()) {
            return; // a redelivered or older update of an episode we already know
        }
        sequences.put(alert.getAlertId(), alert.getSequence());
        if (!AlertEpisodes.open(alert)) {
            active.remove(alert.getAlertId());
        } else {
            active.put(alert.getAlertId(), alert);
        }
        recent.addFirst(alert);
        while (recent.size() > recentLimit) {
            recent.removeLast();
        }
    }

    /** The latest update of an episode still open, if it is. */
    public synchronized Optional<GoalAlert> active(String alertId) {
        return Optional.ofNullable(active.get(alertId));
    }

    public synchronized Views.AlertList snapshot() {
        List<GoalAlert> act = new ArrayList<>(active.values());
        act.sort(Comparator.comparing(GoalAlert::getSeverity)
                .reversed()
                .thenComparing(GoalAlert::getChangedAt, Comparator.reverseOrder()));
        return new Views.AlertList(
                act.stream().map(Views.AlertView::of).toList(),
                recent.stream().map(Views.AlertView::of).toList());
    }
}
