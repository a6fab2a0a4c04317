package city.ordos.plan.alerts.notify;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a chat receiver's alerts are gathered into messages, in the manner of Alertmanager: alerts
 * with the same values of {@code groupBy} share a group; a new group waits {@code groupWait} for
 * more alerts before its first message, then sends what changed at most every
 * {@code groupInterval}; alerts still firing and not acknowledged are sent again every
 * {@code repeatInterval} (none: no reminders); alerts firing and not acknowledged for
 * {@code escalateAfter} after they were first sent go to the receiver {@code escalateTo} too.
 */
public record Grouping(
        List<String> groupBy,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        Duration escalateAfter,
        String escalateTo) {

    /** Labels a group can be formed by. */
    public static final Set<String> LABELS = Set.of("department", "section", "goal", "kind", "severity", "plan");

    public Grouping {
        groupBy = groupBy == null ? List.of("department") : List.copyOf(groupBy);
        for (String label : groupBy) {
            if (!LABELS.contains(label)) {
                throw new IllegalArgumentException("group-by label must be one of " + LABELS + ", was " + label);
            }
        }
        groupWait = groupWait == null ? Duration.ofSeconds(30) : groupWait;
        groupInterval = groupInterval == null ? Duration.ofMinutes(5) : groupInterval;
        if (groupWait.isNegative() || groupInterval.isNegative()) {
            throw new IllegalArgumentException("group-wait and group-interval cannot be negative");
        }
        if (repeatInterval != null && (repeatInterval.isNegative() || repeatInterval.isZero())) {
            throw new IllegalArgumentException("repeat-interval must be positive, was " + repeatInterval);
        }
        if ((escalateAfter == null) != (escalateTo == null)) {
            throw new IllegalArgumentException("escalate-after and escalate-to go together");
        }
        if (escalateAfter != null && (escalateAfter.isNegative() || escalateAfter.isZero())) {
            throw new IllegalArgumentException("escalate-after must be positive, was " + escalateAfter);
        }
    }

    /** Group by department, 30 s wait, 5 min interval, no reminders, no escalation. */
    public static Grouping defaults() {
        return new Grouping(null, null, null, null, null, null);
    }

    /** The group an alert belongs to: its values of the group-by labels, joined by '|' ("" for one group). */
    public String groupKey(AlertItem alert) {
        return groupBy.stream().map(label -> label(alert, label)).collect(Collectors.joining("|"));
    }

    static String label(AlertItem alert, String label) {
        return switch (label) {
            case "department" -> alert.department();
            case "section" -> alert.section();
            case "goal" -> alert.goalId();
            case "kind" -> alert.kind().name().toLowerCase(Locale.ROOT);
            case "severity" -> alert.severity().name().toLowerCase(Locale.ROOT);
            case "plan" -> alert.planId();
            default -> throw new IllegalArgumentException("unknown group-by label " + label);
        };
    }
}
