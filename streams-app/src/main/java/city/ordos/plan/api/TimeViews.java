package city.ordos.plan.api;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.vocabulary.Counties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of time travel, drill-downs and reports (docs/openapi.yaml). Past moments answer
 * with the live shapes plus a {@code moment} saying which clock and moment they are for.
 */
public final class TimeViews {

    private TimeViews() {}

    /**
     * @param mode    LIVE, AS_OF (a plan day as known today) or KNOWN_AT (what was shown at a moment)
     * @param date    the plan day (Asia/Shanghai)
     * @param instant the moment itself (the end of the day for AS_OF)
     */
    public record MomentView(String mode, String date, String instant) {}

    /** A figure rebuilt for a past day: it was never computed at one moment, so computedAt is null. */
    static Views.GoalView rebuilt(GoalProgress p) {
        Views.GoalView v = Views.GoalView.of(p);
        return new Views.GoalView(
                v.key(),
                v.planId(),
                v.goalId(),
                v.section(),
                v.nameZh(),
                v.nameEn(),
                v.unit(),
                v.kind(),
                v.comparator(),
                v.target(),
                v.actual(),
                v.progressRatio(),
                v.expectedByNow(),
                v.projectedYearEnd(),
                v.status(),
                v.byCounty(),
                v.contributingSources(),
                v.latestEventTime(),
                v.asOf(),
                null);
    }

    static Views.HistoryPoint point(Views.GoalView g) {
        return new Views.HistoryPoint(g.asOf(), g.actual(), g.expectedByNow(), g.progressRatio(), g.status());
    }

    /** The nine county-level units with the goal's value and share in each (null where it has none). */
    static List<Views.CountyValue> counties(Views.GoalView g) {
        Map<String, BigDecimal> byCounty = g.byCounty();
        BigDecimal total = byCounty.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Views.CountyValue> out = new ArrayList<>();
        for (County c : County.values()) {
            BigDecimal v = byCounty.get(c.name());
            Double share = v == null || total.signum() == 0 ? null : v.doubleValue() / total.doubleValue();
            out.add(new Views.CountyValue(c.name(), Counties.chineseName(c), Counties.englishName(c), v, share));
        }
        return out;
    }

    public record GoalListAt(MomentView moment, List<Views.GoalView> goals, int instances, boolean complete) {}

    public record GoalDetailAt(
            MomentView moment,
            Views.GoalView progress,
            List<Views.HistoryPoint> history,
            List<Views.CountyValue> counties) {}

    public record SourcesAt(
            MomentView moment,
            String key,
            String unit,
            BigDecimal actual,
            int total,
            List<TimelineShare.SourceView> sources) {}

    public record Restatements(String key, List<TimelineShare.RestatementView> restatements) {}

    public record DashboardAt(
            MomentView moment,
            List<Views.GoalView> goals,
            Map<String, List<Views.HistoryPoint>> history,
            List<Views.AlertView> alerts,
            List<Views.CatalogGoal> catalog,
            String latestData,
            boolean complete) {}

    /** One alert episode with its updates up to the moment, oldest first. */
    public record AlertEpisode(
            String alertId,
            String kind,
            String severity,
            String state,
            String firedAt,
            String changedAt,
            List<Views.AlertView> updates) {
        static AlertEpisode of(List<GoalAlert> updates) {
            GoalAlert first = updates.get(0);
            GoalAlert last = updates.get(updates.size() - 1);
            return new AlertEpisode(
                    first.getAlertId(),
                    last.getKind().name(),
                    last.getSeverity().name(),
                    last.getState().name(),
                    Views.time(first.getFiredAt()),
                    Views.time(last.getChangedAt()),
                    updates.stream().map(Views.AlertView::of).toList());
        }
    }

    /** Everything on a goal's page but its sources (those come separately, they can be many). */
    public record GoalPage(
            MomentView moment,
            Views.CatalogGoal goal,
            Views.GoalView progress,
            List<Views.HistoryPoint> history,
            List<Views.CountyValue> counties,
            List<TimelineShare.RestatementView> restatements,
            List<AlertEpisode> alerts) {}

    /** One goal seen from one county: the county's value and its share of the goal's total. */
    /**
     * A goal's figure in one county: {@code unit} is the county breakdown's, the goal's own but for
     * ratios and growth rates (GoalEvaluator.countyUnit); {@code share} of the county sums.
     */
    public record CountyGoal(Views.GoalView goal, BigDecimal value, String unit, Double share) {}

    public record CountyPage(MomentView moment, String county, String nameZh, String nameEn, List<CountyGoal> goals) {}

    /** A department: how many goals it owns, by status, and its open alerts. */
    public record DepartmentSummary(
            String department, String departmentEn, int goals, Map<String, Integer> byStatus, int openAlerts) {}

    public record DepartmentList(MomentView moment, List<DepartmentSummary> departments) {}

    public record DepartmentPage(
            MomentView moment,
            String department,
            String departmentEn,
            List<Views.GoalView> goals,
            List<Views.AlertView> openAlerts) {}

    /** A project (a source of a major-project goal) and what it contributes to which goal. */
    public record ProjectRow(String goalKey, String goalNameZh, String goalNameEn, TimelineShare.SourceView source) {}

    public record ProjectList(MomentView moment, String query, int total, int offset, List<ProjectRow> projects) {}
}
