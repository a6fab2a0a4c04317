package city.ordos.plan.alerts.notify;

import city.ordos.plan.alerts.notify.SendLimit.Window;
import java.time.Duration;
import java.util.List;

/** The payload a webhook receiver expects, and what its documentation says about limits. */
public enum ReceiverType {
    /** Every field of the alert as one JSON object. */
    JSON(false, List.of(), Duration.ZERO, 0),
    /**
     * WeCom (企业微信) group robot: markdown messages, at most 20 a minute, answered with errcode
     * 45009 beyond that; markdown content at most 4096 bytes.
     */
    WECOM(true, List.of(new Window(20, Duration.ofMinutes(1))), Duration.ofMinutes(1), 4096),
    /**
     * DingTalk (钉钉) custom robot: markdown messages, at most 20 a minute, then errcode 130101 and
     * a ten-minute block; optionally signed (加签).
     */
    DINGTALK(true, List.of(new Window(20, Duration.ofMinutes(1))), Duration.ofMinutes(10), 4096),
    /**
     * Feishu/Lark (飞书) custom bot: interactive cards, at most 5 a second and 100 a minute
     * (code 11232 beyond that); request body at most 20 KB; optionally signed.
     */
    FEISHU(
            true,
            List.of(new Window(5, Duration.ofSeconds(1)), new Window(100, Duration.ofMinutes(1))),
            Duration.ofMinutes(1),
            18 * 1024),
    /** Prometheus Alertmanager API v2: POST {@code /api/v2/alerts} with a JSON array of alerts. */
    ALERTMANAGER(false, List.of(), Duration.ZERO, 0);

    private final boolean chat;
    private final List<Window> documentedLimits;
    private final Duration throttlePause;
    private final int maxMessageBytes;

    ReceiverType(boolean chat, List<Window> documentedLimits, Duration throttlePause, int maxMessageBytes) {
        this.chat = chat;
        this.documentedLimits = documentedLimits;
        this.throttlePause = throttlePause;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** A group chat robot: people read it, so alerts are grouped into few readable messages. */
    public boolean chat() {
        return chat;
    }

    /** The robot's documented send limits, the default of a receiver's {@code rate-limits}. */
    public List<Window> documentedLimits() {
        return documentedLimits;
    }

    /** How long the robot refuses messages after its limit was exceeded (DingTalk: ten minutes). */
    public Duration throttlePause() {
        return throttlePause;
    }

    /** Size limit of one message's text in UTF-8 bytes (0: none). */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }
}
