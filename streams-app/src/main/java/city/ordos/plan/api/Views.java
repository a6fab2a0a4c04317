package city.ordos.plan.api;

import city.ordos.plan.alerts.Quantities;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalAlert;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.progress.GoalEvaluator;
import city.ordos.plan.vocabulary.Counties;
import city.ordos.plan.vocabulary.Departments;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the query API (documented in docs/openapi.yaml; a test keeps the two equal).
 * Times are ISO-8601 instants; decimals are JSON numbers exact to six places.
 */
public final class Views {

    private Views() {}

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static String timeMillis(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    static BigDecimal plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    /** Latest progress of one goal. */
    public record GoalView(
            String key,
            String planId,
            String goalId,
            String section,
            String nameZh,
            String nameEn,
            String unit,
            String kind,
            String comparator,
            BigDecimal target,
            BigDecimal actual,
            Double progressRatio,
            BigDecimal expectedByNow,
            BigDecimal projectedYearEnd,
            String status,
            Map<String, BigDecimal> byCounty,
            int contributingSources,
            String latestEventTime,
            String asOf,
            String computedAt) {

        public static GoalView of(GoalProgress p) {
            Map<String, BigDecimal> counties = new LinkedHashMap<>();
            p.getByCounty().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> counties.put(e.getKey(), plain(e.getValue())));
            return new GoalView(
                    p.getPlanId() + "/" + p.getGoalId(),
                    p.getPlanId(),
                    p.getGoalId(),
                    p.getSection(),
                    p.getNameZh(),
                    p.getNameEn(),
                    p.getUnit(),
                    p.getKind().name(),
                    p.getComparator().name(),
                    plain(p.getTarget()),
                    plain(p.getActual()),
                    p.getProgressRatio(),
                    plain(p.getExpectedByNow()),
                    plain(p.getProjectedYearEnd()),
                    p.getStatus().name(),
                    counties,
                    p.getContributingSources(),
                    time(p.getLatestEventTime()),
                    time(p.getAsOf()),
                    time(p.getComputedAt()));
        }
    }

    public record GoalList(List<GoalView> goals, int instances, boolean complete) {}

    /** One point of a goal's recent history (the latest figure of one plan day). */
    public record HistoryPoint(
            String asOf, BigDecimal actual, BigDecimal expectedByNow, Double progressRatio, String status) {
        public static HistoryPoint of(GoalProgress p) {
            return new HistoryPoint(
                    time(p.getAsOf()),
                    plain(p.getActual()),
                    plain(p.getExpectedByNow()),
                    p.getProgressRatio(),
                    p.getStatus().name());
        }
    }

    public record CountyValue(String county, String nameZh, String nameEn, BigDecimal value, Double share) {}

    public record GoalDetail(GoalView progress, List<HistoryPoint> history, List<CountyValue> counties) {

        public static GoalDetail of(GoalProgress p, List<HistoryPoint> history) {
            BigDecimal total = p.getByCounty().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            List<CountyValue> counties = new ArrayList<>();
            for (County c : County.values()) {
                BigDecimal v = p.getByCounty().get(c.name());
                Double share = v == null || total.signum() == 0 ? null : v.doubleValue() / total.doubleValue();
                counties.add(
                        new CountyValue(c.name(), Counties.chineseName(c), Counties.englishName(c), plain(v), share));
            }
            return new GoalDetail(GoalView.of(p), history, counties);
        }
    }

    /** What one source contributes to one role (FEED, NUMERATOR, DENOMINATOR) of a goal. */
    public record Contribution(
            String role,
            String sourceId,
            String unit,
            BigDecimal value,
            int statements,
            String county,
            String latestEventTime,
            String latestReportedAt,
            String latestEventId,
            String sourceTopic,
            int sourcePartition,
            long sourceOffset) {}

    public record GoalContributions(String key, String unit, BigDecimal actual, List<Contribution> contributions) {
        public static GoalContributions of(GoalProgress p, List<Contribution> contributions) {
            List<Contribution> sorted = new ArrayList<>(contributions);
            sorted.sort(Comparator.comparing(Contribution::role)
                    .thenComparing(Contribution::value, Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(Contribution::sourceId));
            return new GoalContributions(
                    p.getPlanId() + "/" + p.getGoalId(), p.getUnit(), plain(p.getActual()), sorted);
        }
    }

    public record AlertView(
            String alertId,
            int sequence,
            String planId,
            String goalId,
            String section,
            String department,
            String kind,
            String state,
            String severity,
            String statusBefore,
            String statusAfter,
            String unit,
            BigDecimal target,
            BigDecimal actual,
            BigDecimal expected,
            BigDecimal projectedYearEnd,
            String firedAt,
            String changedAt,
            String messageZh,
            String messageEn) {
        public static AlertView of(GoalAlert a) {
            return new AlertView(
                    a.getAlertId(),
                    a.getSequence(),
                    a.getPlanId(),
                    a.getGoalId(),
                    a.getSection(),
                    a.getDepartment(),
                    a.getKind().name(),
                    a.getState().name(),
                    a.getSeverity().name(),
                    a.getStatusBefore().name(),
                    a.getStatusAfter().name(),
                    a.getUnit(),
                    plain(a.getTarget()),
                    plain(a.getActual()),
                    plain(a.getExpected()),
                    plain(a.getProjectedYearEnd()),
                    time(a.getFiredAt()),
                    time(a.getChangedAt()),
                    a.getMessageZh(),
                    a.getMessageEn());
        }
    }

    public record AlertList(List<AlertView> active, List<AlertView> recent) {}

    /** A goal's input; {@code unitEn} is the unit's English name ({@link Quantities#enUnit}). */
    public record Feed(
            String stream, String metric, List<String> categories, String statement, String unit, String unitEn) {
        static Feed of(FeedSelector f) {
            return f == null
                    ? null
                    : new Feed(
                            f.getStream().name(),
                            f.getMetric(),
                            List.copyOf(f.getCategories()),
                            f.getStatement().name(),
                            f.getUnit(),
                            Quantities.enUnit(f.getUnit()));
        }
    }

    /**
     * A goal of the catalog; {@code unitEn} and {@code countyUnitEn} name its units in English for
     * the English pages, the values staying in the Chinese unit ({@link Quantities#enUnit}).
     */
    public record CatalogGoal(
            String key,
            String planId,
            String goalId,
            int planYear,
            String section,
            String sectionTitleZh,
            String sectionTitleEn,
            String phraseZh,
            String nameZh,
            String nameEn,
            String unit,
            String comparator,
            BigDecimal target,
            BigDecimal tolerance,
            String kind,
            BigDecimal baseline2024,
            String department,
            Feed feed,
            Feed numerator,
            Feed denominator,
            String pace,
            String judgedPace,
            BigDecimal startLevel,
            int cadenceDays,
            boolean ambiguous,
            String readingNote,
            String readingNoteZh,
            String countyUnit,
            String departmentEn,
            String unitEn,
            String countyUnitEn) {
        public static CatalogGoal of(GoalDefinition d) {
            return new CatalogGoal(
                    d.getPlanId() + "/" + d.getGoalId(),
                    d.getPlanId(),
                    d.getGoalId(),
                    d.getPlanYear(),
                    d.getSection(),
                    d.getSectionTitleZh(),
                    d.getSectionTitleEn(),
                    d.getPhraseZh(),
                    d.getNameZh(),
                    d.getNameEn(),
                    d.getUnit(),
                    d.getComparator().name(),
                    plain(d.getTarget()),
                    plain(d.getTolerance()),
                    d.getKind().name(),
                    plain(d.getBaseline2024()),
                    d.getDepartment(),
                    Feed.of(d.getFeed()),
                    Feed.of(d.getNumerator()),
                    Feed.of(d.getDenominator()),
                    d.getPace(),
                    GoalEvaluator.judgedPace(d),
                    plain(d.getStartLevel()),
                    d.getCadenceDays(),
                    d.getAmbiguous(),
                    d.getReadingNote(),
                    d.getReadingNoteZh(),
                    GoalEvaluator.countyUnit(d),
                    Departments.englishName(d.getDepartment()),
                    Quantities.enUnit(d.getUnit()),
                    Quantities.enUnit(GoalEvaluator.countyUnit(d)));
        }
    }

    public record Catalog(List<CatalogGoal> goals) {}

    public record SilenceView(String goalKey, String until, String reason, String createdBy) {}

    public record SilenceRequest(String goalId, String until, String reason, String createdBy) {}

    public record SilenceList(List<SilenceView> silences) {}

    public record Health(String status, String streamsState) {}

    public record Problem(int status, String error) {}

    /** Everything the dashboard needs to (re)draw, in one read. */
    public record DashboardSnapshot(
            List<GoalView> goals,
            Map<String, List<HistoryPoint>> history,
            List<AlertView> alerts,
            List<CatalogGoal> catalog,
            String latestData,
            boolean complete) {}
}
