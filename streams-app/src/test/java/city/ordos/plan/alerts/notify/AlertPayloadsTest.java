package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {

    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
    private final AlertPayloads payloads = new AlertPayloads(Duration.ofDays(30));
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode body(ReceiverType type, GoalAlert alert) throws Exception {
        return mapper.readTree(payloads.body(
                ReceiverConfig.of("r", type, URI.create("http://127.0.0.1/hook")), Alerts.single(alert, NOW), NOW));
    }

    private JsonNode robot(ReceiverConfig receiver, AlertNotification message) throws Exception {
        return mapper.readTree(payloads.body(receiver, message, NOW));
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
    void weComMarkdownCarriesTheGroupText() throws Exception {
        JsonNode n = robot(
                ReceiverConfig.of("w", ReceiverType.WECOM, URI.create("http://127.0.0.1/w")),
                Alerts.group("【计划监测】市农牧局 1 项预警", "### 【计划监测】市农牧局 1 项预警\n- 粮食 <@zhangsan>", List.of()));

        assertThat(n.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(n.get("markdown").get("content").asText()).isEqualTo("### 【计划监测】市农牧局 1 项预警\n- 粮食 <@zhangsan>");
    }

    @Test
    void weComMentionsMobilesOnlyInTextMessages() throws Exception {
        JsonNode n = robot(
                ReceiverConfig.of("w", ReceiverType.WECOM, URI.create("http://127.0.0.1/w")),
                Alerts.group("t", "plain text", List.of("13800000001")));

        assertThat(n.get("msgtype").asText()).isEqualTo("text");
        assertThat(n.get("text").get("content").asText()).isEqualTo("plain text");
        assertThat(n.get("text").get("mentioned_mobile_list").get(0).asText()).isEqualTo("13800000001");
    }

    @Test
    void dingTalkMarkdownMentionsByMobile() throws Exception {
        JsonNode n = robot(
                ReceiverConfig.of("d", ReceiverType.DINGTALK, URI.create("http://127.0.0.1/d")),
                Alerts.group("【计划监测】市能源局 2 项预警", "### 【计划监测】…\n\n@13800000002", List.of("13800000002")));

        assertThat(n.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(n.get("markdown").get("title").asText()).isEqualTo("【计划监测】市能源局 2 项预警");
        assertThat(n.get("markdown").get("text").asText()).endsWith("@13800000002");
        assertThat(n.get("at").get("atMobiles").get(0).asText()).isEqualTo("13800000002");
        assertThat(n.get("at").get("isAtAll").asBoolean()).isFalse();
    }

    @Test
    void feishuSignedCardCarriesTimestampAndSignature() throws Exception {
        ReceiverConfig feishu = ReceiverConfig.of("f", ReceiverType.FEISHU, URI.create("http://127.0.0.1/f"))
                .withSecret("feishu-secret");
        JsonNode n = robot(feishu, Alerts.group("【计划监测】市水利局 1 项预警", "### 【计划监测】市水利局 1 项预警\n- 用水", List.of()));

        assertThat(n.get("msg_type").asText()).isEqualTo("interactive");
        assertThat(n.get("timestamp").asText()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        // Feishu's documented scheme: HMAC-SHA256 keyed with timestamp + "\n" + secret over nothing.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                (NOW.getEpochSecond() + "\nfeishu-secret").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(n.get("sign").asText()).isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(new byte[0])));
        assertThat(n.get("card").get("header").get("title").get("content").asText())
                .isEqualTo("【计划监测】市水利局 1 项预警");
        assertThat(n.get("card")
                        .get("elements")
                        .get(0)
                        .get("text")
                        .get("content")
                        .asText())
                .isEqualTo("- 用水");
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
