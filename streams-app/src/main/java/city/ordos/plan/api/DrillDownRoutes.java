package city.ordos.plan.api;

import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.vocabulary.Counties;
import city.ordos.plan.vocabulary.Departments;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The pages a leader clicks through, for the live moment or any past one: a goal (plan sentence,
 * target and pace, history, counties, restatements, alert episodes), a county-level unit (every
 * goal with a value there), the departments and one department (its goals and open alerts), and
 * the major projects with search. Unknown goals, counties and departments are 404.
 */
final class DrillDownRoutes {

    private final TimeTravel timeTravel;
    private final TimeTravelRoutes moments;
    private final Supplier<List<Views.GoalView>> liveGoals;

    DrillDownRoutes(TimeTravel timeTravel, TimeTravelRoutes moments, Supplier<List<Views.GoalView>> liveGoals) {
        this.timeTravel = timeTravel;
        this.moments = moments;
        this.liveGoals = liveGoals;
    }

    void register(Javalin app) {
        app.get("/api/goals/{goalId}/page", ctx -> ctx.json(page(ctx)), Role.VIEWER);
        app.get(
                "/api/counties/{county}",
                ctx -> ctx.json(county(moments.moment(ctx), ctx.pathParam("county"))),
                Role.VIEWER);
        app.get("/api/departments", ctx -> ctx.json(departments(moments.moment(ctx))), Role.VIEWER);
        app.get(
                "/api/departments/{department}",
                ctx -> ctx.json(department(moments.moment(ctx), ctx.pathParam("department"))),
                Role.VIEWER);
        app.get("/api/projects", ctx -> ctx.json(projects(ctx)), Role.VIEWER);
    }

    TimeViews.GoalPage page(Context ctx) {
        String key = moments.goalKey(ctx);
        Moment m = moments.moment(ctx);
        GoalDefinition d = timeTravel.definition(key);
        Views.GoalView progress = timeTravel.goal(key, m);
        List<Views.HistoryPoint> history = timeTravel.history(key, m, timeTravel.firstDay(), timeTravel.lastDay(m));
        Instant until = m.instant();
        List<TimelineShare.RestatementView> restatements = timeTravel.restatements(key).stream()
                .filter(r -> m instanceof Moment.KnownAt
                        ? !Instant.parse(r.latestReportedAt()).isAfter(until)
                        : !Instant.parse(r.asOf()).isAfter(until))
                .toList();
        List<TimeViews.AlertEpisode> alerts = timeTravel.alerts().episodesOf(key, until).stream()
                .map(TimeViews.AlertEpisode::of)
                .toList();
        return new TimeViews.GoalPage(
                m.view(),
                Views.CatalogGoal.of(d),
                progress,
                history,
                TimeViews.counties(progress),
                restatements,
                alerts);
    }

    /** Every goal at the moment (live: from every instance's progress store). */
    List<Views.GoalView> goalsAt(Moment m) {
        return m instanceof Moment.Live ? liveGoals.get() : timeTravel.goals(m);
    }

    TimeViews.CountyPage county(Moment m, String text) {
        County county = Counties.parse(text)
                .orElseThrow(() -> new NotFoundResponse("unknown county-level unit '" + clip(text) + "'"));
        List<TimeViews.CountyGoal> rows = new ArrayList<>();
        for (Views.GoalView g : goalsAt(m)) {
            BigDecimal value = g.byCounty().get(county.name());
            if (value == null) {
                continue;
            }
            BigDecimal total = g.byCounty().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            Double share = total.signum() == 0 ? null : value.doubleValue() / total.doubleValue();
            String unit = timeTravel
                    .catalog()
                    .get(g.key())
                    .map(GoalEvaluator::countyUnit)
                    .orElse(g.unit());
            rows.add(new TimeViews.CountyGoal(g, value, unit, share));
        }
        return new TimeViews.CountyPage(
                m.view(), county.name(), Counties.chineseName(county), Counties.englishName(county), rows);
    }

    TimeViews.DepartmentList departments(Moment m) {
        Map<String, Views.GoalView> byKey = byKey(goalsAt(m));
        List<GoalAlert> open = timeTravel.alerts().at(m.instant(), true);
        Map<String, List<GoalDefinition>> owned = owned();
        List<TimeViews.DepartmentSummary> out = new ArrayList<>();
        owned.forEach((department, goals) -> {
            Map<String, Integer> byStatus = new LinkedHashMap<>();
            for (GoalStatus s : GoalStatus.values()) {
                byStatus.put(s.name(), 0);
            }
            goals.forEach(d -> {
                Views.GoalView g = byKey.get(TimeTravel.key(d));
                byStatus.merge(g == null ? GoalStatus.NO_DATA.name() : g.status(), 1, Integer::sum);
            });
            long alerts = open.stream()
                    .filter(a ->
                            goals.stream().anyMatch(d -> TimeTravel.key(d).equals(a.getPlanId() + "/" + a.getGoalId())))
                    .count();
            out.add(new TimeViews.DepartmentSummary(
                    department, Departments.englishName(department), goals.size(), byStatus, (int) alerts));
        });
        return new TimeViews.DepartmentList(m.view(), out);
    }

    TimeViews.DepartmentPage department(Moment m, String department) {
        List<GoalDefinition> goals = owned().get(department);
        if (goals == null) {
            throw new NotFoundResponse("no goal is owned by department '" + clip(department) + "'");
        }
        Set<String> keys = new TreeSet<>(goals.stream().map(TimeTravel::key).toList());
        List<Views.GoalView> figures =
                goalsAt(m).stream().filter(g -> keys.contains(g.key())).toList();
        List<Views.AlertView> open = timeTravel.alerts().at(m.instant(), true).stream()
                .filter(a -> keys.contains(a.getPlanId() + "/" + a.getGoalId()))
                .map(Views.AlertView::of)
                .toList();
        return new TimeViews.DepartmentPage(m.view(), department, Departments.englishName(department), figures, open);
    }

    TimeViews.ProjectList projects(Context ctx) {
        Moment m = moments.moment(ctx);
        if (m instanceof Moment.KnownAt) {
            throw new BadRequestResponse("projects are kept as known today: ask for a plan day with asOf, not knownAt");
        }
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").trim();
        if (q.length() > 100) {
            throw new BadRequestResponse("q is limited to 100 characters");
        }
        String countyText = ctx.queryParam("county");
        String county = countyText == null || countyText.isBlank()
                ? null
                : Counties.parse(countyText)
                        .map(County::name)
                        .orElseThrow(
                                () -> new BadRequestResponse("unknown county-level unit '" + clip(countyText) + "'"));
        int limit = TimeTravelRoutes.limit(ctx, 100, 5000);
        int offset = offset(ctx);
        LocalDate day = timeTravel.lastDay(m);
        String needle = q.toLowerCase(Locale.ROOT);
        List<TimeViews.ProjectRow> rows = new ArrayList<>();
        for (GoalDefinition d : majorProjectGoals()) {
            for (TimelineShare.SourceView s : timeTravel.sources(TimeTravel.key(d), day)) {
                if ((needle.isEmpty() || s.sourceId().toLowerCase(Locale.ROOT).contains(needle))
                        && (county == null || county.equals(s.county()))) {
                    rows.add(new TimeViews.ProjectRow(TimeTravel.key(d), d.getNameZh(), d.getNameEn(), s));
                }
            }
        }
        rows.sort(Comparator.comparing((TimeViews.ProjectRow r) -> r.source().value())
                .reversed()
                .thenComparing(r -> r.source().sourceId())
                .thenComparing(TimeViews.ProjectRow::goalKey));
        List<TimeViews.ProjectRow> page =
                offset >= rows.size() ? List.of() : rows.subList(offset, Math.min(rows.size(), offset + limit));
        return new TimeViews.ProjectList(m.view(), q, rows.size(), offset, page);
    }

    /** Goals made up of projects' investment reports (their sources are the projects). */
    List<GoalDefinition> majorProjectGoals() {
        return timeTravel.catalog().all().stream()
                .filter(d -> d.getFeed() != null && d.getFeed().getStream() == InputStream.INVESTMENT)
                .toList();
    }

    /** Departments and the goals they own, in catalog order. */
    Map<String, List<GoalDefinition>> owned() {
        Map<String, List<GoalDefinition>> owned = new LinkedHashMap<>();
        timeTravel
                .catalog()
                .all()
                .forEach(d -> owned.computeIfAbsent(d.getDepartment(), k -> new ArrayList<>())
                        .add(d));
        return owned;
    }

    private static Map<String, Views.GoalView> byKey(List<Views.GoalView> goals) {
        Map<String, Views.GoalView> out = new LinkedHashMap<>();
        goals.forEach(g -> out.put(g.key(), g));
        return out;
    }

    private static int offset(Context ctx) {
        String text = ctx.queryParam("offset");
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0 || n > 1_000_000) {
                throw new BadRequestResponse("offset must be between 0 and 1000000, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("offset must be a number, was '" + clip(text) + "'");
        }
    }

    static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
