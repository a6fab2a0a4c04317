package city.ordos.plan.alerts.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's acknowledgement of an alert episode: "we know, we are on it". It covers the
 * episode up to update {@code sequence}; reminders and escalation stop until the episode changes
 * again (escalates or resolves).
 *
 * @param alertId        the episode
 * @param goalKey        its goal, planId/goalId
 * @param sequence       the latest update it covers
 * @param note           what the acknowledger says
 * @param acknowledgedBy who (today the name given with the admin token; later the signed-in user)
 * @param acknowledgedAt when, wall clock
 */
public record Ack(
        String alertId, String goalKey, int sequence, String note, String acknowledgedBy, Instant acknowledgedAt) {

    public Ack {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(goalKey, "goalKey");
        Objects.requireNonNull(acknowledgedAt, "acknowledgedAt");
        if (sequence < 1) {
            throw new IllegalArgumentException("an acknowledgement covers update 1 or later, was " + sequence);
        }
        note = note == null ? "" : note;
        acknowledgedBy = acknowledgedBy == null ? "" : acknowledgedBy;
    }

    /** Whether it covers the update {@code sequence} of its episode. */
    public boolean covers(int updateSequence) {
        return sequence >= updateSequence;
    }
}
