package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.GoalAlert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to one receiver: silences first, then POST with retries and exponential
 * backoff. Each outcome is counted ({@code ordos.alerts.deliveries{receiver,type,outcome}}) and
 * logged. Retried: network errors, timeouts, HTTP 408/429/5xx and robot replies with a non-zero
 * {@code errcode} (rate limits); any other 4xx is a permanent rejection (bad URL or token), not
 * retried.
 */
public final class WebhookDelivery {

    /** How a delivery ended. */
    public enum Outcome {
        DELIVERED,
        SILENCED,
        REJECTED,
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The end of one delivery: outcome, attempts made, and the last error (empty when delivered). */
    public record Result(Outcome outcome, int attempts, String detail) {}

    /** Waits between attempts; tests pass one that records instead of sleeping long. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ReceiverConfig receiver;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final AlertPayloads payloads;
    private final SilenceRegistry silences;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Sleeper sleeper;
    private final URI target;

    public WebhookDelivery(
            ReceiverConfig receiver,
            HttpClient http,
            RetryPolicy retry,
            AlertPayloads payloads,
            SilenceRegistry silences,
            MeterRegistry meters,
            Clock clock,
            Sleeper sleeper) {
        this.receiver = receiver;
        this.http = http;
        this.retry = retry;
        this.payloads = payloads;
        this.silences = silences;
        this.meters = meters;
        this.clock = clock;
        this.sleeper = sleeper;
        this.target = AlertPayloads.target(receiver);
    }

    public ReceiverConfig receiver() {
        return receiver;
    }

    /** Delivers one alert; returns when it was delivered, silenced, rejected or given up. */
    public Result deliver(GoalAlert alert) throws InterruptedException {
        String key = AlertPayloads.idempotencyKey(alert);
        Optional<Silence> silence = silences.activeFor(AlertPayloads.goalKey(alert));
        if (silence.isPresent()) {
            return finish(
                    alert,
                    new Result(
                            Outcome.SILENCED,
                            0,
                            "silenced until " + silence.get().until()
                                    + (silence.get().reason().isEmpty()
                                            ? ""
                                            : " (" + silence.get().reason() + ")")));
        }
        String body = payloads.body(receiver.type(), alert, clock.instant());
        String lastError = "";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Attempt result = attempt(body, key);
            attemptCounter(result.kind()).increment();
            if (result.kind() == AttemptKind.OK) {
                return finish(alert, new Result(Outcome.DELIVERED, attempt, ""));
            }
            lastError = result.detail();
            if (result.kind() == AttemptKind.PERMANENT) {
                return finish(alert, new Result(Outcome.REJECTED, attempt, lastError));
            }
            if (attempt < retry.maxAttempts()) {
                Duration wait = retry.backoffAfter(attempt);
                LOG.info(
                        "Alert {} to {}: attempt {} failed ({}), retrying in {}",
                        key,
                        receiver.name(),
                        attempt,
                        lastError,
                        wait);
                sleeper.sleep(wait);
            }
        }
        return finish(alert, new Result(Outcome.FAILED, retry.maxAttempts(), lastError));
    }

    private enum AttemptKind {
        OK,
        RETRYABLE,
        PERMANENT
    }

    private record Attempt(AttemptKind kind, String detail) {}

    private Attempt attempt(String body, String idempotencyKey) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(retry.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        receiver.headers().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Attempt(AttemptKind.RETRYABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return robotVerdict(response.body());
        }
        String detail = "HTTP " + status + " " + abbreviate(response.body());
        boolean retryable = status == 408 || status == 429 || status >= 500;
        return new Attempt(retryable ? AttemptKind.RETRYABLE : AttemptKind.PERMANENT, detail);
    }

    /** WeCom and DingTalk answer HTTP 200 with an errcode; anything but 0 (rate limit, bad key) failed. */
    private Attempt robotVerdict(String body) {
        if (receiver.type() != ReceiverType.WECOM && receiver.type() != ReceiverType.DINGTALK) {
            return new Attempt(AttemptKind.OK, "");
        }
        try {
            JsonNode reply = MAPPER.readTree(body);
            JsonNode errcode = reply == null ? null : reply.get("errcode");
            if (errcode == null || errcode.asInt() == 0) {
                return new Attempt(AttemptKind.OK, "");
            }
            return new Attempt(
                    AttemptKind.RETRYABLE,
                    "errcode " + errcode.asInt() + " " + reply.path("errmsg").asText());
        } catch (IOException e) {
            return new Attempt(AttemptKind.RETRYABLE, "unreadable robot reply: " + abbreviate(body));
        }
    }

    private Result finish(GoalAlert alert, Result result) {
        Counter.builder("ordos.alerts.deliveries")
                .description("Alert deliveries to webhook receivers, by outcome")
                .tag("receiver", receiver.name())
                .tag("type", receiver.type().name().toLowerCase(Locale.ROOT))
                .tag("outcome", result.outcome().tag())
                .register(meters)
                .increment();
        String key = AlertPayloads.idempotencyKey(alert);
        switch (result.outcome()) {
            case DELIVERED ->
                LOG.info(
                        "Alert {} ({} {}) delivered to {} after {} attempt(s)",
                        key,
                        alert.getKind(),
                        alert.getState(),
                        receiver.name(),
                        result.attempts());
            case SILENCED -> LOG.info("Alert {} not sent to {}: {}", key, receiver.name(), result.detail());
            case REJECTED -> LOG.error("Alert {} rejected by {}: {}", key, receiver.name(), result.detail());
            case FAILED ->
                LOG.error(
                        "Alert {} to {} given up after {} attempts: {}",
                        key,
                        receiver.name(),
                        result.attempts(),
                        result.detail());
        }
        return result;
    }

    private Counter attemptCounter(AttemptKind kind) {
        return Counter.builder("ordos.alerts.delivery.attempts")
                .description("HTTP attempts to deliver alerts, by result")
                .tag("receiver", receiver.name())
                .tag("result", kind.name().toLowerCase(Locale.ROOT))
                .register(meters);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
