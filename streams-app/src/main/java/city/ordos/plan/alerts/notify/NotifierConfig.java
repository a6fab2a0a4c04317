package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
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
 */
public record NotifierConfig(
        String groupId,
        String topicPrefix,
        String autoOffsetReset,
        RetryPolicy retry,
        Duration alertmanagerActiveFor,
        List<ReceiverConfig> receivers,
        List<Silence> silences) {

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
        Set<String> names = new HashSet<>();
        for (ReceiverConfig receiver : receivers) {
            if (!names.add(receiver.name())) {
                throw new IllegalArgumentException("two receivers are named " + receiver.name());
            }
        }
    }

    public static NotifierConfig of(List<ReceiverConfig> receivers, RetryPolicy retry) {
        return new NotifierConfig(null, null, null, retry, null, receivers, null);
    }

    public NotifierConfig withGroupId(String value) {
        return new NotifierConfig(
                value, topicPrefix, autoOffsetReset, retry, alertmanagerActiveFor, receivers, silences);
    }

    public NotifierConfig withTopicPrefix(String value) {
        return new NotifierConfig(groupId, value, autoOffsetReset, retry, alertmanagerActiveFor, receivers, silences);
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
                    headers));
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
                silences);
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
