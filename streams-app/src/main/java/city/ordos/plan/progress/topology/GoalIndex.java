package city.ordos.plan.progress.topology;

import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.ContributionRole;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The goal catalog turned around for matching: (stream, metric) to the selectors that take such
 * events, decoded once. The hot path does one hash lookup per event instead of scanning goals.
 */
final class GoalIndex {

    /** One selector of one goal. */
    record Match(
            String goalKey,
            String role,
            Set<String> categories,
            StatementType statement,
            String unit,
            PlanCalendar calendar) {
        boolean accepts(String category) {
            return categories.isEmpty() || (category != null && categories.contains(category));
        }
    }

    private record Key(InputStream stream, String metric) {}

    static final GoalIndex EMPTY = new GoalIndex(Map.of(), 0);

    private final Map<Key, List<Match>> byMetric;
    private final int goals;

    private GoalIndex(Map<Key, List<Match>> byMetric, int goals) {
        this.byMetric = byMetric;
        this.goals = goals;
    }

    static GoalIndex of(Iterable<GoalDefinition> definitions) {
        Map<Key, List<Match>> index = new HashMap<>();
        int goals = 0;
        for (GoalDefinition goal : definitions) {
            goals++;
            String goalKey = OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId());
            add(index, goalKey, ContributionRole.FEED, goal.getFeed(), goal.getPlanYear());
            add(index, goalKey, ContributionRole.NUMERATOR, goal.getNumerator(), goal.getPlanYear());
            add(index, goalKey, ContributionRole.DENOMINATOR, goal.getDenominator(), goal.getPlanYear());
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        return new GoalIndex(Map.copyOf(index), goals);
    }

    private static void add(
            Map<Key, List<Match>> index, String goalKey, ContributionRole role, FeedSelector selector, int planYear) {
        if (selector == null) {
            return;
        }
        index.computeIfAbsent(new Key(selector.getStream(), selector.getMetric()), k -> new ArrayList<>())
                .add(new Match(
                        goalKey,
                        role.name(),
                        Set.copyOf(selector.getCategories()),
                        selector.getStatement(),
                        selector.getUnit(),
                        PlanCalendar.of(planYear)));
    }

    /** Selectors taking events of this stream, metric and category. */
    List<Match> matches(InputStream stream, String metric, String category) {
        List<Match> candidates = byMetric.get(new Key(stream, metric));
        if (candidates == null) {
            return List.of();
        }
        boolean all = true;
        for (Match m : candidates) {
            all &= m.accepts(category);
        }
        if (all) {
            return candidates;
        }
        List<Match> accepted = new ArrayList<>(candidates.size());
        for (Match m : candidates) {
            if (m.accepts(category)) {
                accepted.add(m);
            }
        }
        return accepted;
    }

    int goals() {
        return goals;
    }
}
