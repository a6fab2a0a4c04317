package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertKind;
import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.NotificationReason;
import city.ordos.plan.avro.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Test alerts. */
final class Alerts {

    private Alerts() {}

    static GoalAlert.Builder falling(AlertState state, int sequence, Severity severity) {
        return GoalAlert.newBuilder()
                .setAlertId("ordos-2025/fai-growth/falling-behind/20250712T160000Z")
                .setSequence(sequence)
                .setPlanId("ordos-2025")
                .setGoalId("fai-growth")
                .setSection("headline")
                .setDepartment("市发展和改革委员会")
                .setKind(AlertKind.FALLING_BEHIND)
                .setState(state)
                .setSeverity(severity)
                .setStatusBefore(GoalStatus.ON_TRACK)
                .setStatusAfter(GoalStatus.AT_RISK)
                .setUnit("%")
                .setTarget(new BigDecimal("10.000000"))
                .setActual(new BigDecimal("7.200000"))
                .setExpected(new BigDecimal("10.000000"))
                .setProjectedYearEnd(new BigDecimal("8.100000"))
                .setFiredAt(Instant.parse("2025-07-12T16:00:00Z"))
                .setChangedAt(Instant.parse("2025-07-12T16:00:00Z"))
                .setMessageZh("【进度预警】固定资产投资增长: 截至2025-07-10 完成预期进度的 72%，预计全年 8.1%（目标 ≥10%）")
                .setMessageEn("[Falling behind] Fixed-asset investment growth: as of 2025-07-10 at 72% of the "
                        + "expected progress, projected 8.1% for the year (target ≥10%)");
    }

    static GoalAlert firing() {
        return falling(AlertState.FIRING, 1, Severity.WARNING).build();
    }

    /** The queued message of one alert update for an ungrouped receiver. */
    static AlertNotification single(GoalAlert alert, Instant now) {
        return AlertNotification.newBuilder()
                .setNotificationId(alert.getAlertId() + "#" + alert.getSequence())
                .setReceiver("r")
                .setGroupKey(alert.getAlertId())
                .setReason(NotificationReason.ALERT)
                .setSeverity(alert.getSeverity())
                .setAlertKeys(List.of(alert.getAlertId() + "#" + alert.getSequence()))
                .setAlert(alert)
                .setCreatedAt(now)
                .build();
    }

    /** A queued group message for a chat robot. */
    static AlertNotification group(String title, String text, List<String> mentionMobiles) {
        return AlertNotification.newBuilder()
                .setNotificationId("r/abcd0123/1")
                .setReceiver("r")
                .setGroupKey("市农牧局")
                .setReason(NotificationReason.GROUP)
                .setSeverity(Severity.WARNING)
                .setTitle(title)
                .setText(text)
                .setMentionMobiles(mentionMobiles)
                .setAlertKeys(List.of("a#1"))
                .setCreatedAt(Instant.parse("2026-01-05T08:00:00Z"))
                .build();
    }
}
