package city.ordos.plan.reports;

import city.ordos.plan.avro.AlertState;
import city.ordos.plan.avro.DispatchReport;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalStatus;
import city.ordos.plan.avro.ReportAlert;
import city.ordos.plan.avro.ReportGoal;
import city.ordos.plan.avro.ReportKind;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a dispatch report says, from the figures of its day and the previous month-end report: pure,
 * so the same day and data give the same report wherever and whenever it is built.
 */
public final class ReportBuilder {

    private ReportBuilder() {}

    /** A goal's figures on the report's day (as the time-travel picture gives them). */
    public record Figure(
            GoalStatus status,
            BigDecimal actual,
            BigDecimal expected,
            BigDecimal projectedYearEnd,
            Double progressRatio,
            Map<String, BigDecimal> byCounty) {}

    /** The alerts window of a report: after the previous report's day, up to the end of its own day. */
    public record Window(Instant after, Instant upTo) {}

    /** {@code planId/yyyy-MM} for a month-end report, {@code planId/yyyy-MM-dd} for one on demand. */
    public static String reportId(String planId, ReportKind kind, LocalDate day) {
        return planId + "/"
                + (kind == ReportKind.MONTH_END ? YearMonth.from(day).toString() : day.toString());
    }

    public static Window window(LocalDate day, DispatchReport previous) {
        Instant after = previous == null
                ? LocalDate.of(day.getYear(), 1, 1)
                        .atStartOfDay(PlanCalendar.ZONE)
                        .toInstant()
                        .minusMillis(1)
                : PlanCalendar.endOfDay(LocalDate.parse(previous.getAsOfDate()));
        return new Window(after, PlanCalendar.endOfDay(day));
    }

    /**
     * @param catalog      the goals, in catalog order
     * @param figures      each goal's figures on {@code day} (a goal without one is NO_DATA)
     * @param previous     the month-end report the changes are measured against, or null
     * @param previousNow  each goal's actual on the previous report's day as known now
     * @param alertUpdates alert updates within {@link #window}
     */
    public static DispatchReport build(
            String planId,
            ReportKind kind,
            LocalDate day,
            List<GoalDefinition> catalog,
            Map<String, Figure> figures,
            DispatchReport previous,
            Map<String, BigDecimal> previousNow,
            List<GoalAlert> alertUpdates) {
        Map<String, ReportGoal> before = new HashMap<>();
        if (previous != null) {
            previous.getGoals().forEach(g -> before.put(g.getGoalKey(), g));
        }
        List<ReportGoal> goals = new ArrayList<>();
        for (GoalDefinition d : catalog) {
            String key = d.getPlanId() + "/" + d.getGoalId();
            Figure f = figures.get(key);
            ReportGoal was = before.get(key);
            goals.add(ReportGoal.newBuilder()
                    .setGoalKey(key)
                    .setSection(d.getSection())
                    .setSectionTitleZh(d.getSectionTitleZh())
                    .setSectionTitleEn(d.getSectionTitleEn())
                    .setNameZh(d.getNameZh())
                    .setNameEn(d.getNameEn())
                    .setDepartment(d.getDepartment())
                    .setUnit(d.getUnit())
                    .setComparator(d.getComparator())
                    .setTarget(GoalEvaluator.scaled(d.getTarget()))
                    .setActual(f == null ? null : scaled(f.actual()))
                    .setExpected(f == null ? null : scaled(f.expected()))
                    .setProjectedYearEnd(f == null ? null : scaled(f.projectedYearEnd()))
                    .setProgressRatio(f == null ? null : f.progressRatio())
                    .setStatus(f == null ? GoalStatus.NO_DATA : f.status())
                    .setByCounty(f == null ? Map.of() : sorted(f.byCounty()))
                    .setCountyUnit(GoalEvaluator.countyUnit(d))
                    .setPreviousStatus(was == null ? null : was.getStatus())
                    .setPreviousActual(was == null ? null : was.getActual())
                    .setPreviousActualNow(previous == null ? null : scaled(previousNow.get(key)))
                    .build());
        }
        List<ReportAlert> fired = new ArrayList<>();
        List<ReportAlert> recovered = new ArrayList<>();
        List<GoalAlert> ordered = new ArrayList<>(alertUpdates);
        ordered.sort(Comparator.comparing(GoalAlert::getChangedAt)
                .thenComparing(GoalAlert::getAlertId)
                .thenComparing(GoalAlert::getSequence));
        for (GoalAlert a : ordered) {
            if (a.getSequence() == 1 && a.getState() != AlertState.RESOLVED) {
                fired.add(alert(a));
            } else if (a.getState() == AlertState.RESOLVED) {
                recovered.add(alert(a));
            }
        }
        return DispatchReport.newBuilder()
                .setReportId(reportId(planId, kind, day))
                .setPlanId(planId)
                .setKind(kind)
                .setAsOfDate(day.toString())
                .setPreviousReportId(previous == null ? null : previous.getReportId())
                .setPreviousAsOfDate(previous == null ? null : previous.getAsOfDate())
                .setGoals(goals)
                .setNewAlerts(fired)
                .setRecoveredAlerts(recovered)
                .build();
    }

    private static ReportAlert alert(GoalAlert a) {
        return ReportAlert.newBuilder()
                .setAlertId(a.getAlertId())
                .setGoalKey(a.getPlanId() + "/" + a.getGoalId())
                .setDepartment(a.getDepartment())
                .setKind(a.getKind())
                .setSeverity(a.getSeverity())
                .setState(a.getState())
                .setFiredAt(a.getFiredAt())
                .setChangedAt(a.getChangedAt())
                .setMessageZh(a.getMessageZh())
                .setMessageEn(a.getMessageEn())
                .build();
    }

    /** Goals whose figure for the previous report's day moved since it was published (restatements). */
    public static List<ReportGoal> restated(DispatchReport report) {
        return report.getGoals().stream()
                .filter(g -> g.getPreviousActual() != null
                        && g.getPreviousActualNow() != null
                        && g.getPreviousActual().compareTo(g.getPreviousActualNow()) != 0)
                .toList();
    }

    /** Goals whose status differs from the previous report's. */
    public static List<ReportGoal> statusChanged(DispatchReport report) {
        return report.getGoals().stream()
                .filter(g -> g.getPreviousStatus() != null && g.getPreviousStatus() != g.getStatus())
                .toList();
    }

    /** Goals behind or at risk, the worst first (BEHIND before AT_RISK, then by progress). */
    public static List<ReportGoal> lagging(DispatchReport report) {
        return report.getGoals().stream()
                .filter(g -> g.getStatus() == GoalStatus.BEHIND || g.getStatus() == GoalStatus.AT_RISK)
                .sorted(Comparator.comparing((ReportGoal g) -> g.getStatus() == GoalStatus.BEHIND ? 0 : 1)
                        .thenComparing(g -> g.getProgressRatio() == null ? 0.0 : g.getProgressRatio())
                        .thenComparing(ReportGoal::getGoalKey))
                .toList();
    }

    /** Goals per status, in the order of {@link GoalStatus}. */
    public static Map<GoalStatus, Integer> countByStatus(List<ReportGoal> goals) {
        Map<GoalStatus, Integer> n = new TreeMap<>();
        for (GoalStatus s : GoalStatus.values()) {
            n.put(s, 0);
        }
        goals.forEach(g -> n.merge(g.getStatus(), 1, Integer::sum));
        return n;
    }

    private static BigDecimal scaled(BigDecimal v) {
        return v == null ? null : GoalEvaluator.scaled(v);
    }

    private static Map<String, BigDecimal> sorted(Map<String, BigDecimal> byCounty) {
        Map<String, BigDecimal> out = new TreeMap<>();
        byCounty.forEach((k, v) -> out.put(k, GoalEvaluator.scaled(v)));
        return out;
    }
}
