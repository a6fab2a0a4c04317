package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertNotification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP attempt to deliver one queued message to one receiver, and what the answer means:
 * delivered, throttled (the robot's "too fast": wait, it is no failure), worth retrying (network,
 * timeout, 408, 5xx, other robot errors) or refused for good (bad URL, token, signature, keyword:
 * retrying cannot help). WeCom, DingTalk and Feishu answer HTTP 200 with their own error codes; the
 * codes below are from their documentation.
 */
public final class WebhookDelivery {

    /** What an attempt came to. */
    public enum Verdict {
        DELIVERED,
        THROTTLED,
        RETRYABLE,
        REJECTED
    }

    /** The verdict and, unless delivered, what the receiver said. */
    public record Attempt(Verdict verdict, String detail) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** DingTalk: 130101 "send too fast, exceed 20 times per minute". */
    static final int DINGTALK_TOO_FAST = 130101;
    /** DingTalk: 310000 security check failed (sign not match, keywords not in content, ip not in whitelist); 300001 token missing. */
    private static final Map<Integer, String> DINGTALK_REFUSALS = Map.of(
            310000, "the robot's security check failed (加签 secret, keyword or IP whitelist)",
            300001, "the access_token names no robot");
    /** WeCom: 45009 "api freq out of limit". */
    static final int WECOM_TOO_FAST = 45009;
    /** WeCom: 93000 "invalid webhook url" (wrong or deleted key); 40008 invalid message type; 40058 bad content. */
    private static final Map<Integer, String> WECOM_REFUSALS =
            Map.of(93000, "the webhook key names no robot", 40008, "invalid message type", 40058, "invalid content");
    /** Feishu: 11232 frequency limited. */
    static final int FEISHU_TOO_FAST = 11232;
    /** Feishu: 19021 sign match fail or stale timestamp; 19022 IP not allowed; 19024 keywords not found; 9499 bad request; 19001 invalid param. */
    private static final Map<Integer, String> FEISHU_REFUSALS = Map.of(
            19021, "the signature does not match (check the receiver's secret and this host's clock)",
            19022, "this host's IP is not on the bot's allow list",
            19024, "the message lacks the bot's keyword",
            9499, "bad request",
            19001, "invalid parameter");

    private static final Set<Integer> RETRYABLE_HTTP = Set.of(408, 425, 500, 502, 503, 504);

    private final ReceiverConfig receiver;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final AlertPayloads payloads;

    public WebhookDelivery(ReceiverConfig receiver, HttpClient http, Duration requestTimeout, AlertPayloads payloads) {
        this.receiver = receiver;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.payloads = payloads;
    }

    public ReceiverConfig receiver() {
        return receiver;
    }

    /** One POST of the message, signed at {@code now} where the robot wants a signature. */
    public Attempt attempt(AlertNotification message, Instant now) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target(now))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", message.getNotificationId())
                .POST(HttpRequest.BodyPublishers.ofString(
                        payloads.body(receiver, message, now), StandardCharsets.UTF_8));
        receiver.headers().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Attempt(Verdict.RETRYABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return verdict(receiver.type(), response.statusCode(), response.body());
    }

    /** The URL of this attempt: DingTalk's signed robots take the signature in the query. */
    URI target(Instant now) {
        URI base = AlertPayloads.target(receiver);
        if (receiver.type() != ReceiverType.DINGTALK || receiver.secret() == null) {
            return base;
        }
        String url = base.toString();
        return URI.create(url
                + (url.contains("?") ? "&" : "?")
                + RobotSignatures.dingTalkQuery(receiver.secret(), now.toEpochMilli()));
    }

    static Attempt verdict(ReceiverType type, int status, String body) {
        if (status == 429) {
            return new Attempt(Verdict.THROTTLED, "HTTP 429 " + abbreviate(body));
        }
        if (status < 200 || status >= 300) {
            String detail = "HTTP " + status + " " + abbreviate(body);
            return new Attempt(RETRYABLE_HTTP.contains(status) ? Verdict.RETRYABLE : Verdict.REJECTED, detail);
        }
        if (!type.chat()) {
            return new Attempt(Verdict.DELIVERED, "");
        }
        JsonNode reply;
        try {
            reply = MAPPER.readTree(body);
        } catch (IOException e) {
            return new Attempt(Verdict.RETRYABLE, "unreadable robot reply: " + abbreviate(body));
        }
        if (reply == null || !reply.isObject()) {
            return new Attempt(Verdict.RETRYABLE, "unreadable robot reply: " + abbreviate(body));
        }
        JsonNode codeNode = type == ReceiverType.FEISHU
                ? (reply.has("code") ? reply.get("code") : reply.get("StatusCode"))
                : reply.get("errcode");
        int code = codeNode == null ? 0 : codeNode.asInt();
        if (code == 0) {
            return new Attempt(Verdict.DELIVERED, "");
        }
        String said = type == ReceiverType.FEISHU
                ? reply.path("msg").asText()
                : reply.path("errmsg").asText();
        String detail = robotName(type) + " errcode " + code + " " + said;
        int tooFast = switch (type) {
            case DINGTALK -> DINGTALK_TOO_FAST;
            case WECOM -> WECOM_TOO_FAST;
            default -> FEISHU_TOO_FAST;
        };
        if (code == tooFast) {
            return new Attempt(Verdict.THROTTLED, detail);
        }
        Map<Integer, String> refusals = switch (type) {
            case DINGTALK -> DINGTALK_REFUSALS;
            case WECOM -> WECOM_REFUSALS;
            default -> FEISHU_REFUSALS;
        };
        String refusal = refusals.get(code);
        if (refusal != null) {
            return new Attempt(Verdict.REJECTED, detail + ": " + refusal);
        }
        return new Attempt(Verdict.RETRYABLE, detail);
    }

    private static String robotName(ReceiverType type) {
        return switch (type) {
            case DINGTALK -> "DingTalk";
            case WECOM -> "WeCom";
            case FEISHU -> "Feishu";
            default -> type.name();
        };
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
