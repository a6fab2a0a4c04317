package city.ordos.plan.audit;

import city.ordos.plan.avro.AuditEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** The latest audit records in memory, for the API's reads; the topic keeps them all. */
public final class AuditBuffer {

    private final int capacity;
    private final Deque<AuditEvent> events = new ArrayDeque<>();

    public AuditBuffer(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(AuditEvent event) {
        events.addLast(event);
        while (events.size() > capacity) {
            events.removeFirst();
        }
    }

    /** Newest first; a null filter matches anything. */
    public synchronized List<AuditEvent> recent(String actor, String action, String target, int limit) {
        List<AuditEvent> out = new ArrayList<>();
        Iterator<AuditEvent> it = events.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            AuditEvent e = it.next();
            if ((actor == null || actor.equals(e.getActor()))
                    && (action == null || action.equals(e.getAction()))
                    && (target == null || target.equals(e.getTarget()))) {
                out.add(e);
            }
        }
        return out;
    }
}
