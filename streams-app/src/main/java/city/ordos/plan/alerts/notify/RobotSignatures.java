package city.ordos.plan.alerts.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The signatures of signed chat robots, as their documentation specifies them. */
public final class RobotSignatures {

    private RobotSignatures() {}

    /**
     * DingTalk 加签: HMAC-SHA256 keyed with the secret over {@code timestamp + "\n" + secret}
     * (timestamp in milliseconds), Base64; sent URL-encoded as the {@code sign} query parameter next
     * to {@code timestamp}. The robot refuses timestamps more than an hour off.
     */
    public static String dingTalk(String secret, long timestampMillis) {
        return hmacBase64(secret, timestampMillis + "\n" + secret);
    }

    /** The {@code &timestamp=…&sign=…} DingTalk expects appended to the webhook URL. */
    public static String dingTalkQuery(String secret, long timestampMillis) {
        return "timestamp=" + timestampMillis + "&sign="
                + URLEncoder.encode(dingTalk(secret, timestampMillis), StandardCharsets.UTF_8);
    }

    /**
     * Feishu/Lark custom bot: HMAC-SHA256 keyed with {@code timestamp + "\n" + secret} (timestamp in
     * seconds) over an empty message, Base64; sent in the JSON body as {@code sign} next to
     * {@code timestamp}.
     */
    public static String feishu(String secret, long timestampSeconds) {
        return hmacBase64(timestampSeconds + "\n" + secret, "");
    }

    private static String hmacBase64(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
