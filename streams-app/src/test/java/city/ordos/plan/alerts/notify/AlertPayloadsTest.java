package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {

    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
    private final AlertPayloads payloads = new AlertPayloads(Duration.ofDays(30));
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode body(ReceiverType type, GoalAlert alert) throws Exception {
        return mapper.readTree(payloads.body(type, alert, NOW));
    }

    @Test
    void genericJsonCarriesEveryFieldWithDecimalsAsStrings() throws Exception {
        JsonNode n = body(ReceiverType.JSON, Alerts.firing());

        assertThat(n.get("idempotencyKey").asText())
                .isEqualTo("ordos-2025/fai-growth/falling-behind/20250712T160000Z#1");
        assertThat(n.get("alertId").asText()).isEqualTo("ordos-2025/fai-growth/falling-behind/20250712T160000Z");
        assertThat(n.get("target").isTextual()).isTrue();
        assertThat(n.get("target").asText()).isEqualTo("10");
        assertThat(n.get("actual").asText()).isEqualTo("7.2");
        assertThat(n.get("state").asText()).isEqualTo("FIRING");
        assertThat(n.get("firedAt").asText()).isEqualTo("2025-07-12T16:00:00Z");
        assertThat(n.get("messageZh").asText()).startsWith("【进度预警】固定资产投资增长");
    }

    @Test
    void weComGroupRobotMarkdown() throws Exception {
        JsonNode n = body(ReceiverType.WECOM, Alerts.firing());

        assertThat(n.get("msgtype").asText()).isEqualTo("markdown");
        String content = n.get("markdown").get("content").asText();
        assertThat(content).startsWith("<font color=\"comment\">【进度预警】固定资产投资增长</font>\n");
        assertThat(content)
                .contains(
                        "截至2025-07-10 完成预期进度的 72%",
                        "[Falling behind]", "ordos-2025/fai-growth/falling-behind/20250712T160000Z#1", "市发展和改革委员会");
        assertThat(n.get("markdown").size()).isEqualTo(1);
    }

    @Test
    void dingTalkGroupRobotMarkdown() throws Exception {
        JsonNode n = body(ReceiverType.DINGTALK, Alerts.firing());

        assertThat(n.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(n.get("markdown").get("title").asText()).isEqualTo("【进度预警】固定资产投资增长");
        assertThat(n.get("markdown").get("text").asText())
                .startsWith("### 【进度预警】固定资产投资增长\n\n【进度预警】固定资产投资增长: 截至2025-07-10")
                .contains("告警编号: ordos-2025/fai-growth/falling-behind/20250712T160000Z#1");
    }

    @Test
    void alertmanagerFiringAlertStaysActiveUntilResolved() throws Exception {
        JsonNode n = body(ReceiverType.ALERTMANAGER, Alerts.firing());

        assertThat(n.isArray()).isTrue();
        assertThat(n).hasSize(1);
        JsonNode a = n.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("OrdosGoalFallingBehind");
        assertThat(a.get("labels").get("alert_id").asText())
                .isEqualTo("ordos-2025/fai-growth/falling-behind/20250712T160000Z");
        assertThat(a.get("labels").get("severity").asText()).isEqualTo("warning");
        assertThat(a.get("annotations").get("summary").asText()).startsWith("【进度预警】");
        assertThat(a.get("annotations").get("idempotency_key").asText()).endsWith("#1");
        assertThat(a.get("startsAt").asText()).isEqualTo("2025-07-12T16:00:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("2026-02-04T08:00:00Z");
    }

    @Test
    void alertmanagerEscalationEndsTheWarningAndStartsTheCritical() throws Exception {
        GoalAlert escalated = Alerts.falling(AlertState.ESCALATED, 2, Severity.CRITICAL)
                .setStatusBefore(GoalStatus.AT_RISK)
                .setStatusAfter(GoalStatus.BEHIND)
                .setChangedAt(Instant.parse("2025-07-20T16:00:00Z"))
                .build();

        JsonNode n = body(ReceiverType.ALERTMANAGER, escalated);

        assertThat(n).hasSize(2);
        assertThat(n.get(0).get("labels").get("severity").asText()).isEqualTo("warning");
        assertThat(n.get(0).get("endsAt").asText()).isEqualTo("2025-07-20T16:00:00Z");
        assertThat(n.get(1).get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(n.get(1).get("endsAt").asText()).isEqualTo("2026-02-04T08:00:00Z");
    }

    @Test
    void alertmanagerResolvedEndsAtTheChange() throws Exception {
        GoalAlert resolved = Alerts.falling(AlertState.RESOLVED, 3, Severity.WARNING)
                .setChangedAt(Instant.parse("2025-08-01T16:00:00Z"))
                .build();

        JsonNode n = body(ReceiverType.ALERTMANAGER, resolved);

        assertThat(n).hasSize(1);
        assertThat(n.get(0).get("endsAt").asText()).isEqualTo("2025-08-01T16:00:00Z");
    }

    @Test
    void alertmanagerPathIsAppendedToTheBaseUrl() {
        ReceiverConfig am = ReceiverConfig.of("am", ReceiverType.ALERTMANAGER, URI.create("http://am:9093/"));
        assertThat(AlertPayloads.target(am)).isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
    }
}
