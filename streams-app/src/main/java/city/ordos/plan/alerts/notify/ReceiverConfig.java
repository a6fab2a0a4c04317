package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One webhook, the alerts routed to it, and how they reach it.
 *
 * @param name            unique, used in the consumer group, metrics and logs
 * @param type            payload format
 * @param url             where to POST (for ALERTMANAGER the server's base URL; {@code /api/v2/alerts} is appended)
 * @param sections        plan sections routed here; with {@code departments} both empty, every alert is
 * @param departments     departments routed here
 * @param minSeverity     alerts below this severity are not sent here (INFO sends everything)
 * @param headers         extra request headers, e.g. an Authorization token
 * @param secret          signing secret of a DingTalk (加签, "SEC…") or Feishu robot; null: unsigned
 * @param grouping        how alerts are gathered into messages (chat robots only; others get one request per update)
 * @param rateLimits      send limits kept by pacing (default: the robot's documented limits)
 * @param throttlePause   how long to wait when the robot still says "too fast" (default: its documented block)
 * @param maxMessageBytes longest message text in UTF-8 bytes; longer group messages are split (default: the robot's)
 * @param windows         when messages may go (office hours, mute timings)
 */
public record ReceiverConfig(
        String name,
        ReceiverType type,
        URI url,
        Set<String> sections,
        Set<String> departments,
        Severity minSeverity,
        Map<String, String> headers,
        String secret,
        Grouping grouping,
        List<SendLimit.Window> rateLimits,
        Duration throttlePause,
        int maxMessageBytes,
        DeliveryWindows windows) {

    public ReceiverConfig {
        Objects.requireNonNull(name, "receiver name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("receiver name may use letters, digits, '.', '_' and '-' only: " + name);
        }
        Objects.requireNonNull(type, "receiver " + name + ": type");
        Objects.requireNonNull(url, "receiver " + name + ": url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("receiver " + name + ": url must be http(s), was " + url);
        }
        sections = sections == null ? Set.of() : Set.copyOf(sections);
        departments = departments == null ? Set.of() : Set.copyOf(departments);
        minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        secret = secret == null || secret.isBlank() ? null : secret;
        if (secret != null && type != ReceiverType.DINGTALK && type != ReceiverType.FEISHU) {
            throw new IllegalArgumentException("receiver " + name + ": only DINGTALK and FEISHU robots are signed");
        }
        grouping = type.chat() ? (grouping == null ? Grouping.defaults() : grouping) : null;
        rateLimits = rateLimits == null ? type.documentedLimits() : List.copyOf(rateLimits);
        throttlePause = throttlePause == null ? type.throttlePause() : throttlePause;
        maxMessageBytes = maxMessageBytes <= 0 ? type.maxMessageBytes() : maxMessageBytes;
        windows = windows == null ? DeliveryWindows.always() : windows;
    }

    /** A receiver with the defaults of its type. */
    public ReceiverConfig(
            String name,
            ReceiverType type,
            URI url,
            Set<String> sections,
            Set<String> departments,
            Severity minSeverity,
            Map<String, String> headers) {
        this(name, type, url, sections, departments, minSeverity, headers, null, null, null, null, 0, null);
    }

    public static ReceiverConfig of(String name, ReceiverType type, URI url) {
        return new ReceiverConfig(name, type, url, Set.of(), Set.of(), Severity.INFO, Map.of());
    }

    public ReceiverConfig withGrouping(Grouping value) {
        return new ReceiverConfig(
                name,
                type,
                url,
                sections,
                departments,
                minSeverity,
                headers,
                secret,
                value,
                rateLimits,
                throttlePause,
                maxMessageBytes,
                windows);
    }

    public ReceiverConfig withSecret(String value) {
        return new ReceiverConfig(
                name,
                type,
                url,
                sections,
                departments,
                minSeverity,
                headers,
                value,
                grouping,
                rateLimits,
                throttlePause,
                maxMessageBytes,
                windows);
    }

    public ReceiverConfig withWindows(DeliveryWindows value) {
        return new ReceiverConfig(
                name,
                type,
                url,
                sections,
                departments,
                minSeverity,
                headers,
                secret,
                grouping,
                rateLimits,
                throttlePause,
                maxMessageBytes,
                value);
    }

    /** Whether alerts are gathered into group messages (chat robots) or sent one request per update. */
    public boolean grouped() {
        return grouping != null;
    }

    /** Whether this receiver wants the alert: by section or department, and severity. */
    public boolean routes(GoalAlert alert) {
        if (alert.getSeverity().ordinal() < minSeverity.ordinal()) {
            return false;
        }
        if (sections.isEmpty() && departments.isEmpty()) {
            return true;
        }
        return sections.contains(alert.getSection()) || departments.contains(alert.getDepartment());
    }
}
