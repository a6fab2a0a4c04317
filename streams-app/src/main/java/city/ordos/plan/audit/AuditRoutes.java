package city.ordos.plan.audit;

import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.AuditEvent;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** The audit trail through the API, for the monitoring centre (docs/openapi.yaml: GET /api/audit). */
public final class AuditRoutes {

    public static final int MAX_LIMIT = 1000;

    /** One record as the API shows it. */
    public record AuditView(
            String eventId,
            String occurredAt,
            String actor,
            String actorRole,
            List<String> actorDepartments,
            String authenticatedBy,
            String clientAddress,
            String action,
            String target,
            String outcome,
            String detail,
            String before,
            String after) {

        static AuditView of(AuditEvent e) {
            return new AuditView(
                    e.getEventId(),
                    e.getOccurredAt().toString(),
                    e.getActor(),
                    e.getActorRole(),
                    List.copyOf(e.getActorDepartments()),
                    e.getAuthenticatedBy(),
                    e.getClientAddress(),
                    e.getAction(),
                    e.getTarget(),
                    e.getOutcome(),
                    e.getDetail(),
                    e.getBefore(),
                    e.getAfter());
        }
    }

    public record AuditList(List<AuditView> events) {}

    private final AuditTrail trail;

    public AuditRoutes(AuditTrail trail) {
        this.trail = trail;
    }

    public void register(Javalin app) {
        app.get("/api/audit", this::list, Role.OPERATOR);
    }

    private void list(Context ctx) {
        int limit;
        try {
            limit = Integer.parseInt(
                    Optional.ofNullable(ctx.queryParam("limit")).orElse("200"));
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("limit must be a whole number");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestResponse("limit must be between 1 and " + MAX_LIMIT);
        }
        ctx.json(new AuditList(
                trail
                        .recent(ctx.queryParam("actor"), ctx.queryParam("action"), ctx.queryParam("target"), limit)
                        .stream()
                        .map(AuditView::of)
                        .toList()));
    }
}
