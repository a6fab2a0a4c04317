package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.Severity;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One webhook and the alerts routed to it.
 *
 * @param name        unique, used in the consumer group, metrics and logs
 * @param type        payload format
 * @param url         where to POST (for ALERTMANAGER the server's base URL; {@code /api/v2/alerts} is appended)
 * @param sections    plan sections routed here; with {@code departments} both empty, every alert is
 * @param departments departments routed here
 * @param minSeverity alerts below this severity are not sent here (INFO sends everything)
 * @param headers     extra request headers, e.g. an Authorization token
 */
public record ReceiverConfig(
        String name,
        ReceiverType type,
        URI url,
        Set<String> sections,
        Set<String> departments,
        Severity minSeverity,
        Map<String, String> headers) {

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
    }

    public static ReceiverConfig of(String name, ReceiverType type, URI url) {
        return new ReceiverConfig(name, type, url, Set.of(), Set.of(), Severity.INFO, Map.of());
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
