package city.ordos.plan.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A group chat robot on 127.0.0.1 that behaves as its public documentation says, written from
 * that documentation (not from the notifier's code):
 *
 * <ul>
 *   <li>DingTalk custom robot ({@code POST /robot/send?access_token=…}): at most 20 messages a
 *       minute, beyond that errcode 130101 "send too fast" and every message refused for ten
 *       minutes; 加签: {@code timestamp} (ms, within an hour) and {@code sign} = Base64 of
 *       HMAC-SHA256 keyed with the secret over {@code timestamp + "\n" + secret}, else errcode
 *       310000; unknown token errcode 300001.
 *   <li>WeCom group robot ({@code POST /cgi-bin/webhook/send?key=…}): 20 a minute, beyond that
 *       errcode 45009 "api freq out of limit"; markdown content at most 4096 bytes, text 2048;
 *       unknown key errcode 93000 "invalid webhook url".
 *   <li>Feishu custom bot ({@code POST /open-apis/bot/v2/hook/<token>}): 5 a second and 100 a
 *       minute, beyond that code 11232 "frequency limited"; signed bots: body {@code timestamp}
 *       (s, within an hour) and {@code sign} = Base64 of HMAC-SHA256 keyed with
 *       {@code timestamp + "\n" + secret} over an empty message, else code 19021.
 * </ul>
 *
 * Time is the test's clock, so a ten-minute block passes without waiting.
 */
final class FakeRobot implements AutoCloseable {

    enum Kind {
        DINGTALK,
        WECOM,
        FEISHU
    }

    /** A request the robot accepted and showed in the group. */
    record Message(Instant at, String idempotencyKey, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kind kind;
    private final String token;
    private final String secret;
    private final Clock clock;
    private final HttpServer server;
    private final List<Message> shown = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Deque<Instant> accepted = new ArrayDeque<>();
    private final AtomicInteger tooFast = new AtomicInteger();
    private Instant blockedUntil = Instant.MIN;

    FakeRobot(Kind kind, String token, String secret, Clock clock) {
        this.kind = kind;
        this.token = token;
        this.secret = secret;
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The webhook URL an operator copies from the robot's settings page. */
    URI webhook() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return URI.create(
                switch (kind) {
                    case DINGTALK -> base + "/robot/send?access_token=" + token;
                    case WECOM -> base + "/cgi-bin/webhook/send?key=" + token;
                    case FEISHU -> base + "/open-apis/bot/v2/hook/" + token;
                });
    }

    List<Message> shown() {
        return List.copyOf(shown);
    }

    /** Requests refused for a bad token, signature or size (not for speed). */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Requests answered with the robot's "too fast" code: each one a limit violation by the sender. */
    int tooFast() {
        return tooFast.get();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        JsonNode json = JSON.readTree(body);
        Instant now = clock.instant();
        String refusal = authenticate(exchange.getRequestURI().getPath(), query, json, now);
        if (refusal != null) {
            refusals.add(refusal);
            reply(exchange, refusal);
            return;
        }
        String size = checkSize(json, body);
        if (size != null) {
            refusals.add(size);
            reply(exchange, size);
            return;
        }
        if (throttled(now)) {
            tooFast.incrementAndGet();
            reply(
                    exchange,
                    switch (kind) {
                        case DINGTALK ->
                            "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}";
                        case WECOM -> "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}";
                        case FEISHU -> "{\"code\":11232,\"msg\":\"frequency limited\",\"data\":{}}";
                    });
            return;
        }
        shown.add(new Message(now, exchange.getRequestHeaders().getFirst("Idempotency-Key"), json));
        reply(
                exchange,
                kind == Kind.FEISHU
                        ? "{\"code\":0,\"msg\":\"success\",\"data\":{}}"
                        : "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private String authenticate(String path, Map<String, String> query, JsonNode json, Instant now) {
        switch (kind) {
            case DINGTALK -> {
                if (!token.equals(query.get("access_token"))) {
                    return "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}";
                }
                if (secret != null) {
                    String ts = query.getOrDefault("timestamp", "0");
                    long millis = Long.parseLong(ts);
                    String expected = hmac(secret, ts + "\n" + secret);
                    if (Math.abs(now.toEpochMilli() - millis)
                                    > Duration.ofHours(1).toMillis()
                            || !expected.equals(query.get("sign"))) {
                        return "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}";
                    }
                }
                return null;
            }
            case WECOM -> {
                return token.equals(query.get("key")) ? null : "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}";
            }
            case FEISHU -> {
                if (!path.endsWith("/" + token)) {
                    return "{\"code\":19001,\"msg\":\"param invalid: incoming webhook access token invalid\",\"data\":{}}";
                }
                if (secret != null) {
                    String ts = json.path("timestamp").asText("0");
                    long seconds = Long.parseLong(ts);
                    String expected = hmac(ts + "\n" + secret, "");
                    if (Math.abs(now.getEpochSecond() - seconds) > 3600
                            || !expected.equals(json.path("sign").asText())) {
                        return "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\",\"data\":{}}";
                    }
                }
                return null;
            }
        }
        return null;
    }

    private String checkSize(JsonNode json, String body) {
        switch (kind) {
            case WECOM -> {
                String type = json.path("msgtype").asText();
                int limit = type.equals("text") ? 2048 : 4096;
                String content = json.path(type).path("content").asText();
                if (content.getBytes(StandardCharsets.UTF_8).length > limit) {
                    return "{\"errcode\":40058,\"errmsg\":\"" + type + ".content exceed max length " + limit + "\"}";
                }
            }
            case FEISHU -> {
                if (body.getBytes(StandardCharsets.UTF_8).length > 20 * 1024) {
                    return "{\"code\":9499,\"msg\":\"request body too large\",\"data\":{}}";
                }
            }
            default -> {}
        }
        return null;
    }

    /** Counts accepted messages in the robot's windows; a request over the limit is refused. */
    private boolean throttled(Instant now) {
        if (now.isBefore(blockedUntil)) {
            return true;
        }
        boolean over = switch (kind) {
            case DINGTALK, WECOM -> countSince(now.minus(Duration.ofMinutes(1))) >= 20;
            case FEISHU ->
                countSince(now.minus(Duration.ofSeconds(1))) >= 5
                        || countSince(now.minus(Duration.ofMinutes(1))) >= 100;
        };
        if (over) {
            if (kind == Kind.DINGTALK) {
                blockedUntil = now.plus(Duration.ofMinutes(10));
            }
            return true;
        }
        accepted.addLast(now);
        return false;
    }

    private long countSince(Instant from) {
        return accepted.stream().filter(t -> t.isAfter(from)).count();
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
