package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.Severity;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The request bodies of each receiver type. Every payload names the alert id and the
 * idempotency key ({@code alertId#sequence}) so a receiver can drop a redelivered update.
 */
public final class AlertPayloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Duration alertmanagerActiveFor;

    /**
     * @param alertmanagerActiveFor how far ahead a firing alert's endsAt is set for Alertmanager: it
     *                              resolves alerts whose endsAt passes, and this notifier only sends
     *                              changes (no periodic re-send like Prometheus), so endsAt must
     *                              outlast any plausible episode; RESOLVED ends it explicitly
     */
    public AlertPayloads(Duration alertmanagerActiveFor) {
        this.alertmanagerActiveFor = alertmanagerActiveFor;
    }

    /** Receivers deduplicate on this: one value per update of an episode. */
    public static String idempotencyKey(GoalAlert alert) {
        return alert.getAlertId() + "#" + alert.getSequence();
    }

    public static String goalKey(GoalAlert alert) {
        return OrdosTopics.goalKey(alert.getPlanId(), alert.getGoalId());
    }

    /** Where to POST for a receiver. */
    public static URI target(ReceiverConfig receiver) {
        if (receiver.type() != ReceiverType.ALERTMANAGER) {
            return receiver.url();
        }
        String base = receiver.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
    }

    /** The request body of one queued message for its receiver, signed at {@code now} where needed. */
    public String body(ReceiverConfig receiver, AlertNotification message, Instant now) {
        JsonNode node = switch (receiver.type()) {
            case JSON -> json(requireAlert(receiver, message));
            case ALERTMANAGER -> alertmanager(requireAlert(receiver, message), now);
            case WECOM -> weCom(message);
            case DINGTALK -> dingTalk(message);
            case FEISHU -> feishu(receiver, message, now);
        };
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write message " + message.getNotificationId() + " as JSON", e);
        }
    }

    private static GoalAlert requireAlert(ReceiverConfig receiver, AlertNotification message) {
        if (message.getAlert() == null) {
            throw new IllegalArgumentException("receiver " + receiver.name() + " takes single alerts, but message "
                    + message.getNotificationId() + " carries none");
        }
        return message.getAlert();
    }

    ObjectNode json(GoalAlert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("idempotencyKey", idempotencyKey(a));
        n.put("alertId", a.getAlertId());
        n.put("sequence", a.getSequence());
        n.put("planId", a.getPlanId());
        n.put("goalId", a.getGoalId());
        n.put("section", a.getSection());
        n.put("department", a.getDepartment());
        n.put("kind", a.getKind().name());
        n.put("state", a.getState().name());
        n.put("severity", a.getSeverity().name());
        n.put("statusBefore", a.getStatusBefore().name());
        n.put("statusAfter", a.getStatusAfter().name());
        n.put("unit", a.getUnit());
        // Decimals as strings: a JSON number would be read as a binary double by most receivers.
        n.put("target", plain(a.getTarget()));
        n.put("actual", plain(a.getActual()));
        n.put("expected", plain(a.getExpected()));
        n.put("projectedYearEnd", plain(a.getProjectedYearEnd()));
        n.put("firedAt", a.getFiredAt().toString());
        n.put("changedAt", a.getChangedAt().toString());
        n.put("messageZh", a.getMessageZh());
        n.put("messageEn", a.getMessageEn());
        return n;
    }

    /**
     * WeCom group robot: markdown, which mentions only by user id ({@code <@userid>} in the text);
     * a message that must mention mobiles goes as text with {@code mentioned_mobile_list}.
     */
    ObjectNode weCom(AlertNotification m) {
        ObjectNode n = MAPPER.createObjectNode();
        if (!m.getMentionMobiles().isEmpty()) {
            n.put("msgtype", "text");
            ObjectNode text = n.putObject("text");
            text.put("content", m.getText());
            ArrayNode mobiles = text.putArray("mentioned_mobile_list");
            m.getMentionMobiles().forEach(mobiles::add);
            return n;
        }
        n.put("msgtype", "markdown");
        n.putObject("markdown").put("content", m.getText());
        return n;
    }

    /** DingTalk custom robot: markdown; mentions need both {@code at.atMobiles} and "@mobile" in the text. */
    ObjectNode dingTalk(AlertNotification m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("msgtype", "markdown");
        ObjectNode markdown = n.putObject("markdown");
        markdown.put("title", m.getTitle());
        markdown.put("text", m.getText());
        ObjectNode at = n.putObject("at");
        ArrayNode mobiles = at.putArray("atMobiles");
        m.getMentionMobiles().forEach(mobiles::add);
        at.put("isAtAll", false);
        return n;
    }

    /**
     * Feishu/Lark custom bot: an interactive card, the title in its header (red for CRITICAL, orange
     * for WARNING, green otherwise) and the text as lark_md; signed bots get {@code timestamp}
     * (seconds) and {@code sign} in the body.
     */
    ObjectNode feishu(ReceiverConfig receiver, AlertNotification m, Instant now) {
        ObjectNode n = MAPPER.createObjectNode();
        if (receiver.secret() != null) {
            long seconds = now.getEpochSecond();
            n.put("timestamp", Long.toString(seconds));
            n.put("sign", RobotSignatures.feishu(receiver.secret(), seconds));
        }
        n.put("msg_type", "interactive");
        ObjectNode card = n.putObject("card");
        ObjectNode header = card.putObject("header");
        header.putObject("title").put("tag", "plain_text").put("content", m.getTitle());
        header.put(
                "template",
                switch (m.getSeverity()) {
                    case CRITICAL -> "red";
                    case WARNING -> "orange";
                    case INFO -> "green";
                });
        // lark_md has no headings: the card header already shows the title line.
        String text = m.getText();
        String body = text.startsWith("### ") && text.contains("\n") ? text.substring(text.indexOf('\n') + 1) : text;
        ObjectNode div = card.putArray("elements").addObject();
        div.put("tag", "div");
        div.putObject("text").put("tag", "lark_md").put("content", body.strip());
        return n;
    }

    /**
     * Alertmanager identifies an alert by its labels, so the labels hold what stays fixed for the
     * episode (alert id, goal, severity). An escalation changes the severity label: it is sent as
     * the WARNING alert ending and the CRITICAL one starting, as two Prometheus rules would.
     */
    ArrayNode alertmanager(GoalAlert a, Instant now) {
        ArrayNode alerts = MAPPER.createArrayNode();
        if (a.getState() == AlertState.ESCALATED) {
            alerts.add(alertmanagerAlert(a, Severity.WARNING, a.getChangedAt()));
        }
        Instant endsAt = a.getState() == AlertState.RESOLVED ? a.getChangedAt() : now.plus(alertmanagerActiveFor);
        alerts.add(alertmanagerAlert(a, a.getSeverity(), endsAt));
        return alerts;
    }

    private ObjectNode alertmanagerAlert(GoalAlert a, Severity severity, Instant endsAt) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode labels = n.putObject("labels");
        labels.put(
                "alertname",
                switch (a.getKind()) {
                    case FALLING_BEHIND -> "OrdosGoalFallingBehind";
                    case STALE_DATA -> "OrdosGoalStaleData";
                    case ACHIEVED -> "OrdosGoalAchieved";
                });
        labels.put("alert_id", a.getAlertId());
        labels.put("plan", a.getPlanId());
        labels.put("goal", a.getGoalId());
        labels.put("section", a.getSection());
        labels.put("department", a.getDepartment());
        labels.put("severity", severity.name().toLowerCase(Locale.ROOT));
        ObjectNode annotations = n.putObject("annotations");
        annotations.put("summary", a.getMessageZh());
        annotations.put("description", a.getMessageEn());
        annotations.put("idempotency_key", idempotencyKey(a));
        annotations.put("state", a.getState().name());
        annotations.put("status_before", a.getStatusBefore().name());
        annotations.put("status_after", a.getStatusAfter().name());
        n.put("startsAt", a.getFiredAt().toString());
        n.put("endsAt", endsAt.toString());
        return n;
    }

    /** The leading "【进度预警】固定资产投资增长" of the Chinese message. */
    static String title(GoalAlert a) {
        String zh = a.getMessageZh();
        int colon = zh.indexOf(':');
        return colon > 0 ? zh.substring(0, colon) : zh;
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
