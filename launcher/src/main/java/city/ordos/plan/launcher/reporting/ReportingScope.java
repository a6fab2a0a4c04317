package city.ordos.plan.launcher.reporting;

import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.StatisticsRelease;
import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.catalog.FeedSpec;
import city.ordos.plan.catalog.GoalSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Which departments answer for a statement, from the catalog's {@code department}: a statistics
 * release belongs to the departments of the goals that read its metric, an investment report to the
 * departments of the goals fed by investment reports. A reporter may submit only statements one of
 * their departments answers for.
 */
public final class ReportingScope {

    private final List<GoalSpec> goals;
    private final Map<String, Set<String>> departmentsByMetric;
    private final Set<String> investmentDepartments;

    private ReportingScope(
            List<GoalSpec> goals, Map<String, Set<String>> departmentsByMetric, Set<String> investmentDepartments) {
        this.goals = goals;
        this.departmentsByMetric = departmentsByMetric;
        this.investmentDepartments = investmentDepartments;
    }

    public static ReportingScope of(Catalog catalog) {
        Map<String, Set<String>> byMetric = new TreeMap<>();
        Set<String> investment = new TreeSet<>();
        for (GoalSpec goal : catalog.goals()) {
            for (FeedSpec feed : feeds(goal)) {
                if ("STATISTICS".equals(feed.stream()) && feed.metric() != null) {
                    byMetric.computeIfAbsent(feed.metric(), m -> new TreeSet<>())
                            .add(goal.department());
                } else if ("INVESTMENT".equals(feed.stream())) {
                    investment.add(goal.department());
                }
            }
        }
        return new ReportingScope(List.copyOf(catalog.goals()), byMetric, investment);
    }

    /** The departments that answer for the statement; empty if no goal reads it. */
    public Set<String> departmentsOf(SpecificRecord statement) {
        if (statement instanceof StatisticsRelease release) {
            return departmentsByMetric.getOrDefault(release.getMetric(), Set.of());
        }
        if (statement instanceof InvestmentReport) {
            return investmentDepartments;
        }
        return Set.of();
    }

    /** The goals one of the departments owns, in catalog order, with the metric or stream each reads. */
    public List<GoalSpec> goalsOf(Set<String> departments) {
        return goals.stream().filter(g -> departments.contains(g.department())).toList();
    }

    public List<GoalSpec> allGoals() {
        return goals;
    }

    static List<FeedSpec> feeds(GoalSpec goal) {
        return Stream.of(goal.feed(), goal.numerator(), goal.denominator())
                .filter(Objects::nonNull)
                .toList();
    }
}
