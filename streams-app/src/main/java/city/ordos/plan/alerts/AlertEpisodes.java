package city.ordos.plan.alerts;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;

/**
 * Which alert episodes are open, for every list of open alerts (the screen's active list, the
 * alerts of a past moment, the departments' pages and counts, acknowledgements, the notifier's
 * reminders), so that they cannot disagree.
 */
public final class AlertEpisodes {

    private AlertEpisodes() {}

    /**
     * A one-off notice (target met): news, not a condition anyone acts on. The engine never
     * resolves it, so counting it as open would leave "target met" standing beside "well behind"
     * once a corrected figure falls back.
     */
    public static boolean notice(AlertKind kind) {
        return kind == AlertKind.ACHIEVED;
    }

    /** True when the episode whose latest update is {@code latest} is open: not resolved, not a notice. */
    public static boolean open(GoalAlert latest) {
        return latest.getState() != AlertState.RESOLVED && !notice(latest.getKind());
    }
}
