package city.ordos.plan.api;

import city.ordos.plan.audit.AuditBuffer;
import city.ordos.plan.audit.AuditEntry;
import city.ordos.plan.audit.AuditTrail;
import city.ordos.plan.avro.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The audit trail in memory, for tests of the HTTP layer alone (the ITs use the Kafka one). */
public final class RecordingAuditTrail implements AuditTrail {

    private final AuditBuffer buffer = new AuditBuffer(10_000);

    @Override
    public AuditEvent record(AuditEntry e) {
        AuditEvent event = AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setActor(e.actor())
                .setActorRole(e.actorRole())
                .setActorDepartments(e.actorDepartments())
                .setAuthenticatedBy(e.authenticatedBy())
                .setClientAddress(e.clientAddress())
                .setAction(e.action())
                .setTarget(e.target())
                .setOutcome(e.outcome())
                .setDetail(e.detail())
                .setBefore(e.before())
                .setAfter(e.after())
                .build();
        buffer.add(event);
        return event;
    }

    @Override
    public List<AuditEvent> recent(String actor, String action, String target, int limit) {
        return buffer.recent(actor, action, target, limit);
    }
}
