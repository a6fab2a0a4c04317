package city.ordos.plan.flink;

import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.ContributionRole;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The goal catalog turned around for matching, as the streams app's GoalIndex does: (stream, metric)
 * to the selectors that take such events, so the hot path is one hash lookup per event. Serializable
 * because Flink ships it to the task with the intake function.
 */
final class GoalSelectors implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One selector of one goal. */
    record Selector(
            String goalKey, String role, Set<String> categories, StatementType statement, String unit, int planYear)
            implements Serializable {
        boolean accepts(String category) {
            return categories.isEmpty() || (category != null && categories.contains(category));
        }
    }

    private record Key(InputStream stream, String metric) implements Serializable {}

    private final Map<Key, List<Selector>> byMetric;
    private final int goals;

    private GoalSelectors(Map<Key, List<Selector>> byMetric, int goals) {
        this.byMetric = byMetric;
        this.goals = goals;
    }

    static GoalSelectors of(Iterable<GoalDefinition> definitions) {
        Map<Key, List<Selector>> index = new HashMap<>();
        int goals = 0;
        for (GoalDefinition goal : definitions) {
            goals++;
            String goalKey = OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId());
            add(index, goalKey, ContributionRole.FEED, goal.getFeed(), goal.getPlanYear());
            add(index, goalKey, ContributionRole.NUMERATOR, goal.getNumerator(), goal.getPlanYear());
            add(index, goalKey, ContributionRole.DENOMINATOR, goal.getDenominator(), goal.getPlanYear());
        }
        // HashMap and ArrayList, not Map.copyOf: the index is Java-serialized into the job graph.
        index.replaceAll((k, v) -> new ArrayList<>(v));
        return new GoalSelectors(index, goals);
    }

    private static void add(
            Map<Key, List<Selector>> index,
            String goalKey,
            ContributionRole role,
            FeedSelector selector,
            int planYear) {
        if (selector == null) {
            return;
        }
        index.computeIfAbsent(new Key(selector.getStream(), selector.getMetric()), k -> new ArrayList<>())
                .add(new Selector(
                        goalKey,
                        role.name(),
                        Set.copyOf(selector.getCategories()),
                        selector.getStatement(),
                        selector.getUnit(),
                        planYear));
    }

    /** Selectors taking events of this stream, metric and category. */
    List<Selector> matches(InputStream stream, String metric, String category) {
        List<Selector> candidates = byMetric.get(new Key(stream, metric));
        if (candidates == null) {
            return List.of();
        }
        List<Selector> accepted = new ArrayList<>(candidates.size());
        for (Selector s : candidates) {
            if (s.accepts(category)) {
                accepted.add(s);
            }
        }
        return accepted;
    }

    int goals() {
        return goals;
    }
}
