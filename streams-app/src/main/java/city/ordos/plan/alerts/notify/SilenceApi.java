package city.ordos.plan.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * HTTP endpoints over a {@link SilenceRegistry}, protected by a bearer token, for whichever
 * server hosts them (the notifier process, or the query API when the notifier runs in the app):
 *
 * <pre>
 * GET    {base}                   active silences
 * POST   {base}                   {"goal":"ordos-2025/gdp-growth","until":"2026-02-01T09:00:00+08:00","reason":"…","createdBy":"…"}
 * DELETE {base}/{planId}/{goalId} lift a silence
 * </pre>
 * Every request needs {@code Authorization: Bearer <token>}; without a token nothing is registered.
 */
public final class SilenceApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SilenceRegistry registry;
    private final byte[] expectedAuthorization;

    private SilenceApi(SilenceRegistry registry, String token) {
        this.registry = registry;
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Registers the endpoints under {@code basePath} (e.g. {@code /api/silences}). */
    public static void register(Javalin app, String basePath, SilenceRegistry registry, String token) {
        Objects.requireNonNull(registry, "registry");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the silence API needs a token; refusing to expose it unprotected");
        }
        SilenceApi api = new SilenceApi(registry, token);
        app.before(basePath, api::authenticate);
        app.before(basePath + "/*", api::authenticate);
        app.get(basePath, api::list);
        app.post(basePath, api::create);
        app.delete(basePath + "/{planId}/{goalId}", api::lift);
    }

    private void authenticate(Context ctx) {
        String given = ctx.header("Authorization");
        if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.skipRemainingHandlers();
            reply(ctx, 401, error("a valid bearer token is required"));
        }
    }

    private void list(Context ctx) {
        ArrayNode all = JSON.createArrayNode();
        registry.active().forEach(s -> all.add(json(s)));
        reply(ctx, 200, all);
    }

    private void create(Context ctx) {
        Silence silence;
        try {
            JsonNode body = JSON.readTree(ctx.body());
            silence = new Silence(required(body, "goal"), OffsetDateTime.parse(required(body, "until")).toInstant(),
                    body.path("reason").asText(""), body.path("createdBy").asText("api"));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            reply(ctx, 400, error("bad silence: " + e.getMessage()
                    + " (expected {\"goal\":\"planId/goalId\",\"until\":\"2026-02-01T09:00:00+08:00\",\"reason\":\"…\"})"));
            return;
        }
        try {
            registry.silence(silence);
        } catch (SilenceJournal.NotRecordedException e) {
            reply(ctx, 503, error(e.getMessage()));
            return;
        }
        reply(ctx, 201, json(silence));
    }

    private void lift(Context ctx) {
        String goal = ctx.pathParam("planId") + "/" + ctx.pathParam("goalId");
        boolean lifted;
        try {
            lifted = registry.lift(goal);
        } catch (SilenceJournal.NotRecordedException e) {
            reply(ctx, 503, error(e.getMessage()));
            return;
        }
        if (lifted) {
            ctx.status(204);
        } else {
            reply(ctx, 404, error("no silence for " + goal));
        }
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value.asText();
    }

    private static ObjectNode json(Silence s) {
        return JSON.createObjectNode()
                .put("goal", s.goalKey())
                .put("until", s.until().toString())
                .put("reason", s.reason())
                .put("createdBy", s.createdBy());
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void reply(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(body.toString());
    }
}
