package city.ordos.plan.producers.sim;

import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.InputStream;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which goals the {@code lagging} and {@code data-gap} scenarios pick when the caller names none.
 * The rule reads only the catalog, so it stays deterministic when targets change:
 *
 * <ul>
 *   <li>lagging: major-projects-investment, gdp-growth, new-energy-capacity and
 *       desertified-land-treated, those the catalog has; in a catalog with none of them, by goal
 *       id, the first CUMULATIVE goal fed from INVESTMENT, the first GROWTH goal
 *       fed from STATISTICS, the first LEVEL goal fed from ENERGY and the first CUMULATIVE goal fed
 *       from ENVIRONMENT (those that exist); the first goal by id if none does;</li>
 *   <li>data-gap: by goal id, the first goal fed only from ENVIRONMENT, with a cadence of at most
 *       60 days (so that it turns stale within the year), that is not one of the lagging choices;
 *       the first goal by id if none is.</li>
 * </ul>
 */
public final class GoalChoice {

    private GoalChoice() {}

    /** The goals the Ordos catalog's lagging year is about, when the catalog has them. */
    static final List<String> PREFERRED_LAGGING =
            List.of("major-projects-investment", "gdp-growth", "new-energy-capacity", "desertified-land-treated");

    public static Set<String> lagging(List<GoalDefinition> goals) {
        List<GoalDefinition> sorted = sorted(goals);
        Set<String> chosen = new LinkedHashSet<>();
        for (String id : PREFERRED_LAGGING) {
            if (sorted.stream().anyMatch(g -> g.getGoalId().equals(id))) {
                chosen.add(id);
            }
        }
        if (!chosen.isEmpty()) {
            return chosen;
        }
        first(sorted, GoalKind.CUMULATIVE, InputStream.INVESTMENT).ifPresent(chosen::add);
        first(sorted, GoalKind.GROWTH, InputStream.STATISTICS).ifPresent(chosen::add);
        first(sorted, GoalKind.LEVEL, InputStream.ENERGY).ifPresent(chosen::add);
        first(sorted, GoalKind.CUMULATIVE, InputStream.ENVIRONMENT).ifPresent(chosen::add);
        if (chosen.isEmpty() && !sorted.isEmpty()) {
            chosen.add(sorted.get(0).getGoalId());
        }
        return chosen;
    }

    public static Set<String> silent(List<GoalDefinition> goals) {
        List<GoalDefinition> sorted = sorted(goals);
        Set<String> lagging = lagging(goals);
        for (GoalDefinition g : sorted) {
            if (!lagging.contains(g.getGoalId())
                    && g.getCadenceDays() <= 60
                    && selectors(g).stream().allMatch(s -> s.getStream() == InputStream.ENVIRONMENT)
                    && !selectors(g).isEmpty()) {
                return Set.of(g.getGoalId());
            }
        }
        return sorted.isEmpty() ? Set.of() : Set.of(sorted.get(0).getGoalId());
    }

    static List<FeedSelector> selectors(GoalDefinition g) {
        return Stream.of(g.getFeed(), g.getNumerator(), g.getDenominator())
                .filter(Objects::nonNull)
                .toList();
    }

    private static Optional<String> first(List<GoalDefinition> sorted, GoalKind kind, InputStream stream) {
        return sorted.stream()
                .filter(g -> g.getKind() == kind
                        && g.getFeed() != null
                        && g.getFeed().getStream() == stream)
                .map(GoalDefinition::getGoalId)
                .findFirst();
    }

    private static List<GoalDefinition> sorted(List<GoalDefinition> goals) {
        return goals.stream()
                .sorted(Comparator.comparing(GoalDefinition::getGoalId))
                .toList();
    }
}
