package city.ordos.plan.api;

import city.ordos.plan.auth.Role;
import city.ordos.plan.topics.OrdosTopics;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Past moments on the query API: {@code asOf} / {@code knownAt} on the goal list, a goal and the
 * dashboard snapshot (answered here instead of from the live stores), a goal's sources,
 * restatements and history for any day, and the instance-to-instance routes under
 * {@value TimeTravel#INTERNAL} through which the instance asked gathers every other one's share.
 */
final class TimeTravelRoutes {

    private final TimeTravel timeTravel;
    private final String defaultPlan;

    TimeTravelRoutes(TimeTravel timeTravel, String defaultPlan) {
        this.timeTravel = timeTravel;
        this.defaultPlan = defaultPlan;
    }

    void register(Javalin app) {
        TimelineShare local = timeTravel.local();
        app.get(TimeTravel.INTERNAL + "/totals", ctx -> ctx.json(local.totalsThrough(date(ctx, "date"))), Role.VIEWER);
        app.get(TimeTravel.INTERNAL + "/all-days", ctx -> ctx.json(local.allDays(date(ctx, "through"))), Role.VIEWER);
        app.get(
                TimeTravel.INTERNAL + "/days",
                ctx -> ctx.json(local.days(required(ctx, "goal"), date(ctx, "through"))),
                Role.VIEWER);
        app.get(
                TimeTravel.INTERNAL + "/sources",
                ctx -> ctx.json(local.sources(required(ctx, "goal"), date(ctx, "date"))),
                Role.VIEWER);
        app.get(
                TimeTravel.INTERNAL + "/restatements",
                ctx -> ctx.json(local.restatements(required(ctx, "goal"))),
                Role.VIEWER);
        app.get(
                TimeTravel.INTERNAL + "/shown",
                ctx -> ctx.json(local.shown(
                        timeTravel.catalog().all().stream().map(TimeTravel::key).toList(), instant(ctx, "knownAt"))),
                Role.VIEWER);
        app.get(
                TimeTravel.INTERNAL + "/shown-series",
                ctx -> ctx.json(local.shownSeries(required(ctx, "goal"), instant(ctx, "from"), instant(ctx, "to"))),
                Role.VIEWER);

        app.get("/api/goals/{goalId}/sources", this::sources, Role.VIEWER);
        app.get("/api/goals/{goalId}/restatements", this::restatements, Role.VIEWER);
        app.get("/api/goals/{goalId}/history", this::history, Role.VIEWER);
    }

    /** {@code GET /api/goals?asOf=|knownAt=}: false (not answered) without either. */
    boolean goals(Context ctx, GoalFilter filter) {
        Moment m = pastMoment(ctx);
        if (m == null) {
            return false;
        }
        List<Views.GoalView> goals = filter.apply(timeTravel.goals(m));
        ctx.json(new TimeViews.GoalListAt(m.view(), goals, 1, true));
        return true;
    }

    /** {@code GET /api/goals/{goalId}?asOf=|knownAt=}: false without either. */
    boolean goal(Context ctx, String goalKey) {
        Moment m = pastMoment(ctx);
        if (m == null) {
            return false;
        }
        Views.GoalView progress = timeTravel.goal(goalKey, m);
        List<Views.HistoryPoint> history = timeTravel.history(goalKey, m, timeTravel.firstDay(), timeTravel.lastDay(m));
        ctx.json(new TimeViews.GoalDetailAt(m.view(), progress, history, TimeViews.counties(progress)));
        return true;
    }

    /** {@code GET /api/dashboard?asOf=|knownAt=}: false without either. */
    boolean dashboard(Context ctx) {
        Moment m = pastMoment(ctx);
        if (m == null) {
            return false;
        }
        List<Views.GoalView> goals = timeTravel.goals(m);
        String latest = goals.stream()
                .map(Views.GoalView::latestEventTime)
                .filter(Objects::nonNull)
                .max(String::compareTo)
                .orElse(null);
        ctx.json(new TimeViews.DashboardAt(
                m.view(),
                goals,
                timeTravel.histories(m),
                timeTravel.openAlerts(m),
                timeTravel.catalog().all().stream().map(Views.CatalogGoal::of).toList(),
                latest,
                true));
        return true;
    }

    private void sources(Context ctx) {
        String key = goalKey(ctx);
        Moment m = moment(ctx);
        if (m instanceof Moment.KnownAt) {
            throw new BadRequestResponse("sources are kept as known today: ask for a plan day with asOf, not knownAt");
        }
        LocalDate day = timeTravel.lastDay(m);
        Views.GoalView progress = timeTravel.goal(key, m instanceof Moment.Live ? new Moment.AsOf(day) : m);
        List<TimelineShare.SourceView> sources = timeTravel.sources(key, day);
        int limit = limit(ctx, 1000, 100_000);
        ctx.json(new TimeViews.SourcesAt(
                m.view(),
                key,
                progress.unit(),
                progress.actual(),
                sources.size(),
                sources.subList(0, Math.min(limit, sources.size()))));
    }

    private void restatements(Context ctx) {
        String key = goalKey(ctx);
        ctx.json(new TimeViews.Restatements(key, timeTravel.restatements(key)));
    }

    private void history(Context ctx) {
        String key = goalKey(ctx);
        Moment m = moment(ctx);
        LocalDate last = timeTravel.lastDay(m);
        LocalDate from = optionalDate(ctx, "from", timeTravel.firstDay());
        LocalDate to = optionalDate(ctx, "to", last);
        if (from.getYear() != timeTravel.settings().calendar().year()
                || to.getYear() != timeTravel.settings().calendar().year()) {
            throw new BadRequestResponse("from and to must lie in plan year "
                    + timeTravel.settings().calendar().year() + ", were " + from + " and " + to);
        }
        if (from.isAfter(to)) {
            throw new BadRequestResponse("from " + from + " is after to " + to);
        }
        if (to.isAfter(last)) {
            throw new BadRequestResponse("to " + to + " is after the moment asked about (" + last + ")");
        }
        timeTravel.definition(key);
        ctx.json(timeTravel.history(key, m, from, to));
    }

    /** The moment of the request, live when none is named. */
    Moment moment(Context ctx) {
        return timeTravel.moment(ctx.queryParam(Moment.AS_OF), ctx.queryParam(Moment.KNOWN_AT));
    }

    private Moment pastMoment(Context ctx) {
        if (!Moment.asked(ctx.queryParam(Moment.AS_OF), ctx.queryParam(Moment.KNOWN_AT))) {
            return null;
        }
        return moment(ctx);
    }

    String goalKey(Context ctx) {
        return goalKey(ctx, defaultPlan);
    }

    /**
     * The goal a {@code /api/goals/{goalId}...} path names: a goal id in the {@code plan}
     * parameter's plan or the default, or a whole goal key ({@code ordos-2025%2Fgdp-growth}, the
     * {@code key} of every answer), whose plan the parameter must not contradict.
     */
    static String goalKey(Context ctx, String defaultPlan) {
        String named = ctx.pathParam("goalId");
        String plan = ctx.queryParam("plan");
        boolean planGiven = plan != null && !plan.isBlank();
        int slash = named.indexOf('/');
        if (slash < 0) {
            return OrdosTopics.goalKey(planGiven ? plan : defaultPlan, named);
        }
        if (planGiven && !plan.equals(named.substring(0, slash))) {
            throw new BadRequestResponse("the goal key '" + named + "' is not in plan '" + plan + "'");
        }
        return named;
    }

    static int limit(Context ctx, int fallback, int max) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1 || n > max) {
                throw new BadRequestResponse("limit must be between 1 and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("limit must be a number, was '" + text + "'");
        }
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw new BadRequestResponse("missing query parameter " + name);
        }
        return v;
    }

    private static LocalDate date(Context ctx, String name) {
        return parseDate(name, required(ctx, name));
    }

    private static LocalDate optionalDate(Context ctx, String name, LocalDate fallback) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? fallback : parseDate(name, v);
    }

    private static LocalDate parseDate(String name, String v) {
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse(name + " must be a date such as 2025-06-30, was '" + v + "'");
        }
    }

    private static Instant instant(Context ctx, String name) {
        String v = required(ctx, name);
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse(name + " must be an ISO-8601 instant, was '" + v + "'");
        }
    }
}
