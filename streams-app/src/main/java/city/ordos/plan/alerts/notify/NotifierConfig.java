package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the notifier delivers where: receivers with their routes, the retry policy, silences set
 * in configuration. Read from YAML (keys in docs/alerts.md).
 *
 * @param groupId               consumer group prefix; each receiver consumes as {@code <groupId>.<receiver>}
 * @param topicPrefix           prefix of the product's topics (as {@code OrdosTopics.withPrefix})
 * @param autoOffsetReset       where a receiver new to the group starts: earliest (default) or latest
 * @param alertmanagerActiveFor how long Alertmanager keeps a firing alert without a RESOLVED update
 * @param contacts              each department's contact people, @-mentioned by the robots
 * @param evaluateEvery         how often the planner looks at the clock (group waits, reminders, windows)
 */
public record NotifierConfig(
        String groupId,
        String topicPrefix,
        String autoOffsetReset,
        RetryPolicy retry,
        Duration alertmanagerActiveFor,
        List<ReceiverConfig> receivers,
        List<Silence> silences,
        Contacts contacts,
        Duration evaluateEvery) {

    public NotifierConfig {
        groupId = groupId == null ? "ordos-alert-notifier" : groupId;
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        autoOffsetReset = autoOffsetReset == null ? "earliest" : autoOffsetReset;
        if (!autoOffsetReset.equals("earliest") && !autoOffsetReset.equals("latest")) {
            throw new IllegalArgumentException("auto-offset-reset must be earliest or latest, was " + autoOffsetReset);
        }
        retry = retry == null ? RetryPolicy.defaults() : retry;
        alertmanagerActiveFor = alertmanagerActiveFor == null ? Duration.ofDays(30) : alertmanagerActiveFor;
        receivers = receivers == null ? List.of() : List.copyOf(receivers);
        silences = silences == null ? List.of() : List.copyOf(silences);
        contacts = contacts == null ? Contacts.NONE : contacts;
        evaluateEvery = evaluateEvery == null ? Duration.ofSeconds(5) : evaluateEvery;
        if (evaluateEvery.isNegative() || evaluateEvery.isZero()) {
            throw new IllegalArgumentException("evaluate-every must be positive, was " + evaluateEvery);
        }
        Set<String> names = new HashSet<>();
        for (ReceiverConfig receiver : receivers) {
            if (!names.add(receiver.name())) {
                throw new IllegalArgumentException("two receivers are named " + receiver.name());
            }
        }
    }

    public static NotifierConfig of(List<ReceiverConfig> receivers, RetryPolicy retry) {
        return new NotifierConfig(null, null, null, retry, null, receivers, null, null, null);
    }

    public NotifierConfig withGroupId(String value) {
        return new NotifierConfig(
                value,
                topicPrefix,
                autoOffsetReset,
                retry,
                alertmanagerActiveFor,
                receivers,
                silences,
                contacts,
                evaluateEvery);
    }

    public NotifierConfig withTopicPrefix(String value) {
        return new NotifierConfig(
                groupId,
                value,
                autoOffsetReset,
                retry,
                alertmanagerActiveFor,
                receivers,
                silences,
                contacts,
                evaluateEvery);
    }

    public NotifierConfig withEvaluateEvery(Duration value) {
        return new NotifierConfig(
                groupId,
                topicPrefix,
                autoOffsetReset,
                retry,
                alertmanagerActiveFor,
                receivers,
                silences,
                contacts,
                value);
    }

    public NotifierConfig withContacts(Contacts value) {
        return new NotifierConfig(
                groupId,
                topicPrefix,
                autoOffsetReset,
                retry,
                alertmanagerActiveFor,
                receivers,
                silences,
                value,
                evaluateEvery);
    }

    public static NotifierConfig load(Path yaml) {
        try {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read notifier configuration " + yaml, e);
        }
    }

    public static NotifierConfig parse(String yaml) {
        try {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse notifier configuration", e);
        }
    }

    private static NotifierConfig parse(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IllegalArgumentException("notifier configuration is empty");
        }
        RetryPolicy retry = RetryPolicy.defaults();
        JsonNode r = root.path("retry");
        if (!r.isMissingNode()) {
            retry = new RetryPolicy(
                    r.path("max-attempts").asInt(retry.maxAttempts()),
                    duration(r, "initial-backoff", retry.initialBackoff()),
                    duration(r, "max-backoff", retry.maxBackoff()),
                    duration(r, "request-timeout", retry.requestTimeout()));
        }
        WorkingCalendar calendar = root.has("calendars")
                ? WorkingCalendar.load(
                        strings(root.path("calendars")).stream().map(Path::of).toList())
                : WorkingCalendar.builtIn();
        ZoneId zone = root.hasNonNull("zone") ? ZoneId.of(root.get("zone").asText()) : DeliveryWindows.SHANGHAI;
        Map<String, TimeInterval> intervals = timeIntervals(root.path("time-intervals"));
        List<ReceiverConfig> receivers = new ArrayList<>();
        for (JsonNode n : root.path("receivers")) {
            String name = text(n, "name");
            Map<String, String> headers = new LinkedHashMap<>();
            n.path("headers")
                    .fields()
                    .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            receivers.add(new ReceiverConfig(
                    name,
                    ReceiverType.valueOf(text(n, "type").toUpperCase(Locale.ROOT)),
                    URI.create(text(n, "url")),
                    strings(n.path("sections")),
                    strings(n.path("departments")),
                    n.hasNonNull("min-severity")
                            ? Severity.valueOf(n.get("min-severity").asText().toUpperCase(Locale.ROOT))
                            : null,
                    headers,
                    n.hasNonNull("secret") ? n.get("secret").asText() : null,
                    grouping(n),
                    rateLimits(n.path("rate-limits")),
                    duration(n, "throttle-pause", null),
                    n.path("max-message-bytes").asInt(0),
                    new DeliveryWindows(
                            named(n.path("active-time-intervals"), intervals, name),
                            named(n.path("mute-time-intervals"), intervals, name),
                            n.path("critical-during-mute").asBoolean(false),
                            calendar,
                            zone)));
        }
        List<Silence> silences = new ArrayList<>();
        for (JsonNode n : root.path("silences")) {
            silences.add(new Silence(
                    text(n, "goal"),
                    OffsetDateTime.parse(text(n, "until")).toInstant(),
                    n.path("reason").asText(""),
                    "config"));
        }
        return new NotifierConfig(
                root.hasNonNull("group-id") ? root.get("group-id").asText() : null,
                root.hasNonNull("topic-prefix") ? root.get("topic-prefix").asText() : null,
                root.hasNonNull("auto-offset-reset")
                        ? root.get("auto-offset-reset").asText()
                        : null,
                retry,
                duration(root, "alertmanager-active-for", null),
                receivers,
                silences,
                contacts(root.path("contacts")),
                duration(root, "evaluate-every", null));
    }

    private static Grouping grouping(JsonNode n) {
        boolean any = n.has("group-by")
                || n.has("group-wait")
                || n.has("group-interval")
                || n.has("repeat-interval")
                || n.has("escalate-after")
                || n.has("escalate-to");
        if (!any) {
            return null;
        }
        return new Grouping(
                n.has("group-by") ? list(n.path("group-by")) : null,
                duration(n, "group-wait", null),
                duration(n, "group-interval", null),
                duration(n, "repeat-interval", null),
                duration(n, "escalate-after", null),
                n.hasNonNull("escalate-to") ? n.get("escalate-to").asText() : null);
    }

    private static List<SendLimit.Window> rateLimits(JsonNode array) {
        if (array.isMissingNode() || array.isNull()) {
            return null;
        }
        List<SendLimit.Window> windows = new ArrayList<>();
        for (JsonNode w : array) {
            windows.add(new SendLimit.Window(w.path("max").asInt(0), duration(w, "per", null)));
        }
        return windows;
    }

    private static Map<String, TimeInterval> timeIntervals(JsonNode node) {
        Map<String, TimeInterval> intervals = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            List<TimeInterval.Range> ranges = new ArrayList<>();
            for (JsonNode r : e.getValue()) {
                Set<DayOfWeek> weekdays = new HashSet<>();
                for (JsonNode w : r.path("weekdays")) {
                    weekdays.addAll(weekdays(w.asText()));
                }
                List<TimeInterval.Times> times = new ArrayList<>();
                for (JsonNode t : r.path("times")) {
                    times.add(TimeInterval.Times.parse(text(t, "start"), text(t, "end")));
                }
                ranges.add(new TimeInterval.Range(
                        r.hasNonNull("days")
                                ? TimeInterval.Days.parse(r.get("days").asText())
                                : null,
                        weekdays,
                        times));
            }
            intervals.put(e.getKey(), new TimeInterval(e.getKey(), ranges));
        });
        return intervals;
    }

    /** "monday", or a range "monday:friday". */
    private static List<DayOfWeek> weekdays(String text) {
        String[] ends = text.trim().toUpperCase(Locale.ROOT).split(":");
        DayOfWeek from = DayOfWeek.valueOf(ends[0]);
        DayOfWeek to = DayOfWeek.valueOf(ends[ends.length - 1]);
        List<DayOfWeek> days = new ArrayList<>();
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            days.add(d);
            if (d == to) {
                return days;
            }
        }
    }

    private static List<TimeInterval> named(JsonNode names, Map<String, TimeInterval> intervals, String receiver) {
        List<TimeInterval> out = new ArrayList<>();
        for (JsonNode n : names) {
            TimeInterval interval = intervals.get(n.asText());
            if (interval == null) {
                throw new IllegalArgumentException("receiver " + receiver + " names time interval '" + n.asText()
                        + "', which time-intervals does not define (" + intervals.keySet() + ")");
            }
            out.add(interval);
        }
        return out;
    }

    private static Contacts contacts(JsonNode node) {
        Map<String, Contacts.Contact> byDepartment = new LinkedHashMap<>();
        node.fields()
                .forEachRemaining(e -> byDepartment.put(
                        e.getKey(),
                        new Contacts.Contact(
                                list(e.getValue().path("mobiles")),
                                list(e.getValue().path("wecom-user-ids")))));
        return new Contacts(byDepartment);
    }

    private static List<String> list(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException("notifier configuration: '" + field + "' is required in " + node);
        }
        return value.asText();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Duration duration(JsonNode node, String field, Duration fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        try {
            return Duration.parse(value.asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "notifier configuration: '" + field + "' must be an ISO-8601 duration like PT30S, was "
                            + value.asText(),
                    e);
        }
    }
}
