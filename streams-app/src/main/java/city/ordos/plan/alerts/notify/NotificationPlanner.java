package city.ordos.plan.alerts.notify;

import city.ordos.plan.avro.AlertNotification;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.NotificationReason;
import city.ordos.plan.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides what each receiver is told and when, in the manner of Alertmanager: grouping
 * ({@code group-by}, {@code group-wait}, {@code group-interval}), reminders
 * ({@code repeat-interval}) of open episodes nobody acknowledged, escalation to another receiver
 * after {@code escalate-after} unacknowledged, delivery windows (office hours, mute timings, the
 * holiday calendar), silences. Pure: the caller keeps the group states (a Kafka Streams store in
 * the notifier) and passes the wall-clock time; every decision is a function of them.
 *
 * <p>Ungrouped receivers (JSON, Alertmanager) get every update at once as its own message, keyed
 * {@code alertId#sequence} as before grouping existed.
 */
public final class NotificationPlanner {

    /** The group states, by id {@code receiver/groupKey}. */
    public interface Groups {
        Optional<GroupState> get(String id);

        void put(String id, GroupState state);

        void remove(String id);

        List<String> ids();
    }

    /** What the planner noticed besides messages (the notifier counts them). */
    public interface Observer {
        Observer NONE = (receiver, item) -> {};

        void silenced(String receiver, AlertItem item);
    }

    private final Map<String, ReceiverConfig> receivers;
    private final Contacts contacts;
    private final SilenceRegistry silences;
    private final Function<String, Optional<Ack>> acks;
    private final Observer observer;

    /**
     * @param acks the acknowledgement of an episode by alert id, if any
     */
    public NotificationPlanner(
            List<ReceiverConfig> receivers,
            Contacts contacts,
            SilenceRegistry silences,
            Function<String, Optional<Ack>> acks,
            Observer observer) {
        this.receivers = receivers.stream()
                .collect(Collectors.toMap(ReceiverConfig::name, r -> r, (a, b) -> a, LinkedHashMap::new));
        for (ReceiverConfig r : receivers) {
            String to = r.grouped() ? r.grouping().escalateTo() : null;
            if (to != null
                    && (!this.receivers.containsKey(to)
                            || !this.receivers.get(to).grouped())) {
                throw new IllegalArgumentException(
                        "receiver " + r.name() + " escalates to " + to + ", which is no chat robot receiver");
            }
        }
        this.contacts = contacts;
        this.silences = silences;
        this.acks = acks;
        this.observer = observer;
    }

    /** An alert update arrived: queued at once for ungrouped receivers, added to its groups otherwise. */
    public List<AlertNotification> onAlert(GoalAlert alert, Instant now, Groups groups) {
        List<AlertNotification> out = new ArrayList<>();
        AlertItem item = AlertItem.of(alert);
        Set<String> touched = new LinkedHashSet<>();
        for (ReceiverConfig r : receivers.values()) {
            if (!r.routes(alert)) {
                continue;
            }
            if (!r.grouped()) {
                if (dropSilenced(r, item)) {
                    continue;
                }
                out.add(single(r, alert, now));
                continue;
            }
            touched.add(addPending(r, r.grouping().groupKey(item), item, now, groups));
        }
        // An episode that was escalated keeps the escalation receiver informed of its later updates.
        for (String id : groups.ids()) {
            GroupState g = groups.get(id).orElseThrow();
            GroupState.Episode episode = g.open.get(item.alertId());
            if (episode != null && episode.escalated) {
                ReceiverConfig target =
                        receivers.get(receivers.get(g.receiver).grouping().escalateTo());
                touched.add(addPending(target, groupKeyOf(target, item), item.escalatedFrom(g.receiver), now, groups));
            }
        }
        for (String id : touched) {
            groups.get(id).ifPresent(g -> out.addAll(flush(g, now, groups)));
        }
        return out;
    }

    /** The clock moved: send what is due, remind, escalate. */
    public List<AlertNotification> tick(Instant now, Groups groups) {
        List<AlertNotification> out = new ArrayList<>();
        for (String id : groups.ids()) {
            groups.get(id).ifPresent(g -> escalate(g, now, groups));
        }
        for (String id : groups.ids()) {
            groups.get(id).ifPresent(g -> {
                out.addAll(flush(g, now, groups));
                out.addAll(remind(g, now, groups));
            });
        }
        return out;
    }

    private String addPending(ReceiverConfig r, String groupKey, AlertItem item, Instant now, Groups groups) {
        String id = r.name() + "/" + groupKey;
        GroupState g = groups.get(id).orElseGet(() -> new GroupState(r.name(), groupKey, now.toEpochMilli()));
        if (g.pending.isEmpty() && g.createdAt == 0) {
            g.createdAt = now.toEpochMilli();
        }
        AlertItem held = g.pending.get(item.alertId());
        if (held == null || held.sequence() <= item.sequence()) {
            g.pending.put(item.alertId(), item);
        }
        groups.put(id, g);
        return id;
    }

    /** Sends the group's pending updates when its wait or interval is over and its window allows. */
    private List<AlertNotification> flush(GroupState g, Instant now, Groups groups) {
        ReceiverConfig r = receivers.get(g.receiver);
        if (r == null) {
            groups.remove(g.receiver + "/" + g.groupKey); // a receiver removed from the configuration
            return List.of();
        }
        boolean dropped = g.pending.values().removeIf(i -> dropSilenced(r, i));
        if (g.pending.isEmpty()) {
            return saveIf(dropped, g, groups);
        }
        Instant due = g.lastSentAt == 0
                ? Instant.ofEpochMilli(g.createdAt).plus(r.grouping().groupWait())
                : Instant.ofEpochMilli(g.lastSentAt).plus(r.grouping().groupInterval());
        if (now.isBefore(due)) {
            return saveIf(dropped, g, groups);
        }
        boolean open = r.windows().open(now);
        List<AlertItem> sendable = g.pending.values().stream()
                .filter(i -> open || (r.windows().criticalPasses() && i.critical()))
                .toList();
        if (sendable.isEmpty()) {
            return saveIf(dropped, g, groups);
        }
        List<AlertItem> changed = sendable.stream().filter(i -> !i.resolved()).toList();
        List<AlertItem> resolved = sendable.stream().filter(AlertItem::resolved).toList();
        Set<String> sendingIds = sendable.stream().map(AlertItem::alertId).collect(Collectors.toSet());
        List<AlertItem> stillOpen = g.open.values().stream()
                .map(e -> e.latest)
                .filter(i -> !sendingIds.contains(i.alertId()))
                .toList();
        boolean allEscalated = changed.stream().allMatch(i -> i.escalatedFrom() != null) && !changed.isEmpty();
        NotificationReason reason = allEscalated ? NotificationReason.ESCALATION : NotificationReason.GROUP;
        Duration escalatedAfter = allEscalated ? escalationDelayOf(changed.get(0)) : null;
        List<AlertNotification> out = messages(
                r,
                g,
                new GroupMessages.Content(reason, g.groupKey, changed, resolved, stillOpen, escalatedAfter),
                sendable,
                now);
        for (AlertItem i : sendable) {
            g.pending.remove(i.alertId());
            if (i.resolved() || i.notice()) {
                g.open.remove(i.alertId());
                continue;
            }
            GroupState.Episode e = g.open.computeIfAbsent(i.alertId(), k -> new GroupState.Episode());
            if (e.firstSentAt == 0) {
                e.firstSentAt = now.toEpochMilli();
            }
            e.latestSentAt = now.toEpochMilli();
            e.latest = i;
        }
        g.lastSentAt = now.toEpochMilli();
        if (g.pending.isEmpty()) {
            g.createdAt = 0;
        }
        save(g, groups);
        return out;
    }

    /** Sends the open, unacknowledged, unsilenced episodes again once repeat-interval passed since the last message. */
    private List<AlertNotification> remind(GroupState g, Instant now, Groups groups) {
        ReceiverConfig r = receivers.get(g.receiver);
        if (r == null || r.grouping().repeatInterval() == null || g.lastSentAt == 0 || !g.pending.isEmpty()) {
            return List.of();
        }
        if (now.isBefore(Instant.ofEpochMilli(g.lastSentAt).plus(r.grouping().repeatInterval()))) {
            return List.of();
        }
        boolean open = r.windows().open(now);
        List<AlertItem> due = g.open.values().stream()
                .filter(e -> !acknowledged(e))
                .map(e -> e.latest)
                .filter(i -> !silenced(i))
                .filter(i -> open || (r.windows().criticalPasses() && i.critical()))
                .toList();
        if (due.isEmpty()) {
            return List.of();
        }
        List<AlertNotification> out = messages(
                r,
                g,
                new GroupMessages.Content(NotificationReason.REMINDER, g.groupKey, due, List.of(), List.of(), null),
                List.of(),
                now);
        g.lastSentAt = now.toEpochMilli();
        save(g, groups);
        return out;
    }

    /** Hands episodes unacknowledged for escalate-after since they were sent here to the escalation receiver. */
    private void escalate(GroupState g, Instant now, Groups groups) {
        ReceiverConfig r = receivers.get(g.receiver);
        if (r == null || r.grouping().escalateTo() == null) {
            return;
        }
        ReceiverConfig target = receivers.get(r.grouping().escalateTo());
        boolean changed = false;
        for (GroupState.Episode e : g.open.values()) {
            if (e.escalated || silenced(e.latest)) {
                continue;
            }
            Optional<Ack> ack = acks.apply(e.latest.alertId());
            if (ack.isPresent() && ack.get().covers(e.latest.sequence())) {
                continue;
            }
            // Unacknowledged since the episode was first sent here, or since the update its
            // acknowledgement does not cover.
            long since = ack.isPresent() ? e.latestSentAt : e.firstSentAt;
            if (now.isBefore(Instant.ofEpochMilli(since).plus(r.grouping().escalateAfter()))) {
                continue;
            }
            e.escalated = true;
            changed = true;
            addPending(target, groupKeyOf(target, e.latest), e.latest.escalatedFrom(r.name()), now, groups);
        }
        if (changed) {
            save(g, groups);
        }
    }

    private boolean acknowledged(GroupState.Episode e) {
        return acks.apply(e.latest.alertId())
                .map(a -> a.covers(e.latest.sequence()))
                .orElse(false);
    }

    private Duration escalationDelayOf(AlertItem item) {
        ReceiverConfig from = receivers.get(item.escalatedFrom());
        return from == null || from.grouping() == null
                ? Duration.ZERO
                : from.grouping().escalateAfter();
    }

    private List<AlertNotification> messages(
            ReceiverConfig r, GroupState g, GroupMessages.Content content, List<AlertItem> reported, Instant now) {
        List<AlertItem> all = new ArrayList<>(content.changed());
        all.addAll(content.resolved());
        Set<String> departments =
                all.stream().map(AlertItem::department).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> mobiles = r.type() == ReceiverType.FEISHU ? List.of() : contacts.mobiles(departments);
        List<String> userIds = r.type() == ReceiverType.WECOM ? contacts.wecomUserIds(departments) : List.of();
        // WeCom markdown can mention user ids only; mentioning mobiles needs its plain text messages.
        boolean plain = r.type() == ReceiverType.WECOM && userIds.isEmpty() && !mobiles.isEmpty();
        String footer = switch (r.type()) {
            case DINGTALK -> mobiles.stream().map(m -> "@" + m).collect(Collectors.joining(" "));
            case WECOM -> plain ? "" : userIds.stream().map(u -> "<@" + u + ">").collect(Collectors.joining(" "));
            default -> "";
        };
        List<GroupMessages.Part> parts = new GroupMessages(r).render(content, footer, plain);
        g.messages++;
        // The time keeps ids unique when an emptied group is forgotten and starts counting again.
        String base = r.name() + "/" + shortHash(g.groupKey) + "/" + now.toEpochMilli() + "." + g.messages;
        Severity top =
                all.stream().map(AlertItem::severity).max(Enum::compareTo).orElse(Severity.INFO);
        List<String> keys = all.stream().map(AlertItem::key).toList();
        List<AlertNotification> out = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            out.add(AlertNotification.newBuilder()
                    .setNotificationId(parts.size() == 1 ? base : base + "-" + (p + 1) + "of" + parts.size())
                    .setReceiver(r.name())
                    .setGroupKey(g.groupKey)
                    .setReason(content.reason())
                    .setPart(p + 1)
                    .setParts(parts.size())
                    .setSeverity(top)
                    .setTitle(parts.get(p).title())
                    .setText(parts.get(p).text())
                    .setMentionMobiles(plain || r.type() == ReceiverType.DINGTALK ? mobiles : List.of())
                    .setMentionUserIds(userIds)
                    .setAlertKeys(p == 0 ? keys : List.of())
                    .setAlert(null)
                    .setCreatedAt(now)
                    .build());
        }
        return out;
    }

    private AlertNotification single(ReceiverConfig r, GoalAlert alert, Instant now) {
        return AlertNotification.newBuilder()
                .setNotificationId(AlertPayloads.idempotencyKey(alert))
                .setReceiver(r.name())
                .setGroupKey(alert.getAlertId())
                .setReason(NotificationReason.ALERT)
                .setSeverity(alert.getSeverity())
                .setAlertKeys(List.of(AlertPayloads.idempotencyKey(alert)))
                .setAlert(alert)
                .setCreatedAt(now)
                .build();
    }

    /** Whether the goal is silenced now; counts the update as silenced when it is. */
    private boolean dropSilenced(ReceiverConfig r, AlertItem item) {
        if (!silenced(item)) {
            return false;
        }
        observer.silenced(r.name(), item);
        return true;
    }

    private boolean silenced(AlertItem item) {
        return silences.activeFor(item.goalKey()).isPresent();
    }

    private static String groupKeyOf(ReceiverConfig target, AlertItem item) {
        return target.grouping().groupKey(item);
    }

    private static List<AlertNotification> saveIf(boolean changed, GroupState g, Groups groups) {
        if (changed) {
            save(g, groups);
        }
        return List.of();
    }

    private static void save(GroupState g, Groups groups) {
        String id = g.receiver + "/" + g.groupKey;
        if (g.empty()) {
            groups.remove(id);
        } else {
            groups.put(id, g);
        }
    }

    static String shortHash(String groupKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
