package city.ordos.plan.api;

import city.ordos.plan.alerts.notify.AckRegistry;
import city.ordos.plan.alerts.notify.Silence;
import city.ordos.plan.alerts.notify.SilenceJournal;
import city.ordos.plan.alerts.notify.SilenceRegistry;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.dashboard.DashboardStream;
import city.ordos.plan.metrics.AppMetrics;
import city.ordos.plan.reports.ReportDocuments;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * instance ({@code scope=local} asks one instance for its own share only).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Set<HandlerType> METHODS =
            EnumSet.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    /**
     * @param host       interface to bind (127.0.0.1 by default: the embedded mode is a local tool)
     * @param port       port, 0 for any free one
     * @param adminToken bearer token for endpoints that change state; null or blank refuses them all
     * @param planId     the plan whose goals {@code /api/goals/{goalId}} names
     */
    public record Settings(String host, int port, String adminToken, String planId) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(planId, "planId");
        }
    }

    /** Where the pieces the server reads live. */
    public record Parts(
            GoalState goals,
            HistoryBuffer history,
            AlertBoard alerts,
            CatalogView catalog,
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
    private final Forwarder forwarder;
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private final TimeTravelRoutes timeTravel;
    private Javalin app;

    public ApiServer(Settings settings, Parts parts, ObjectMapper json) {
        this.settings = settings;
        this.parts = parts;
        this.json = json;
        this.forwarder = new Forwarder(json);
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
            });
            config.events(events -> events.handlerAdded(info -> {
                if (METHODS.contains(info.getHttpMethod())) {
                    routes.add(info.getHttpMethod().name() + " " + info.getPath());
                }
            }));
        });
        app.before(ctx -> ctx.attribute("ordos.t0", System.nanoTime()));
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
                Forwarder.ForwardFailedException.class,
                (e, ctx) -> ctx.status(502).json(new Views.Problem(502, e.getMessage())));
        app.exception(
                StreamsTimelineShare.TooLargeException.class,
                (e, ctx) -> ctx.status(422).json(new Views.Problem(422, e.getMessage())));

        app.get("/health", this::health);
        app.get("/ready", this::ready);
        app.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(parts.metrics().scrape()));
        app.get("/api/goals", this::goals);
        app.get("/api/goals/{goalId}", this::goal);
        app.get("/api/goals/{goalId}/contributions", this::contributions);
        app.get("/api/alerts", ctx -> ctx.json(parts.alerts().snapshot()));
        app.get(
                "/api/catalog",
                ctx -> ctx.json(new Views.Catalog(parts.catalog().all().stream()
                        .map(Views.CatalogGoal::of)
                        .toList())));
        app.get("/api/silences", ctx -> ctx.json(silences()));
        app.post("/api/silences", this::addSilence);
        app.delete("/api/silences/{goalId}", this::liftSilence);
        new AckRoutes(parts.acks(), parts.alerts(), this::requireToken, Clock.systemUTC()).register(app);
        app.get("/api/dashboard", this::dashboard);
        app.sse("/api/stream", parts.dashboard()::join);
        timeTravel.register(app);
        DrillDownRoutes pages = new DrillDownRoutes(parts.timeTravel(), timeTravel, () -> fanOut().goals());
        pages.register(app);
        new ExportRoutes(parts.timeTravel(), timeTravel, pages).register(app);
        new ReportRoutes(parts.reports(), parts.reportDocuments(), parts.timeTravel(), this::requireToken)
                .register(app);
        app.start(settings.host(), settings.port());
        LOG.info("HTTP server on {}:{} with routes {}", settings.host(), app.port(), routes);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every method + path registered with Javalin (docs/openapi.yaml must list exactly these). */
    public List<String> routes() {
        return List.copyOf(routes);
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
                                        + URLEncoder.encode(plan(ctx), StandardCharsets.UTF_8),
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
        requireToken(ctx);
        Views.SilenceRequest req = ctx.bodyAsClass(Views.SilenceRequest.class);
        if (req.goalId() == null || req.goalId().isBlank() || req.until() == null) {
            throw new BadRequestResponse("a silence needs goalId and until (ISO-8601 instant)");
        }
        Instant until;
        try {
            until = Instant.parse(req.until());
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse("until must be an ISO-8601 instant such as 2025-09-30T09:00:00Z");
        }
        String key = req.goalId().contains("/") ? req.goalId() : OrdosTopics.goalKey(settings.planId(), req.goalId());
        parts.silences().silence(new Silence(key, until, req.reason(), req.createdBy()));
        LOG.info("silence set for {} until {} by '{}'", key, until, req.createdBy());
        ctx.status(201).json(silences());
    }

    private void liftSilence(Context ctx) {
        requireToken(ctx);
        String key = goalKey(ctx);
        if (!parts.silences().lift(key)) {
            throw new NotFoundResponse("no silence for " + key);
        }
        LOG.info("silence lifted for {}", key);
        ctx.json(silences());
    }

    private void requireToken(Context ctx) {
        String token = settings.adminToken();
        if (token == null || token.isBlank()) {
            throw new ForbiddenResponse("changes are disabled: no admin token is configured (ordos.api.admin-token)");
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : "";
        if (!MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("a valid bearer token is required");
        }
    }

    private String goalKey(Context ctx) {
        return OrdosTopics.goalKey(plan(ctx), ctx.pathParam("goalId"));
    }

    private String plan(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("plan")).orElse(settings.planId());
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
        Timer.builder("ordos.http.requests")
                .description("HTTP requests served")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(parts.metrics().registry())
                .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
