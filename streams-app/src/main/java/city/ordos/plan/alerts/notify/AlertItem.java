package city.ordos.plan.alerts.notify;

import city.ordos.plan.alerts.AlertEpisodes;
import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.topics.OrdosTopics;

/**
 * One alert update as the notifier's planner keeps it between messages (JSON in its store).
 *
 * @param escalatedFrom the receiver whose group left it unacknowledged for too long, when it came
 *                      to this receiver by escalation; null otherwise
 */
public record AlertItem(
        String alertId,
        int sequence,
        String planId,
        String goalId,
        String department,
        String section,
        AlertKind kind,
        AlertState state,
        Severity severity,
        String messageZh,
        String messageEn,
        String escalatedFrom) {

    public static AlertItem of(GoalAlert a) {
        return new AlertItem(
                a.getAlertId(),
                a.getSequence(),
                a.getPlanId(),
                a.getGoalId(),
                a.getDepartment(),
                a.getSection(),
                a.getKind(),
                a.getState(),
                a.getSeverity(),
                a.getMessageZh(),
                a.getMessageEn(),
                null);
    }

    public AlertItem escalatedFrom(String receiver) {
        return new AlertItem(
                alertId,
                sequence,
                planId,
                goalId,
                department,
                section,
                kind,
                state,
                severity,
                messageZh,
                messageEn,
                receiver);
    }

    /** The idempotency key of this update, alertId#sequence. */
    public String key() {
        return alertId + "#" + sequence;
    }

    public String goalKey() {
        return OrdosTopics.goalKey(planId, goalId);
    }

    /** A one-off notice (target achieved): reported once, never reminded, never open. */
    public boolean notice() {
        return AlertEpisodes.notice(kind);
    }

    public boolean resolved() {
        return state == AlertState.RESOLVED;
    }

    public boolean critical() {
        return severity == Severity.CRITICAL && !resolved();
    }

    /** "【进度预警】固定资产投资增长", the head of the Chinese message. */
    public String title() {
        int colon = messageZh.indexOf(':');
        return colon > 0 ? messageZh.substring(0, colon) : messageZh;
    }
}
