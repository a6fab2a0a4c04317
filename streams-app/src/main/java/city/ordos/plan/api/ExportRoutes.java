package city.ordos.plan.api;

import city.ordos.plan.auth.Role;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.export.Labels;
import city.ordos.plan.export.Spreadsheet;
import city.ordos.plan.export.Spreadsheet.Column;
import city.ordos.plan.export.Spreadsheet.Kind;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.vocabulary.Counties;
import city.ordos.plan.vocabulary.PlanCalendar;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every table a user can see, as an .xlsx workbook, for the live moment or any past one: the goal
 * list, a goal's page (summary, history, counties, sources, restatements, alerts), a county, the
 * departments and one department, the projects. Sheet and column names in Chinese, or English with
 * {@code lang=en}; the moment, units and targets are in every sheet; statuses carry their colour.
 */
final class ExportRoutes {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final TimeTravel timeTravel;
    private final TimeTravelRoutes moments;
    private final DrillDownRoutes pages;

    ExportRoutes(TimeTravel timeTravel, TimeTravelRoutes moments, DrillDownRoutes pages) {
        this.timeTravel = timeTravel;
        this.moments = moments;
        this.pages = pages;
    }

    void register(Javalin app) {
        app.get("/api/export/goals", this::goals, Role.VIEWER);
        app.get("/api/export/goals/{goalId}", this::goal, Role.VIEWER);
        app.get("/api/export/counties/{county}", this::county, Role.VIEWER);
        app.get("/api/export/departments", this::departments, Role.VIEWER);
        app.get("/api/export/departments/{department}", this::department, Role.VIEWER);
        app.get("/api/export/projects", this::projects, Role.VIEWER);
    }

    private void goals(Context ctx) {
        Labels l = labels(ctx);
        Moment m = moments.moment(ctx);
        GoalFilter filter = GoalFilter.of(ctx);
        List<Views.GoalView> goals = inPlanOrder(filter.apply(pages.goalsAt(m)));
        send(
                ctx,
                l,
                l.get("sheet.goals") + "-" + m.view().date(),
                List.of(goalTable(l.get("sheet.goals"), l, m, goals)));
    }

    /** The plan's order, as on the screen and in the monthly report (the live list comes by key). */
    private List<Views.GoalView> inPlanOrder(List<Views.GoalView> goals) {
        Map<String, Integer> position = new HashMap<>();
        for (GoalDefinition d : timeTravel.catalog().all()) {
            position.put(TimeTravel.key(d), position.size());
        }
        return goals.stream()
                .sorted(Comparator.comparing((Views.GoalView g) -> position.getOrDefault(g.key(), Integer.MAX_VALUE)))
                .toList();
    }

    private void goal(Context ctx) {
        Labels l = labels(ctx);
        TimeViews.GoalPage page = pages.page(ctx);
        Moment m = moments.moment(ctx);
        Views.CatalogGoal g = page.goal();
        Views.GoalView p = page.progress();
        String name = l.pick(g.nameZh(), g.nameEn());
        List<Spreadsheet.Table> tables = new ArrayList<>();
        tables.add(new Spreadsheet.Table(
                l.get("sheet.summary"),
                name,
                notes(l, m),
                List.of(new Column(l.get("item"), Kind.TEXT, 22), new Column(l.get("value"), Kind.TEXT, 60)),
                List.of(
                        row(l.get("goal"), name),
                        row(l.get("plan"), g.phraseZh()),
                        row(l.get("department"), l.department(g.department())),
                        row(l.get("unit"), l.unit(g.unit())),
                        row(l.get("comparator"), l.get(g.comparator())),
                        row(l.get("target"), plain(g.target())),
                        row(l.get("actual"), plain(p.actual())),
                        row(l.get("expected"), plain(p.expectedByNow())),
                        row(l.get("projected"), plain(p.projectedYearEnd())),
                        row(l.get("progress"), p.progressRatio() == null ? "" : percent(p.progressRatio())),
                        row(l.get("status"), l.get(p.status())),
                        row(l.get("latestData"), time(p.latestEventTime())),
                        row(l.get("pace"), l.get("pace." + g.judgedPace())),
                        row(
                                l.get("startLevel"),
                                g.startLevel() == null ? l.get("startLevel.none") : plain(g.startLevel())),
                        row(l.get("cadence"), Integer.toString(g.cadenceDays())),
                        row(l.get("note"), note(l, g)))));
        tables.add(historyTable(l, m, name, l.unit(g.unit()), page.history()));
        tables.add(countyTable(l, m, name, l.unit(g.countyUnit()), page.counties()));
        if (!(m instanceof Moment.KnownAt)) {
            tables.add(sourcesTable(l, m, name, timeTravel.sources(p.key(), timeTravel.lastDay(m))));
        }
        tables.add(restatementTable(l, m, name, page.restatements()));
        tables.add(alertTable(
                l,
                m,
                name,
                page.alerts().stream().flatMap(e -> e.updates().stream()).toList()));
        send(ctx, l, name + "-" + m.view().date(), tables);
    }

    private void county(Context ctx) {
        Labels l = labels(ctx);
        Moment m = moments.moment(ctx);
        TimeViews.CountyPage page = pages.county(m, ctx.pathParam("county"));
        String title = l.pick(page.nameZh(), page.nameEn());
        List<List<Object>> rows = new ArrayList<>();
        for (TimeViews.CountyGoal c : page.goals()) {
            Views.GoalView g = c.goal();
            // a ratio's counties are its numerator's, a growth rate's this year's amounts: two units
            rows.add(Arrays.asList(
                    l.pick(g.nameZh(), g.nameEn()),
                    c.value(),
                    l.unit(c.unit()),
                    c.share(),
                    g.actual(),
                    g.target(),
                    l.unit(g.unit()),
                    l.status(g.status())));
        }
        send(
                ctx,
                l,
                title + "-" + m.view().date(),
                List.of(new Spreadsheet.Table(
                        title,
                        title,
                        notes(l, m),
                        List.of(
                                new Column(l.get("goal"), Kind.TEXT, 36),
                                new Column(l.get("county") + " " + l.get("value"), Kind.NUMBER, 16),
                                new Column(l.get("county") + " " + l.get("unit"), Kind.TEXT, 10),
                                new Column(l.get("share"), Kind.PERCENT, 10),
                                new Column(l.get("actual"), Kind.NUMBER, 14),
                                new Column(l.get("target"), Kind.NUMBER, 14),
                                new Column(l.get("unit"), Kind.TEXT, 10),
                                new Column(l.get("status"), Kind.STATUS, 10)),
                        rows)));
    }

    private void departments(Context ctx) {
        Labels l = labels(ctx);
        Moment m = moments.moment(ctx);
        TimeViews.DepartmentList list = pages.departments(m);
        List<Column> columns = new ArrayList<>(List.of(
                new Column(l.get("department"), Kind.TEXT, 30),
                new Column(l.get("goals"), Kind.INTEGER, 8),
                new Column(l.get("openAlerts"), Kind.INTEGER, 10)));
        List<String> statuses = List.of("ACHIEVED", "ON_TRACK", "AT_RISK", "BEHIND", "STALE", "NO_DATA");
        statuses.forEach(s -> columns.add(new Column(l.get(s), Kind.INTEGER, 9)));
        List<List<Object>> rows = new ArrayList<>();
        for (TimeViews.DepartmentSummary d : list.departments()) {
            List<Object> row = new ArrayList<>(List.of(l.department(d.department()), d.goals(), d.openAlerts()));
            statuses.forEach(s -> row.add(d.byStatus().getOrDefault(s, 0)));
            rows.add(row);
        }
        String sheet = l.get("sheet.departments");
        send(
                ctx,
                l,
                sheet + "-" + m.view().date(),
                // counts only: no unit column to point to
                List.of(new Spreadsheet.Table(sheet, sheet, notes(l, m).subList(0, 1), columns, rows)));
    }

    private void department(Context ctx) {
        Labels l = labels(ctx);
        Moment m = moments.moment(ctx);
        TimeViews.DepartmentPage page = pages.department(m, ctx.pathParam("department"));
        send(
                ctx,
                l,
                l.department(page.department()) + "-" + m.view().date(),
                List.of(
                        goalTable(l.department(page.department()), l, m, page.goals()),
                        alertTable(l, m, l.department(page.department()), page.openAlerts())));
    }

    private void projects(Context ctx) {
        Labels l = labels(ctx);
        TimeViews.ProjectList list = pages.projects(ctx);
        Moment m = moments.moment(ctx);
        List<List<Object>> rows = new ArrayList<>();
        for (TimeViews.ProjectRow r : list.projects()) {
            TimelineShare.SourceView s = r.source();
            rows.add(Arrays.asList(
                    s.sourceId(),
                    l.pick(r.goalNameZh(), r.goalNameEn()),
                    countyName(l, s.county()),
                    s.value(),
                    l.unit(s.unit()),
                    dateTime(s.latestEventTime()),
                    dateTime(s.latestReportedAt()),
                    s.sourceTopic(),
                    s.sourcePartition(),
                    s.sourceOffset(),
                    s.importFile(),
                    s.importLine(),
                    s.submissionId(),
                    s.submittedBy(),
                    s.approvedBy(),
                    s.restatements()));
        }
        String sheet = l.get("sheet.projects");
        send(
                ctx,
                l,
                sheet + "-" + m.view().date(),
                List.of(new Spreadsheet.Table(
                        sheet,
                        sheet,
                        notes(l, m),
                        List.of(
                                new Column(l.get("project"), Kind.TEXT, 20),
                                new Column(l.get("goal"), Kind.TEXT, 30),
                                new Column(l.get("county"), Kind.TEXT, 12),
                                new Column(l.get("value"), Kind.NUMBER, 14),
                                new Column(l.get("unit"), Kind.TEXT, 8),
                                new Column(l.get("asOf"), Kind.DATE_TIME, 17),
                                new Column(l.get("reportedAt"), Kind.DATE_TIME, 17),
                                new Column(l.get("topic"), Kind.TEXT, 24),
                                new Column(l.get("partition"), Kind.INTEGER, 8),
                                new Column(l.get("offset"), Kind.INTEGER, 10),
                                new Column(l.get("importFile"), Kind.TEXT, 24),
                                new Column(l.get("importLine"), Kind.INTEGER, 8),
                                new Column(l.get("submission"), Kind.TEXT, 38),
                                new Column(l.get("submittedBy"), Kind.TEXT, 12),
                                new Column(l.get("approvedBy"), Kind.TEXT, 12),
                                new Column(l.get("restatements"), Kind.INTEGER, 10)),
                        rows)));
    }

    // ---- tables -----------------------------------------------------------------------------

    Spreadsheet.Table goalTable(String sheet, Labels l, Moment m, List<Views.GoalView> goals) {
        List<List<Object>> rows = new ArrayList<>();
        for (Views.GoalView g : goals) {
            GoalDefinition d = timeTravel.catalog().get(g.key()).orElse(null);
            rows.add(Arrays.asList(
                    d == null ? g.section() : l.pick(d.getSectionTitleZh(), d.getSectionTitleEn()),
                    l.pick(g.nameZh(), g.nameEn()),
                    g.goalId(),
                    l.unit(g.unit()),
                    l.get(g.comparator()),
                    g.target(),
                    g.actual(),
                    g.expectedByNow(),
                    // why one goal expects part of its target today and another all of it
                    d == null ? null : l.get("pace." + GoalEvaluator.judgedPace(d)),
                    g.projectedYearEnd(),
                    g.progressRatio(),
                    l.status(g.status()),
                    d == null ? null : l.department(d.getDepartment()),
                    dateTime(g.latestEventTime()),
                    g.contributingSources()));
        }
        return new Spreadsheet.Table(
                sheet,
                sheet,
                notes(l, m),
                List.of(
                        new Column(l.get("section"), Kind.TEXT, 18),
                        new Column(l.get("goal"), Kind.TEXT, 36),
                        new Column(l.get("goalId"), Kind.TEXT, 26),
                        new Column(l.get("unit"), Kind.TEXT, 10),
                        new Column(l.get("comparator"), Kind.TEXT, 8),
                        new Column(l.get("target"), Kind.NUMBER, 12),
                        new Column(l.get("actual"), Kind.NUMBER, 12),
                        new Column(l.get("expected"), Kind.NUMBER, 12),
                        new Column(l.get("pace"), Kind.TEXT, 16),
                        new Column(l.get("projected"), Kind.NUMBER, 12),
                        new Column(l.get("progress"), Kind.PERCENT, 10),
                        new Column(l.get("status"), Kind.STATUS, 10),
                        new Column(l.get("department"), Kind.TEXT, 24),
                        new Column(l.get("latestData"), Kind.DATE_TIME, 17),
                        new Column(l.get("sources"), Kind.INTEGER, 8)),
                rows);
    }

    private Spreadsheet.Table historyTable(
            Labels l, Moment m, String name, String unit, List<Views.HistoryPoint> history) {
        List<List<Object>> rows = new ArrayList<>();
        for (Views.HistoryPoint p : history) {
            rows.add(Arrays.asList(
                    PlanCalendar.dateOf(Instant.parse(p.asOf())),
                    p.actual(),
                    p.expectedByNow(),
                    p.progressRatio(),
                    l.status(p.status())));
        }
        return new Spreadsheet.Table(
                l.get("sheet.history"),
                name,
                withUnit(notes(l, m), l, unit),
                List.of(
                        new Column(l.get("date"), Kind.DATE, 12),
                        new Column(l.get("actual"), Kind.NUMBER, 14),
                        new Column(l.get("expected"), Kind.NUMBER, 14),
                        new Column(l.get("progress"), Kind.PERCENT, 10),
                        new Column(l.get("status"), Kind.STATUS, 10)),
                rows);
    }

    private Spreadsheet.Table countyTable(
            Labels l, Moment m, String name, String unit, List<Views.CountyValue> counties) {
        List<List<Object>> rows = new ArrayList<>();
        for (Views.CountyValue c : counties) {
            rows.add(Arrays.asList(l.pick(c.nameZh(), c.nameEn()), c.value(), c.share()));
        }
        return new Spreadsheet.Table(
                l.get("sheet.counties"),
                name,
                withUnit(notes(l, m), l, unit),
                List.of(
                        new Column(l.get("county"), Kind.TEXT, 14),
                        new Column(l.get("value"), Kind.NUMBER, 14),
                        new Column(l.get("share"), Kind.PERCENT, 10)),
                rows);
    }

    private Spreadsheet.Table sourcesTable(Labels l, Moment m, String name, List<TimelineShare.SourceView> sources) {
        List<List<Object>> rows = new ArrayList<>();
        for (TimelineShare.SourceView s : sources) {
            rows.add(Arrays.asList(
                    l.get(s.role()),
                    s.sourceId(),
                    countyName(l, s.county()),
                    s.value(),
                    l.unit(s.unit()),
                    s.statements(),
                    dateTime(s.latestEventTime()),
                    dateTime(s.latestReportedAt()),
                    s.latestEventId(),
                    s.sourceTopic(),
                    s.sourcePartition(),
                    s.sourceOffset(),
                    s.importFile(),
                    s.importLine(),
                    s.submissionId(),
                    s.submittedBy(),
                    s.approvedBy(),
                    s.restatements()));
        }
        return new Spreadsheet.Table(
                l.get("sheet.sources"),
                name,
                notes(l, m),
                List.of(
                        new Column(l.get("role"), Kind.TEXT, 8),
                        new Column(l.get("source"), Kind.TEXT, 22),
                        new Column(l.get("county"), Kind.TEXT, 12),
                        new Column(l.get("value"), Kind.NUMBER, 14),
                        new Column(l.get("unit"), Kind.TEXT, 8),
                        new Column(l.get("periods"), Kind.INTEGER, 8),
                        new Column(l.get("asOf"), Kind.DATE_TIME, 17),
                        new Column(l.get("reportedAt"), Kind.DATE_TIME, 17),
                        new Column(l.get("eventId"), Kind.TEXT, 38),
                        new Column(l.get("topic"), Kind.TEXT, 24),
                        new Column(l.get("partition"), Kind.INTEGER, 8),
                        new Column(l.get("offset"), Kind.INTEGER, 10),
                        new Column(l.get("importFile"), Kind.TEXT, 24),
                        new Column(l.get("importLine"), Kind.INTEGER, 8),
                        new Column(l.get("submission"), Kind.TEXT, 38),
                        new Column(l.get("submittedBy"), Kind.TEXT, 12),
                        new Column(l.get("approvedBy"), Kind.TEXT, 12),
                        new Column(l.get("restatements"), Kind.INTEGER, 10)),
                rows);
    }

    private Spreadsheet.Table restatementTable(
            Labels l, Moment m, String name, List<TimelineShare.RestatementView> restatements) {
        List<List<Object>> rows = new ArrayList<>();
        for (TimelineShare.RestatementView r : restatements) {
            rows.add(Arrays.asList(
                    r.sourceId(),
                    r.period(),
                    dateTime(r.asOf()),
                    l.unit(r.unit()),
                    r.firstValue(),
                    dateTime(r.firstReportedAt()),
                    r.latestValue(),
                    dateTime(r.latestReportedAt()),
                    r.restatements(),
                    r.latestSourceTopic() + "-" + r.latestSourcePartition() + "@" + r.latestSourceOffset()));
        }
        return new Spreadsheet.Table(
                l.get("sheet.restatements"),
                name,
                notes(l, m),
                List.of(
                        new Column(l.get("source"), Kind.TEXT, 22),
                        new Column(l.get("period"), Kind.TEXT, 10),
                        new Column(l.get("asOf"), Kind.DATE_TIME, 17),
                        new Column(l.get("unit"), Kind.TEXT, 8),
                        new Column(l.get("firstValue"), Kind.NUMBER, 14),
                        new Column(l.get("firstReportedAt"), Kind.DATE_TIME, 17),
                        new Column(l.get("latestValue"), Kind.NUMBER, 14),
                        new Column(l.get("latestReportedAt"), Kind.DATE_TIME, 17),
                        new Column(l.get("restatements"), Kind.INTEGER, 10),
                        new Column(l.get("topic"), Kind.TEXT, 36)),
                rows);
    }

    private Spreadsheet.Table alertTable(Labels l, Moment m, String name, List<Views.AlertView> alerts) {
        List<List<Object>> rows = new ArrayList<>();
        for (Views.AlertView a : alerts) {
            rows.add(Arrays.asList(
                    a.goalId(),
                    l.get(a.kind()),
                    l.get(a.severity()),
                    l.get(a.state()),
                    dateTime(a.firedAt()),
                    dateTime(a.changedAt()),
                    l.department(a.department()),
                    l.pick(a.messageZh(), a.messageEn())));
        }
        return new Spreadsheet.Table(
                l.get("sheet.alerts"),
                name,
                notes(l, m),
                List.of(
                        new Column(l.get("goalId"), Kind.TEXT, 26),
                        new Column(l.get("kind"), Kind.TEXT, 12),
                        new Column(l.get("severity"), Kind.TEXT, 8),
                        new Column(l.get("state"), Kind.TEXT, 8),
                        new Column(l.get("firedAt"), Kind.DATE_TIME, 17),
                        new Column(l.get("changedAt"), Kind.DATE_TIME, 17),
                        new Column(l.get("department"), Kind.TEXT, 24),
                        new Column(l.get("message"), Kind.TEXT, 80)),
                rows);
    }

    // ---- helpers ----------------------------------------------------------------------------

    static List<String> notes(Labels l, Moment m) {
        String when = switch (m.view().mode()) {
            case "AS_OF" -> l.format("mode.AS_OF", m.view().date());
            case "KNOWN_AT" -> l.format("mode.KNOWN_AT", shanghai(m.instant()));
            default -> l.format("mode.LIVE", shanghai(m.instant()));
        };
        return List.of(l.format("moment", when), l.get("unitsNote"));
    }

    private static List<String> withUnit(List<String> notes, Labels l, String unit) {
        List<String> out = new ArrayList<>(notes);
        out.add(l.get("unit") + ": " + unit);
        return out;
    }

    private static String shanghai(Instant t) {
        return LocalDateTime.ofInstant(t, PlanCalendar.ZONE).toString().replace('T', ' ');
    }

    static LocalDateTime dateTime(String iso) {
        return iso == null ? null : LocalDateTime.ofInstant(Instant.parse(iso), PlanCalendar.ZONE);
    }

    private static String time(String iso) {
        return iso == null ? "" : shanghai(Instant.parse(iso));
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static List<Object> row(String a, String b) {
        return Arrays.asList(a, b);
    }

    /** The reading note in the workbook's language; the English one where no Chinese is given. */
    private static String note(Labels l, Views.CatalogGoal g) {
        String en = Optional.ofNullable(g.readingNote()).orElse("");
        return g.readingNoteZh() == null ? en : l.pick(g.readingNoteZh(), en);
    }

    private static String countyName(Labels l, String symbol) {
        if (symbol == null) {
            return null;
        }
        try {
            var c = County.valueOf(symbol);
            return l.pick(Counties.chineseName(c), Counties.englishName(c));
        } catch (IllegalArgumentException unknown) {
            return symbol;
        }
    }

    static Labels labels(Context ctx) {
        try {
            return new Labels(Labels.Lang.parse(ctx.queryParam("lang")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    static void send(Context ctx, Labels l, String fileStem, List<Spreadsheet.Table> tables) {
        byte[] bytes = Spreadsheet.write(tables);
        String file = fileStem.replaceAll("[\\\\/:*?\"<>|\\s]+", "_") + ".xlsx";
        ctx.contentType(XLSX)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + file.replaceAll("[^\\x20-\\x7e]", "_") + "\"; filename*=UTF-8''"
                                + URLEncoder.encode(file, StandardCharsets.UTF_8)
                                        .replace("+", "%20"))
                .result(bytes);
    }
}
