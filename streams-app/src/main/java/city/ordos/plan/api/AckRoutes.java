package city.ordos.plan.api;

import city.ordos.plan.alerts.notify.Ack;
import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.topics.OrdosTopics;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgement of alert episodes: {@code GET /api/acks}, {@code POST /api/acks} (an open episode,
 * with a note), {@code DELETE /api/acks?alertId=…}. Changes need the admin token; who acknowledged
 * is the {@code by} of the request today, and will be the signed-in user once there is sign-in
 * ({@link #actor}).
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

    /** {@code sequence}, when given, must be the episode's latest update: acknowledging what one saw, not what came since. */
    record AckRequest(String alertId, Integer sequence, String note, String by) {}

    private final AckRegistry acks;
    private final AlertBoard alerts;
    private final Consumer<Context> requireToken;
    private final Clock clock;

    AckRoutes(AckRegistry acks, AlertBoard alerts, Consumer<Context> requireToken, Clock clock) {
        this.acks = acks;
        this.alerts = alerts;
        this.requireToken = requireToken;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/acks", ctx -> ctx.json(list()));
        app.post("/api/acks", this::acknowledge);
        app.delete("/api/acks", this::withdraw);
    }

    private AckList list() {
        return new AckList(acks.all().stream().map(AckView::of).toList());
    }

    private void acknowledge(Context ctx) {
        requireToken.accept(ctx);
        AckRequest req = ctx.bodyAsClass(AckRequest.class);
        if (req.alertId() == null || req.alertId().isBlank()) {
            throw new BadRequestResponse("an acknowledgement needs the alertId of an open alert");
        }
        GoalAlert open =
                alerts.active(req.alertId()).orElseThrow(() -> new NotFoundResponse("no open alert " + req.alertId()));
        if (req.sequence() != null && req.sequence() != open.getSequence()) {
            throw new ConflictResponse("alert " + req.alertId() + " changed since update " + req.sequence()
                    + " (now update " + open.getSequence() + ", " + open.getState() + "): look again");
        }
        Ack ack = new Ack(
                open.getAlertId(),
                OrdosTopics.goalKey(open.getPlanId(), open.getGoalId()),
                open.getSequence(),
                req.note(),
                actor(ctx, req.by()),
                clock.instant());
        acks.acknowledge(ack);
        LOG.info(
                "alert {}#{} acknowledged by '{}': {}",
                ack.alertId(),
                ack.sequence(),
                ack.acknowledgedBy(),
                ack.note());
        ctx.status(201).json(list());
    }

    private void withdraw(Context ctx) {
        requireToken.accept(ctx);
        String alertId = ctx.queryParam("alertId");
        if (alertId == null || alertId.isBlank()) {
            throw new BadRequestResponse("name the acknowledged alert: ?alertId=…");
        }
        if (!acks.withdraw(alertId)) {
            throw new NotFoundResponse("no acknowledgement of " + alertId);
        }
        LOG.info("acknowledgement of {} withdrawn", alertId);
        ctx.json(list());
    }

    /** Who acts: the name given with the admin token, until sign-in gives the user. */
    private static String actor(Context ctx, String claimed) {
        if (claimed == null || claimed.isBlank()) {
            throw new BadRequestResponse("say who acknowledges ('by')");
        }
        return claimed.strip();
    }
}
