package city.ordos.plan.producers.imports;

import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.catalog.FeedSpec;
import city.ordos.plan.catalog.GoalSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the catalog's goals read from the tables the importer takes: the statistics metrics, each
 * with the statement shape and unit its selector expects, and the investment tiers (项目类别) a
 * goal counts. A release of another metric or shape, or a project of a tier no goal counts, would
 * only be dead-lettered by the app ({@code NO_MATCHING_GOAL}), so the importer says so at once, to
 * whoever imports the table or submits it on the web.
 */
public final class CatalogFeeds {

    /** The metric every investment table row reports (完成投资). */
    public static final String INVESTMENT_METRIC = "investment.completed";

    /** What the goals reading a metric expect of it. */
    public record Expected(String statement, String unit) {}

    private final Map<String, Expected> metrics;
    /** Null: some goal takes completed investment of every tier. */
    private final Set<String> investmentTiers;

    private CatalogFeeds(Map<String, Expected> metrics, Set<String> investmentTiers) {
        this.metrics = metrics;
        this.investmentTiers = investmentTiers;
    }

    public static CatalogFeeds of(Catalog catalog) {
        Map<String, Expected> metrics = new TreeMap<>();
        Set<String> tiers = new TreeSet<>();
        boolean everyTier = false;
        for (GoalSpec goal : catalog.goals()) {
            for (FeedSpec f : Stream.of(goal.feed(), goal.numerator(), goal.denominator())
                    .filter(f -> f != null && f.metric() != null)
                    .toList()) {
                if ("STATISTICS".equals(f.stream())) {
                    metrics.putIfAbsent(f.metric(), expected(f));
                } else if ("INVESTMENT".equals(f.stream()) && INVESTMENT_METRIC.equals(f.metric())) {
                    // No categories: the selector takes every tier (as the app's goal index reads it).
                    everyTier |= f.categories().isEmpty();
                    tiers.addAll(f.categories());
                }
            }
        }
        return new CatalogFeeds(Map.copyOf(metrics), everyTier ? null : Set.copyOf(tiers));
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

    /** True when some goal counts the completed investment of projects of {@code tier}. */
    public boolean countsInvestmentOf(String tier) {
        return investmentTiers == null || investmentTiers.contains(tier);
    }

    /** The tiers some goal counts, sorted (empty when a goal counts every tier, or none does). */
    public Set<String> investmentTiers() {
        return investmentTiers == null ? Set.of() : new TreeSet<>(investmentTiers);
    }
}
