package city.ordos.plan.alerts.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the planner remembers of one group of one receiver (JSON in the {@code notifier-groups}
 * store): alert updates not yet sent, the open episodes as last sent, and when the group last sent
 * a message. Times are wall-clock epoch milliseconds; 0 means never.
 */
public final class GroupState {

    /** An open episode as this group last reported it. */
    public static final class Episode {
        public AlertItem latest;
        /** When the episode was first sent here. */
        public long firstSentAt;
        /** When its latest update was sent here. */
        public long latestSentAt;
        /** Whether it went to the escalation receiver (then its later updates follow it there). */
        public boolean escalated;
    }

    public String receiver;
    public String groupKey;
    /** When the group got its first pending update (group-wait counts from here). */
    public long createdAt;

    public long lastSentAt;
    /** Messages this group has queued, numbering its notification ids. */
    public long messages;
    /** Updates not yet sent, the latest per alert id, in arrival order. */
    public Map<String, AlertItem> pending = new LinkedHashMap<>();
    /** Open episodes by alert id. */
    public Map<String, Episode> open = new LinkedHashMap<>();

    public GroupState() {}

    GroupState(String receiver, String groupKey, long createdAt) {
        this.receiver = receiver;
        this.groupKey = groupKey;
        this.createdAt = createdAt;
    }

    boolean empty() {
        return pending.isEmpty() && open.isEmpty();
    }
}
