package city.ordos.plan.alerts.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * Mutes the alerts of one goal until a wall-clock time (like an Alertmanager silence).
 *
 * @param goalKey   {@code planId/goalId}
 * @param until     end of the silence (exclusive), wall clock
 * @param reason    why, for the operator reading the list
 * @param createdBy who set it (user name, "config")
 */
public record Silence(String goalKey, Instant until, String reason, String createdBy) {

    public Silence {
        Objects.requireNonNull(goalKey, "goalKey");
        Objects.requireNonNull(until, "until");
        if (!goalKey.contains("/")) {
            throw new IllegalArgumentException("a silence names a goal as planId/goalId, was " + goalKey);
        }
        reason = reason == null ? "" : reason;
        createdBy = createdBy == null ? "" : createdBy;
    }

    public boolean mutes(String key, Instant now) {
        return goalKey.equals(key) && now.isBefore(until);
    }
}
