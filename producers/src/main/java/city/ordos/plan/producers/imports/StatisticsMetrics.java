package city.ordos.plan.producers.imports;

import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.catalog.FeedSpec;
import city.ordos.plan.catalog.GoalSpec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The statistics metrics the catalog's goals read, each with the statement shape and unit its
 * selector expects: a release of another metric or shape would only be dead-lettered by the app,
 * so the importer says so at once, on the console of whoever imports the table.
 */
public final class StatisticsMetrics {

    /** What the goals reading a metric expect of it. */
    public record Expected(String statement, String unit) {}

    private final Map<String, Expected> metrics;

    private StatisticsMetrics(Map<String, Expected> metrics) {
        this.metrics = metrics;
    }

    public static StatisticsMetrics of(Catalog catalog) {
        Map<String, Expected> metrics = new TreeMap<>();
        for (GoalSpec goal : catalog.goals()) {
            Stream.of(goal.feed(), goal.numerator(), goal.denominator())
                    .filter(f -> f != null && "STATISTICS".equals(f.stream()) && f.metric() != null)
                    .forEach(f -> metrics.putIfAbsent(f.metric(), expected(f)));
        }
        return new StatisticsMetrics(Map.copyOf(metrics));
    }

    private static Expected expected(FeedSpec feed) {
        return new Expected(feed.statement() == null ? "YEAR_TO_DATE" : feed.statement(), feed.unit());
    }

    public Optional<Expected> lookup(String metric) {
        return Optional.ofNullable(metrics.get(metric));
    }

    /** A few known metrics, for messages. */
    public String examples() {
        return String.join(", ", metrics.keySet().stream().sorted().limit(6).toList()) + " … (" + metrics.size()
                + " in the catalog, listed in docs/goals.md)";
    }
}
