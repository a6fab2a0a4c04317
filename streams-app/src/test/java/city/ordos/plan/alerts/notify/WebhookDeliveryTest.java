package city.ordos.plan.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

    private final TestReceiver receiver = new TestReceiver();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
    private final SilenceRegistry silences = new SilenceRegistry(clock);
    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy retry =
            new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookDelivery delivery(ReceiverConfig config) {
        return new WebhookDelivery(
                config,
                HttpClient.newHttpClient(),
                retry,
                new AlertPayloads(Duration.ofDays(30)),
                silences,
                meters,
                clock,
                waits::add);
    }

    private double count(String receiverName, String outcome) {
        var counter = meters.find("ordos.alerts.deliveries")
                .tags("receiver", receiverName, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void retriesWithExponentialBackoffUntilTheReceiverRecovers() throws Exception {
        receiver.script("/hook", n -> n <= 3 ? new TestReceiver.Reply(503, "busy") : TestReceiver.Reply.OK);
        WebhookDelivery delivery = delivery(ReceiverConfig.of("ops", ReceiverType.JSON, receiver.url("/hook")));

        WebhookDelivery.Result result = delivery.deliver(Alerts.firing());

        assertThat(result.outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(receiver.requests("/hook")).hasSize(4).allSatisfy(r -> {
            assertThat(r.idempotencyKey()).isEqualTo("ordos-2025/fai-growth/falling-behind/20250712T160000Z#1");
            assertThat(r.contentType()).startsWith("application/json");
        });
        assertThat(count("ops", "delivered")).isEqualTo(1.0);
    }

    @Test
    void givesUpAfterTheLastAttemptAndCountsTheFailure() throws Exception {
        receiver.script("/down", n -> new TestReceiver.Reply(500, "boom"));
        WebhookDelivery delivery = delivery(ReceiverConfig.of("down", ReceiverType.JSON, receiver.url("/down")));

        WebhookDelivery.Result result = delivery.deliver(Alerts.firing());

        assertThat(result.outcome()).isEqualTo(WebhookDelivery.Outcome.FAILED);
        assertThat(result.detail()).contains("HTTP 500");
        assertThat(receiver.requests("/down")).hasSize(4);
        assertThat(count("down", "failed")).isEqualTo(1.0);
    }

    @Test
    void aClientErrorIsARejectionWithoutRetries() throws Exception {
        receiver.script("/bad", n -> new TestReceiver.Reply(403, "{\"error\":\"bad token\"}"));
        WebhookDelivery delivery = delivery(ReceiverConfig.of("bad", ReceiverType.JSON, receiver.url("/bad")));

        WebhookDelivery.Result result = delivery.deliver(Alerts.firing());

        assertThat(result.outcome()).isEqualTo(WebhookDelivery.Outcome.REJECTED);
        assertThat(receiver.requests("/bad")).hasSize(1);
        assertThat(count("bad", "rejected")).isEqualTo(1.0);
    }

    @Test
    void aRobotErrcodeIsRetried() throws Exception {
        receiver.script(
                "/wecom",
                n -> n == 1
                        ? new TestReceiver.Reply(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")
                        : TestReceiver.Reply.OK);
        WebhookDelivery delivery = delivery(ReceiverConfig.of("wecom", ReceiverType.WECOM, receiver.url("/wecom")));

        WebhookDelivery.Result result = delivery.deliver(Alerts.firing());

        assertThat(result.outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
        assertThat(result.attempts()).isEqualTo(2);
    }

    @Test
    void aSilencedGoalIsNotSentUntilTheSilenceEnds() throws Exception {
        WebhookDelivery delivery = delivery(ReceiverConfig.of("ops", ReceiverType.JSON, receiver.url("/hook")));
        silences.silence(new Silence("ordos-2025/fai-growth", Instant.parse("2026-01-06T00:00:00Z"), "known", "ops"));

        assertThat(delivery.deliver(Alerts.firing()).outcome()).isEqualTo(WebhookDelivery.Outcome.SILENCED);
        assertThat(receiver.requests("/hook")).isEmpty();
        assertThat(count("ops", "silenced")).isEqualTo(1.0);

        silences.silence(new Silence("ordos-2025/fai-growth", Instant.parse("2026-01-05T08:00:00Z"), "over", "ops"));
        assertThat(delivery.deliver(Alerts.firing()).outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
        assertThat(silences.active()).isEmpty();
    }

    @Test
    void routingBySectionDepartmentAndSeverity() {
        ReceiverConfig bySection = new ReceiverConfig(
                "s", ReceiverType.JSON, receiver.url("/"), Set.of("headline"), Set.of(), null, Map.of());
        ReceiverConfig byDepartment =
                new ReceiverConfig("d", ReceiverType.JSON, receiver.url("/"), Set.of(), Set.of("能源局"), null, Map.of());
        ReceiverConfig criticalOnly = new ReceiverConfig(
                "c", ReceiverType.JSON, receiver.url("/"), Set.of(), Set.of(), Severity.CRITICAL, Map.of());

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
