package city.ordos.plan.audit;

import city.ordos.plan.avro.AuditEvent;
import java.util.List;

/**
 * Where state-changing actions are recorded (the append-only audit topic in production). Every route
 * that changes something records what it did through this, with the signed-in person; the slices
 * that add such routes (acknowledgements, report generation) record through the same trail.
 */
public interface AuditTrail {

    /**
     * Records the action durably before returning.
     *
     * @throws NotRecordedException if it could not be recorded
     */
    AuditEvent record(AuditEntry entry);

    /** The most recent records first, at most {@code limit}, that match the filter (null: any). */
    List<AuditEvent> recent(String actor, String action, String target, int limit);

    final class NotRecordedException extends RuntimeException {
        public NotRecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
