package city.ordos.plan.api;

import city.ordos.plan.alerts.notify.Ack;
import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.audit.AuditEntry;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.Principal;
import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.web.JsonBody;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgement of alert episodes: {@code GET /api/acks}, {@code POST /api/acks} (an open episode,
 * with a note), {@code DELETE /api/acks?alertId=…}. Changes need a reporter of the goal's department
 * (or an operator); who acknowledged is the signed-in person, and each change is audited.
 */
final class AckRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AckRoutes.class);

    /** What the API shows of an acknowledgement. */
    record AckView(
            String alertId, String goalKey, int sequence, String note, String acknowledgedBy, String acknowledgedAt) {
        static AckView of(Ack a) {
            return new AckView(
                    a.alertId(),
                    a.goalKey(),
                    a.sequence(),
                    a.note(),
                    a.acknowledgedBy(),
                    a.acknowledgedAt().toString());
        }
    }

    record AckList(List<AckView> acks) {}

    /**
     * {@code sequence}, when given, must be the episode's latest update: acknowledging what one saw,
     * not what came since. {@code by} is ignored (kept so older clients still work): the signed-in
     * person acknowledges.
     */
    record AckRequest(String alertId, Integer sequence, String note, String by) {}

    private final AckRegistry acks;
    private final AlertBoard alerts;
    private final CatalogView catalog;
    private final ApiSecurity security;
    private final Clock clock;

    AckRoutes(AckRegistry acks, AlertBoard alerts, CatalogView catalog, ApiSecurity security, Clock clock) {
        this.acks = acks;
        this.alerts = alerts;
        this.catalog = catalog;
        this.security = security;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/acks", ctx -> ctx.json(list()), Role.VIEWER);
        app.post("/api/acks", this::acknowledge, Role.REPORTER);
        app.delete("/api/acks", this::withdraw, Role.REPORTER);
    }

    private AckList list() {
        return new AckList(acks.all().stream().map(AckView::of).toList());
    }

    private void acknowledge(Context ctx) {
        AckRequest req = JsonBody.read(ctx, AckRequest.class, "a JSON object {alertId, sequence, note}");
        if (req.alertId() == null || req.alertId().isBlank()) {
            throw new BadRequestResponse("an acknowledgement needs the alertId of an open alert");
        }
        GoalAlert open =
                alerts.active(req.alertId()).orElseThrow(() -> new NotFoundResponse("no open alert " + req.alertId()));
        if (req.sequence() != null && req.sequence() != open.getSequence()) {
            throw new ConflictResponse("alert " + req.alertId() + " changed since update " + req.sequence()
                    + " (now update " + open.getSequence() + ", " + open.getState() + "): look again");
        }
        String goalKey = OrdosTopics.goalKey(open.getPlanId(), open.getGoalId());
        Principal who = security.requireDepartment(ctx, departmentOf(goalKey));
        Ack ack = new Ack(open.getAlertId(), goalKey, open.getSequence(), req.note(), who.name(), clock.instant());
        acks.acknowledge(ack);
        security.audit()
                .record(AuditEntry.by(
                                who, security.clientAddress(ctx), "ALERT_ACKNOWLEDGED", ack.alertId(), AuditEntry.OK)
                        .withDetail("update " + ack.sequence() + (ack.note() == null ? "" : ": " + ack.note())));
        LOG.info(
                "alert {}#{} acknowledged by '{}': {}",
                ack.alertId(),
                ack.sequence(),
                ack.acknowledgedBy(),
                ack.note());
        ctx.status(201).json(list());
    }

    private void withdraw(Context ctx) {
        String alertId = ctx.queryParam("alertId");
        if (alertId == null || alertId.isBlank()) {
            throw new BadRequestResponse("name the acknowledged alert: ?alertId=…");
        }
        Ack existing = acks.all().stream()
                .filter(a -> a.alertId().equals(alertId))
                .findFirst()
                .orElseThrow(() -> new NotFoundResponse("no acknowledgement of " + alertId));
        Principal who = security.requireDepartment(ctx, departmentOf(existing.goalKey()));
        if (!acks.withdraw(alertId)) {
            throw new NotFoundResponse("no acknowledgement of " + alertId);
        }
        security.audit()
                .record(AuditEntry.by(who, security.clientAddress(ctx), "ACK_WITHDRAWN", alertId, AuditEntry.OK)
                        .withDetail("was by " + existing.acknowledgedBy()));
        LOG.info("acknowledgement of {} withdrawn by '{}'", alertId, who.name());
        ctx.json(list());
    }

    /** The goal's department from the catalog; a goal the catalog does not know is answered for by operators only. */
    private String departmentOf(String goalKey) {
        return catalog.get(goalKey).map(d -> d.getDepartment()).orElse("");
    }
}
