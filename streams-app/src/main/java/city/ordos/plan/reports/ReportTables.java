package city.ordos.plan.reports;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.ReportAlert;
import city.ordos.plan.avro.ReportGoal;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.export.Labels;
import city.ordos.plan.export.Spreadsheet;
import city.ordos.plan.export.Spreadsheet.Column;
import city.ordos.plan.export.Spreadsheet.Kind;
import city.ordos.plan.vocabulary.Counties;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of a dispatch report, shared by its workbook and its PDF so both say the same: the
 * overview by status, every goal, the changes since the previous report, the goals behind with
 * their departments, the county and department summaries. Derived from the report record alone.
 */
public final class ReportTables {

    private static final List<String> COUNTIES =
            Arrays.stream(County.values()).map(County::name).toList();

    private ReportTables() {}

    public static String title(DispatchReport r, Labels l) {
        LocalDate day = LocalDate.parse(r.getAsOfDate());
        String period = r.getKind() == ReportKind.MONTH_END
                ? (l.lang() == Labels.Lang.ZH
                        ? day.getYear() + "年" + day.getMonthValue() + "月"
                        : YearMonth.from(day).toString())
                : day.toString();
        return l.get(r.getKind() == ReportKind.MONTH_END ? "report.title" : "report.titleDay")
                + l.format("report.period", period);
    }

    public static List<String> meta(DispatchReport r, Labels l) {
        List<String> lines = new ArrayList<>();
        lines.add(l.format("report.asOf", r.getAsOfDate()));
        lines.add(
                r.getPreviousReportId() == null
                        ? l.get("report.first")
                        : l.format("report.previous", r.getPreviousAsOfDate(), r.getPreviousReportId()));
        lines.add(l.format("report.id", r.getReportId()));
        lines.add(l.format("report.total", r.getGoals().size()));
        return lines;
    }

    public static Spreadsheet.Table overview(DispatchReport r, Labels l) {
        List<List<Object>> rows = new ArrayList<>();
        ReportBuilder.countByStatus(r.getGoals()).forEach((s, n) -> rows.add(Arrays.asList(l.status(s.name()), n)));
        return new Spreadsheet.Table(
                l.get("sheet.overview"),
                title(r, l),
                meta(r, l),
                List.of(
                        new Column(l.get("status"), Kind.STATUS, 14),
                        new Column(l.get("report.count"), Kind.INTEGER, 10)),
                rows);
    }

    public static Spreadsheet.Table goals(DispatchReport r, Labels l) {
        List<List<Object>> rows = new ArrayList<>();
        for (ReportGoal g : r.getGoals()) {
            rows.add(Arrays.asList(
                    l.pick(g.getSectionTitleZh(), g.getSectionTitleEn()),
                    l.pick(g.getNameZh(), g.getNameEn()),
                    l.unit(g.getUnit()),
                    l.get(g.getComparator().name()),
                    g.getTarget(),
                    g.getActual(),
                    g.getExpected(),
                    g.getProjectedYearEnd(),
                    g.getProgressRatio(),
                    l.status(g.getStatus().name()),
                    g.getPreviousStatus() == null
                            ? null
                            : l.status(g.getPreviousStatus().name()),
                    l.department(g.getDepartment())));
        }
        return new Spreadsheet.Table(
                l.get("report.s2"),
                l.get("report.s2"),
                List.of(l.format("report.asOf", r.getAsOfDate()), l.get("unitsNote")),
                List.of(
                        new Column(l.get("section"), Kind.TEXT, 16),
                        new Column(l.get("goal"), Kind.TEXT, 34),
                        new Column(l.get("unit"), Kind.TEXT, 9),
                        new Column(l.get("comparator"), Kind.TEXT, 7),
                        new Column(l.get("target"), Kind.NUMBER, 11),
                        new Column(l.get("actual"), Kind.NUMBER, 11),
                        new Column(l.get("expected"), Kind.NUMBER, 11),
                        new Column(l.get("projected"), Kind.NUMBER, 11),
                        new Column(l.get("progress"), Kind.PERCENT, 9),
                        new Column(l.get("status"), Kind.STATUS, 9),
                        new Column(l.get("report.previousStatus"), Kind.STATUS, 9),
                        new Column(l.get("department"), Kind.TEXT, 22)),
                rows);
    }

    public static Spreadsheet.Table statusChanges(DispatchReport r, Labels l) {
        List<List<Object>> rows = new ArrayList<>();
        for (ReportGoal g : ReportBuilder.statusChanged(r)) {
            rows.add(Arrays.asList(
                    l.pick(g.getNameZh(), g.getNameEn()),
                    l.status(g.getPreviousStatus().name()),
                    l.status(g.getStatus().name()),
                    g.getPreviousActual(),
                    g.getActual(),
                    l.unit(g.getUnit()),
                    l.department(g.getDepartment())));
        }
        return new Spreadsheet.Table(
                l.get("report.statusChanges"),
                l.get("report.statusChanges"),
                changeNotes(r, l),
                List.of(
                        new Column(l.get("goal"), Kind.TEXT, 34),
                        new Column(l.get("report.previousStatus"), Kind.STATUS, 10),
                        new Column(l.get("status"), Kind.STATUS, 10),
                        new Column(l.get("report.previousActual"), Kind.NUMBER, 12),
                        new Column(l.get("actual"), Kind.NUMBER, 12),
                        new Column(l.get("unit"), Kind.TEXT, 9),
                        new Column(l.get("department"), Kind.TEXT, 22)),
                rows);
    }

    public static Spreadsheet.Table alerts(DispatchReport r, Labels l, boolean recovered) {
        Map<String, ReportGoal> goals = byKey(r);
        List<List<Object>> rows = new ArrayList<>();
        for (ReportAlert a : recovered ? r.getRecoveredAlerts() : r.getNewAlerts()) {
            ReportGoal g = goals.get(a.getGoalKey());
            rows.add(Arrays.asList(
                    g == null ? a.getGoalKey() : l.pick(g.getNameZh(), g.getNameEn()),
                    l.get(a.getKind().name()),
                    l.get(a.getSeverity().name()),
                    time(recovered ? a.getChangedAt() : a.getFiredAt()),
                    l.department(a.getDepartment()),
                    l.pick(a.getMessageZh(), a.getMessageEn())));
        }
        String name = l.get(recovered ? "report.recovered" : "report.newAlerts");
        return new Spreadsheet.Table(
                name,
                name,
                changeNotes(r, l),
                List.of(
                        new Column(l.get("goal"), Kind.TEXT, 30),
                        new Column(l.get("kind"), Kind.TEXT, 10),
                        new Column(l.get("severity"), Kind.TEXT, 8),
                        new Column(l.get(recovered ? "changedAt" : "firedAt"), Kind.DATE_TIME, 17),
                        new Column(l.get("department"), Kind.TEXT, 22),
                        new Column(l.get("message"), Kind.TEXT, 70)),
                rows);
    }

    public static Spreadsheet.Table restatements(DispatchReport r, Labels l) {
        List<List<Object>> rows = new ArrayList<>();
        for (ReportGoal g : ReportBuilder.restated(r)) {
            rows.add(Arrays.asList(
                    l.pick(g.getNameZh(), g.getNameEn()),
                    g.getPreviousActual(),
                    g.getPreviousActualNow(),
                    g.getPreviousActualNow().subtract(g.getPreviousActual()),
                    l.unit(g.getUnit()),
                    l.department(g.getDepartment())));
        }
        String name = l.get("report.restated");
        return new Spreadsheet.Table(
                name,
                name,
                changeNotes(r, l),
                List.of(
                        new Column(l.get("goal"), Kind.TEXT, 34),
                        new Column(l.get("report.previousActual"), Kind.NUMBER, 14),
                        new Column(l.get("report.previousActualNow"), Kind.NUMBER, 14),
                        new Column(l.get("report.change"), Kind.NUMBER, 12),
                        new Column(l.get("unit"), Kind.TEXT, 9),
                        new Column(l.get("department"), Kind.TEXT, 22)),
                rows);
    }

    public static Spreadsheet.Table lagging(DispatchReport r, Labels l) {
        List<List<Object>> rows = new ArrayList<>();
        for (ReportGoal g : ReportBuilder.lagging(r)) {
            rows.add(Arrays.asList(
                    l.pick(g.getNameZh(), g.getNameEn()),
                    l.status(g.getStatus().name()),
                    g.getActual(),
                    g.getExpected(),
                    g.getTarget(),
                    l.unit(g.getUnit()),
                    g.getProgressRatio(),
                    l.department(g.getDepartment())));
        }
        return new Spreadsheet.Table(
                l.get("sheet.lagging"),
                l.get("report.s4"),
                List.of(l.format("report.asOf", r.getAsOfDate())),
                List.of(
                        new Column(l.get("goal"), Kind.TEXT, 34),
                        new Column(l.get("status"), Kind.STATUS, 9),
                        new Column(l.get("actual"), Kind.NUMBER, 12),
                        new Column(l.get("expected"), Kind.NUMBER, 12),
                        new Column(l.get("target"), Kind.NUMBER, 12),
                        new Column(l.get("unit"), Kind.TEXT, 9),
                        new Column(l.get("progress"), Kind.PERCENT, 9),
                        new Column(l.get("department"), Kind.TEXT, 24)),
                rows);
    }

    /** Goals with a county breakdown, one column per county-level unit. */
    public static Spreadsheet.Table counties(DispatchReport r, Labels l) {
        List<Column> columns = new ArrayList<>(
                List.of(new Column(l.get("goal"), Kind.TEXT, 30), new Column(l.get("unit"), Kind.TEXT, 9)));
        for (String c : COUNTIES) {
            County county = County.valueOf(c);
            columns.add(
                    new Column(l.pick(Counties.chineseName(county), Counties.englishName(county)), Kind.NUMBER, 11));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (ReportGoal g : r.getGoals()) {
            if (g.getByCounty().isEmpty()) {
                continue;
            }
            String unit = l.unit(g.getCountyUnit() != null ? g.getCountyUnit() : g.getUnit());
            List<Object> row = new ArrayList<>(List.of(l.pick(g.getNameZh(), g.getNameEn()), unit));
            for (String c : COUNTIES) {
                row.add(value(g.getByCounty(), c));
            }
            rows.add(row);
        }
        return new Spreadsheet.Table(
                l.get("sheet.countySummary"),
                l.get("report.s5"),
                List.of(l.format("report.asOf", r.getAsOfDate()), l.get("report.countyNote")),
                columns,
                rows);
    }

    public static Spreadsheet.Table departments(DispatchReport r, Labels l) {
        Map<String, Map<GoalStatus, Integer>> byDepartment = new LinkedHashMap<>();
        for (ReportGoal g : r.getGoals()) {
            byDepartment
                    .computeIfAbsent(g.getDepartment(), d -> ReportBuilder.countByStatus(List.of()))
                    .merge(g.getStatus(), 1, Integer::sum);
        }
        List<Column> columns = new ArrayList<>(
                List.of(new Column(l.get("department"), Kind.TEXT, 28), new Column(l.get("goals"), Kind.INTEGER, 8)));
        for (GoalStatus s : GoalStatus.values()) {
            columns.add(new Column(l.get(s.name()), Kind.INTEGER, 9));
        }
        List<List<Object>> rows = new ArrayList<>();
        byDepartment.forEach((d, n) -> {
            List<Object> row = new ArrayList<>(List.of(
                    l.department(d),
                    n.values().stream().mapToInt(Integer::intValue).sum()));
            n.values().forEach(row::add);
            rows.add(row);
        });
        return new Spreadsheet.Table(
                l.get("sheet.departmentSummary"),
                l.get("report.s6"),
                List.of(l.format("report.asOf", r.getAsOfDate())),
                columns,
                rows);
    }

    private static List<String> changeNotes(DispatchReport r, Labels l) {
        return List.of(
                r.getPreviousReportId() == null
                        ? l.get("report.first")
                        : l.format("report.previous", r.getPreviousAsOfDate(), r.getPreviousReportId()),
                l.format("report.asOf", r.getAsOfDate()));
    }

    private static Map<String, ReportGoal> byKey(DispatchReport r) {
        Map<String, ReportGoal> out = new LinkedHashMap<>();
        r.getGoals().forEach(g -> out.put(g.getGoalKey(), g));
        return out;
    }

    private static BigDecimal value(Map<String, BigDecimal> byCounty, String county) {
        return byCounty.get(county);
    }

    static LocalDateTime time(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, PlanCalendar.ZONE);
    }
}
