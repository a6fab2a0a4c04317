package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-07-14T02:00:00Z"));
    private final AlertPayloads payloads = new AlertPayloads(Duration.ofDays(30));

    private WebhookDelivery delivery(ReceiverConfig receiver) {
        return new WebhookDelivery(receiver, HttpClient.newHttpClient(), Duration.ofSeconds(5), payloads);
    }

    private static final String SECRET = "SEC0123456789abcdef";

    @Test
    void aSignedDingTalkRobotAcceptsTheSignatureItsDocumentationDescribes() throws Exception {
        try (FakeRobot robot = new FakeRobot(FakeRobot.Kind.DINGTALK, "tok", SECRET, clock)) {
            ReceiverConfig receiver = ReceiverConfig.of("ding", ReceiverType.DINGTALK, robot.webhook())
                    .withSecret(SECRET);

            WebhookDelivery.Attempt attempt =
                    delivery(receiver).attempt(Alerts.group("t", "x", List.of()), clock.instant());

            assertThat(attempt.verdict()).isEqualTo(WebhookDelivery.Verdict.DELIVERED);
            assertThat(robot.shown()).hasSize(1);
            assertThat(robot.shown().get(0).idempotencyKey()).isEqualTo("r/abcd0123/1");
        }
    }

    @Test
    void aWrongSecretIsRefusedByTheRobotAndReportedAsARejectionNamingTheSecret() throws Exception {
        try (FakeRobot robot = new FakeRobot(FakeRobot.Kind.DINGTALK, "tok", SECRET, clock)) {
            ReceiverConfig receiver = ReceiverConfig.of("ding", ReceiverType.DINGTALK, robot.webhook())
                    .withSecret("SECwrong");

            WebhookDelivery.Attempt attempt =
                    delivery(receiver).attempt(Alerts.group("t", "x", List.of()), clock.instant());

            assertThat(attempt.verdict()).isEqualTo(WebhookDelivery.Verdict.REJECTED);
            assertThat(attempt.detail()).contains("DingTalk errcode 310000", "sign not match", "加签 secret");
            assertThat(robot.shown()).isEmpty();
            assertThat(robot.refusals()).hasSize(1);
        }
    }

    @Test
    void aSignedFeishuBotAcceptsItsSignatureAndRefusesAWrongOne() throws Exception {
        try (FakeRobot robot = new FakeRobot(FakeRobot.Kind.FEISHU, "hook-token", "feishu-secret", clock)) {
            ReceiverConfig right = ReceiverConfig.of("lark", ReceiverType.FEISHU, robot.webhook())
                    .withSecret("feishu-secret");
            ReceiverConfig wrong = right.withSecret("nope");

            assertThat(delivery(right)
                            .attempt(Alerts.group("t", "x", List.of()), clock.instant())
                            .verdict())
                    .isEqualTo(WebhookDelivery.Verdict.DELIVERED);
            WebhookDelivery.Attempt refused =
                    delivery(wrong).attempt(Alerts.group("t", "x", List.of()), clock.instant());
            assertThat(refused.verdict()).isEqualTo(WebhookDelivery.Verdict.REJECTED);
            assertThat(refused.detail()).contains("Feishu errcode 19021", "secret");
        }
    }

    @Test
    void aRobotsTooFastAnswerIsAThrottleNotAFailure() throws Exception {
        try (FakeRobot robot = new FakeRobot(FakeRobot.Kind.WECOM, "key", null, clock)) {
            WebhookDelivery wecom = delivery(ReceiverConfig.of("wecom", ReceiverType.WECOM, robot.webhook()));
            for (int i = 0; i < 20; i++) {
                assertThat(wecom.attempt(Alerts.group("t", "x" + i, List.of()), clock.instant())
                                .verdict())
                        .isEqualTo(WebhookDelivery.Verdict.DELIVERED);
            }

            WebhookDelivery.Attempt twentyFirst = wecom.attempt(Alerts.group("t", "x", List.of()), clock.instant());

            assertThat(twentyFirst.verdict()).isEqualTo(WebhookDelivery.Verdict.THROTTLED);
            assertThat(twentyFirst.detail()).contains("45009");
            assertThat(robot.tooFast()).isEqualTo(1);
        }
    }

    @Test
    void httpAnswersAreRetriedOrRejectedByStatus() {
        assertThat(WebhookDelivery.verdict(ReceiverType.JSON, 503, "busy").verdict())
                .isEqualTo(WebhookDelivery.Verdict.RETRYABLE);
        assertThat(WebhookDelivery.verdict(ReceiverType.JSON, 403, "no").verdict())
                .isEqualTo(WebhookDelivery.Verdict.REJECTED);
        assertThat(WebhookDelivery.verdict(ReceiverType.ALERTMANAGER, 429, "").verdict())
                .isEqualTo(WebhookDelivery.Verdict.THROTTLED);
        assertThat(WebhookDelivery.verdict(ReceiverType.DINGTALK, 200, "{\"errcode\":-1,\"errmsg\":\"busy\"}")
                        .verdict())
                .isEqualTo(WebhookDelivery.Verdict.RETRYABLE);
    }

    @Test
    void routingBySectionDepartmentAndSeverity() {
        URI url = URI.create("http://127.0.0.1/");
        ReceiverConfig bySection =
                new ReceiverConfig("s", ReceiverType.JSON, url, Set.of("headline"), Set.of(), null, Map.of());
        ReceiverConfig byDepartment =
                new ReceiverConfig("d", ReceiverType.JSON, url, Set.of(), Set.of("能源局"), null, Map.of());
        ReceiverConfig criticalOnly =
                new ReceiverConfig("c", ReceiverType.JSON, url, Set.of(), Set.of(), Severity.CRITICAL, Map.of());

        assertThat(bySection.routes(Alerts.firing())).isTrue();
        assertThat(byDepartment.routes(Alerts.firing())).isFalse();
        assertThat(byDepartment.routes(Alerts.falling(AlertState.FIRING, 1, Severity.WARNING)
                        .setDepartment("能源局")
                        .build()))
                .isTrue();
        assertThat(criticalOnly.routes(Alerts.firing())).isFalse();
    }

    @Test
    void retryBackoffDoublesUpToTheCap() {
        assertThat(RetryPolicy.defaults().backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.defaults().backoffAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(RetryPolicy.defaults().backoffAfter(6)).isEqualTo(Duration.ofSeconds(30));
        // 6 requests of at most 10 s and waits of 1+2+4+8+16 s
        assertThat(RetryPolicy.defaults().worstCase()).isEqualTo(Duration.ofSeconds(91));
    }
}
