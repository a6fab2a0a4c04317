package city.ordos.plan.api;

import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.alerts.notify.Silence;
import city.ordos.plan.alerts.notify.SilenceJournal;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.audit.AuditEntry;
import city.ordos.plan.audit.AuditRoutes;
import city.ordos.plan.audit.AuditTrail;
import city.ordos.plan.auth.Access;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.AuthRoutes;
import city.ordos.plan.auth.Json;
import city.ordos.plan.auth.Principal;
import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.dashboard.DashboardStream;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.reports.ReportDocuments;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.web.JsonBody;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the application: query API, live dashboard (static files + SSE), health,
 * readiness and Prometheus metrics, on one Javalin server. Routes and shapes: docs/openapi.yaml.
 *
 * <p>Goal reads are interactive queries: an instance answers from its own stores for goals it
 * owns and forwards the request to the owner otherwise (by key metadata); lists fan out to every
 * instance ({@code scope=local} asks one instance for its own share only). A goal's current figure
 * is read nowhere else (the per-goal gauges included); history, alerts and the catalog come from
 * the live feed (docs/adr/0010-one-read-model-per-fact.md).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Set<HandlerType> METHODS =
            EnumSet.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    /**
     * @param host       interface to bind (127.0.0.1 by default: the embedded mode is a local tool)
     * @param port       port, 0 for any free one
     * @param adminToken the shared API token (docs/security.md): a bearer with it acts as an
     *                   administrator; instances also present it to each other when forwarding reads
     * @param planId     the plan whose goals {@code /api/goals/{goalId}} names
     * @param frameAncestors which pages may frame the dashboard (CSP source list, see {@link SecurityHeaders})
     */
    public record Settings(String host, int port, String adminToken, String planId, String frameAncestors) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(planId, "planId");
        }

        /** Framed only by the dashboard's own origin. */
        public Settings(String host, int port, String adminToken, String planId) {
            this(host, port, adminToken, planId, SecurityHeaders.SAME_ORIGIN);
        }
    }

    /** Longest goal id, reason and author a silence may carry (characters). */
    static final int MAX_GOAL_ID = 200;

    static final int MAX_REASON = 1000;
    static final int MAX_CREATED_BY = 200;

    /** Where the pieces the server reads live. */
    public record Parts(
            GoalState goals,
            HistoryBuffer history,
            AlertBoard alerts,
            CatalogView catalog,
            DeadLetterLog deadLetters,
            SilenceRegistry silences,
            AckRegistry acks,
            Supplier<KafkaStreams.State> streamsState,
            AppMetrics metrics,
            DashboardStream dashboard,
            TimeTravel timeTravel,
            ReportService reports,
            ReportDocuments reportDocuments) {}

    private final Settings settings;
    private final Parts parts;
    private final ObjectMapper json;
    private final ApiSecurity security;
    private final List<ApiExtension> extensions;
    private final Forwarder forwarder;
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private final TimeTravelRoutes timeTravel;
    private Javalin app;

    public ApiServer(Settings settings, Parts parts, ObjectMapper json, ApiSecurity security) {
        this(settings, parts, json, security, List.of());
    }

    /** @param extensions routes other modules add (web reporting), registered after the API's own */
    public ApiServer(
            Settings settings, Parts parts, ObjectMapper json, ApiSecurity security, List<ApiExtension> extensions) {
        this.extensions = List.copyOf(extensions);
        this.settings = settings;
        this.parts = parts;
        this.json = json;
        this.security = security;
        this.forwarder = new Forwarder(json, settings.adminToken());
        this.timeTravel = new TimeTravelRoutes(parts.timeTravel(), settings.planId());
    }

    public synchronized ApiServer start() {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = Location.CLASSPATH;
                // The page and its scripts are public; what they read goes through the API's rules.
                files.roles = Set.of(Access.PUBLIC);
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/webjars";
                files.directory = "/META-INF/resources/webjars";
                files.location = Location.CLASSPATH;
                // Swagger UI's scripts and styles for /api/docs.
                files.roles = Set.of(Access.PUBLIC);
            });
            config.events(events -> events.handlerAdded(info -> {
                if (METHODS.contains(info.getHttpMethod())) {
                    routes.add(info.getHttpMethod().name() + " " + info.getPath());
                }
            }));
        });
        app.before(ctx -> ctx.attribute("ordos.t0", System.nanoTime()));
        app.before(new SecurityHeaders(settings.frameAncestors())::apply);
        security.install(app);
        app.after(this::recordRequest);
        app.exception(GoalState.StateUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            ctx.status(503).json(new Views.Problem(503, e.getMessage()));
        });
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> ctx.status(e.getStatus()).json(new Views.Problem(e.getStatus(), e.getMessage())));
        app.exception(
                SilenceJournal.NotRecordedException.class,
                (e, ctx) -> ctx.status(503).json(new Views.Problem(503, e.getMessage())));
        app.exception(
                AuditTrail.NotRecordedException.class,
                (e, ctx) -> ctx.status(503).json(new Views.Problem(503, e.getMessage())));
        app.exception(
                Forwarder.ForwardFailedException.class,
                (e, ctx) -> ctx.status(502).json(new Views.Problem(502, e.getMessage())));
        app.exception(
                StreamsTimelineShare.TooLargeException.class,
                (e, ctx) -> ctx.status(422).json(new Views.Problem(422, e.getMessage())));

        // Every route names the least role it needs (docs/security.md); one without is refused to all.
        app.get("/health", this::health, Access.PUBLIC);
        app.get("/ready", this::ready, Access.PUBLIC);
        app.get("/metrics", this::metrics, Access.PUBLIC);
        new ApiDocsRoutes().register(app);
        app.get("/api/goals", this::goals, Role.VIEWER);
        app.get("/api/goals/{goalId}", this::goal, Role.VIEWER);
        app.get("/api/goals/{goalId}/contributions", this::contributions, Role.VIEWER);
        app.get("/api/alerts", ctx -> ctx.json(parts.alerts().snapshot()), Role.VIEWER);
        app.get(
                "/api/catalog",
                ctx -> ctx.json(new Views.Catalog(parts.catalog().all().stream()
                        .map(Views.CatalogGoal::of)
                        .toList())),
                Role.VIEWER);
        app.get("/api/silences", ctx -> ctx.json(silences()), Role.VIEWER);
        app.post("/api/silences", this::addSilence, Role.OPERATOR);
        app.delete("/api/silences/{goalId}", this::liftSilence, Role.OPERATOR);
        new AckRoutes(parts.acks(), parts.alerts(), parts.catalog(), security, Clock.systemUTC()).register(app);
        app.get("/api/dashboard", this::dashboard, Role.VIEWER);
        app.sse("/api/stream", parts.dashboard()::join, Role.VIEWER);
        new AuthRoutes(security).register(app);
        new AuditRoutes(security.audit()).register(app);
        app.get("/api/dead-letters", this::deadLetters, Role.OPERATOR);
        extensions.forEach(extension ->
                extension.register(app, security, parts.timeTravel().settings().now()));
        timeTravel.register(app);
        DrillDownRoutes pages = new DrillDownRoutes(parts.timeTravel(), timeTravel, () -> fanOut().goals());
        pages.register(app);
        new ExportRoutes(parts.timeTravel(), timeTravel, pages).register(app);
        new ReportRoutes(parts.reports(), parts.reportDocuments(), parts.timeTravel(), security).register(app);
        app.start(settings.host(), settings.port());
        LOG.info("HTTP server on {}:{} ({} routes)", settings.host(), app.port(), routes.size());
        LOG.debug("Routes: {}", routes);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every method + path registered with Javalin (docs/openapi.yaml must list exactly these). */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** The dead letters, counted by reason and component, the latest listed (docs/reliability.md). */
    private void deadLetters(Context ctx) {
        int limit = TimeTravelRoutes.limit(ctx, 100, 1000);
        ctx.json(parts.deadLetters().page(filter(ctx, "reason"), filter(ctx, "component"), limit));
    }

    private static String filter(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private void health(Context ctx) {
        KafkaStreams.State state = parts.streamsState().get();
        boolean alive = state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_SHUTDOWN;
        ctx.status(alive ? 200 : 503).json(new Views.Health(alive ? "UP" : "DOWN", state.name()));
    }

    private void ready(Context ctx) {
        // REBALANCING covers restoring too: Kafka Streams leaves it only when every active task is restored.
        KafkaStreams.State state = parts.streamsState().get();
        boolean ready = state == KafkaStreams.State.RUNNING;
        ctx.status(ready ? 200 : 503).json(new Views.Health(ready ? "READY" : "NOT_READY", state.name()));
    }

    /**
     * The Prometheus scrape. The per-goal gauges are set from this instance's progress store first:
     * a goal's current figure has one source (ADR 0010), the gauges of goals owned elsewhere are
     * exported by their owners.
     */
    private void metrics(Context ctx) {
        List<GoalProgress> owned;
        try {
            owned = parts.goals().localProgress();
        } catch (GoalState.StateUnavailableException rebalancing) {
            // Which goals are ours is being decided: export none until it is, rather than figures
            // another instance may own by now. The next scrape shows them again.
            LOG.info("per-goal gauges left out of this scrape: {}", rebalancing.getMessage());
            owned = List.of();
        }
        parts.metrics().goals().show(owned);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(parts.metrics().scrape());
    }

    private void goals(Context ctx) {
        GoalFilter filter = GoalFilter.of(ctx);
        if (timeTravel.goals(ctx, filter)) {
            return;
        }
        boolean localOnly = "local".equals(ctx.queryParam("scope")) || forwarded(ctx);
        Views.GoalList all = localOnly ? local() : fanOut();
        ctx.json(new Views.GoalList(filter.apply(all.goals()), all.instances(), all.complete()));
    }

    private Views.GoalList local() {
        List<Views.GoalView> goals = parts.goals().localProgress().stream()
                .map(Views.GoalView::of)
                .sorted(Comparator.comparing(Views.GoalView::key))
                .toList();
        return new Views.GoalList(goals, 1, true);
    }

    private Views.GoalList fanOut() {
        Map<String, Views.GoalView> byKey = new LinkedHashMap<>();
        List<GoalState.Instance> instances = parts.goals().instances();
        boolean complete = true;
        for (GoalState.Instance instance : instances) {
            List<Views.GoalView> share;
            if (instance.equals(parts.goals().self())) {
                share = local().goals();
            } else {
                try {
                    share = forwarder
                            .get(instance, "/api/goals?scope=local", Views.GoalList.class)
                            .goals();
                } catch (Forwarder.ForwardFailedException e) {
                    LOG.warn("goal list without the share of {}: {}", instance, e.getMessage());
                    complete = false;
                    continue;
                }
            }
            // During a rebalance two instances may briefly both hold a goal; the newer figure wins.
            for (Views.GoalView g : share) {
                byKey.merge(g.key(), g, (a, b) -> a.computedAt().compareTo(b.computedAt()) >= 0 ? a : b);
            }
        }
        List<Views.GoalView> goals = new ArrayList<>(byKey.values());
        goals.sort(Comparator.comparing(Views.GoalView::key));
        return new Views.GoalList(goals, instances.size(), complete);
    }

    private void goal(Context ctx) {
        String key = goalKey(ctx);
        if (timeTravel.goal(ctx, key) || forwardIfElsewhere(ctx, key)) {
            return;
        }
        GoalProgress p =
                parts.goals().localProgress(key).orElseThrow(() -> new NotFoundResponse("no progress for goal " + key));
        ctx.json(Views.GoalDetail.of(p, parts.history().history(key)));
    }

    /**
     * Contributions live with the sources (the input tasks, partitioned by source), not with the
     * goal: the goal's owner answers with its progress and gathers every instance's share;
     * {@code scope=local} asks one instance for its share alone.
     */
    private void contributions(Context ctx) {
        String key = goalKey(ctx);
        if ("local".equals(ctx.queryParam("scope"))) {
            String unit = parts.catalog()
                    .get(key)
                    .map(GoalDefinition::getUnit)
                    .orElseThrow(() -> new NotFoundResponse("no goal " + key + " in the catalog"));
            ctx.json(new Views.GoalContributions(key, unit, null, parts.goals().localContributions(key)));
            return;
        }
        if (forwardIfElsewhere(ctx, key)) {
            return;
        }
        GoalProgress p =
                parts.goals().localProgress(key).orElseThrow(() -> new NotFoundResponse("no progress for goal " + key));
        List<Views.Contribution> all = new ArrayList<>();
        for (GoalState.Instance instance : parts.goals().instances()) {
            if (instance.equals(parts.goals().self())) {
                all.addAll(parts.goals().localContributions(key));
            } else {
                // A missing share would show a list that does not add up to the actual: fail instead (502).
                all.addAll(forwarder
                        .get(
                                instance,
                                ctx.path() + "?scope=local&plan="
                                        + URLEncoder.encode(key.substring(0, key.indexOf('/')), StandardCharsets.UTF_8),
                                Views.GoalContributions.class)
                        .contributions());
            }
        }
        ctx.json(Views.GoalContributions.of(p, all));
    }

    /** Sends the request on to the goal's owner; true if it did (the answer is already in ctx). */
    private boolean forwardIfElsewhere(Context ctx, String key) {
        if (forwarded(ctx)) {
            return false;
        }
        GoalState.Instance owner = parts.goals()
                .ownerOf(key)
                .orElseThrow(() -> new GoalState.StateUnavailableException(
                        "no instance owns " + key + " right now (rebalancing)", null));
        if (owner.equals(parts.goals().self())) {
            return false;
        }
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        Forwarder.Answer answer = forwarder.forward(owner, ctx.path() + query);
        ctx.status(answer.status())
                .contentType("application/json")
                .header("X-Ordos-Served-By", owner.toString())
                .result(answer.body());
        return true;
    }

    private void dashboard(Context ctx) {
        if (timeTravel.dashboard(ctx)) {
            return;
        }
        Views.GoalList goals = fanOut();
        String latest = goals.goals().stream()
                .map(Views.GoalView::latestEventTime)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
        ctx.json(new Views.DashboardSnapshot(
                goals.goals(),
                parts.history().all(),
                parts.alerts().snapshot().recent(),
                parts.catalog().all().stream().map(Views.CatalogGoal::of).toList(),
                latest,
                goals.complete()));
    }

    private Views.SilenceList silences() {
        return new Views.SilenceList(parts.silences().active().stream()
                .map(s -> new Views.SilenceView(s.goalKey(), s.until().toString(), s.reason(), s.createdBy()))
                .toList());
    }

    private void addSilence(Context ctx) {
        Principal who = security.principal(ctx);
        Views.SilenceRequest req = silenceRequest(ctx);
        if (req.goalId() == null || req.goalId().isBlank() || req.until() == null) {
            throw new BadRequestResponse("a silence needs goalId and until (ISO-8601 instant)");
        }
        requireAtMost("goalId", req.goalId(), MAX_GOAL_ID);
        requireAtMost("reason", req.reason(), MAX_REASON);
        requireAtMost("createdBy", req.createdBy(), MAX_CREATED_BY);
        Instant until;
        try {
            until = Instant.parse(req.until());
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse("until must be an ISO-8601 instant such as 2025-09-30T09:00:00Z");
        }
        String key = req.goalId().contains("/") ? req.goalId() : OrdosTopics.goalKey(settings.planId(), req.goalId());
        if (parts.catalog().get(key).isEmpty()) {
            throw new BadRequestResponse("no goal " + key + " in the catalog: a silence must name a goal");
        }
        // Who set it is the signed-in person; automation with the API token may say on whose behalf.
        String createdBy = who.via() == Principal.Via.API_TOKEN
                        && req.createdBy() != null
                        && !req.createdBy().isBlank()
                ? who.name() + " for " + req.createdBy()
                : who.name();
        Views.SilenceView before = silenceOf(key);
        parts.silences().silence(new Silence(key, until, req.reason(), createdBy));
        LOG.info("silence set for {} until {} by '{}'", key, until, createdBy);
        security.audit()
                .record(AuditEntry.by(who, security.clientAddress(ctx), "SILENCE_SET", key, AuditEntry.OK)
                        .withDetail(req.reason() == null ? "" : req.reason())
                        .withChange(Json.of(before), Json.of(silenceOf(key))));
        ctx.status(201).json(silences());
    }

    private static Views.SilenceRequest silenceRequest(Context ctx) {
        return JsonBody.read(ctx, Views.SilenceRequest.class, "a JSON object {goalId, until, reason, createdBy}");
    }

    private static void requireAtMost(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new BadRequestResponse(
                    field + " is " + value.length() + " characters long; at most " + max + " are accepted");
        }
    }

    private void liftSilence(Context ctx) {
        Principal who = security.principal(ctx);
        String key = goalKey(ctx);
        Views.SilenceView before = silenceOf(key);
        if (!parts.silences().lift(key)) {
            throw new NotFoundResponse("no silence for " + key);
        }
        LOG.info("silence lifted for {} by '{}'", key, who.name());
        security.audit()
                .record(AuditEntry.by(who, security.clientAddress(ctx), "SILENCE_LIFTED", key, AuditEntry.OK)
                        .withChange(Json.of(before), null));
        ctx.json(silences());
    }

    private Views.SilenceView silenceOf(String key) {
        return silences().silences().stream()
                .filter(s -> s.goalKey().equals(key))
                .findFirst()
                .orElse(null);
    }

    private String goalKey(Context ctx) {
        return TimeTravelRoutes.goalKey(ctx, settings.planId());
    }

    private static boolean forwarded(Context ctx) {
        return ctx.header(Forwarder.FORWARDED_HEADER) != null;
    }

    private void recordRequest(Context ctx) {
        Long t0 = ctx.attribute("ordos.t0");
        if (t0 == null || ctx.path().equals("/api/stream")) {
            return;
        }
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException noEndpoint) {
            route = "unmatched";
        }
        // Micrometer's (and Spring's) name and tags, so stock HTTP dashboards and alerts apply.
        int status = ctx.statusCode();
        Timer.builder("http.server.requests")
                .description("HTTP requests served")
                .tag("method", ctx.method().name())
                .tag("uri", route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(parts.metrics().registry())
                .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
