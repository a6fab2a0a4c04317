package city.ordos.plan.matching;

import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.ContributionRole;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The goal catalog turned around for matching: (stream, metric) to the selectors that take such
 * events, decoded once. The hot path does one hash lookup per event instead of scanning goals.
 * One index for the streams app's intake and the Flink peer's, so both match events the same
 * way; serializable because Flink ships it to its tasks with the intake function.
 */
public final class GoalIndex implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One selector of one goal. */
    public record Match(
            String goalKey,
            String role,
            Set<String> categories,
            StatementType statement,
            String unit,
            PlanCalendar calendar)
            implements Serializable {
        public boolean accepts(String category) {
            return categories.isEmpty() || (category != null && categories.contains(category));
        }
    }

    private record Key(InputStream stream, String metric) implements Serializable {}

    public static final GoalIndex EMPTY = new GoalIndex(new HashMap<>(), 0);

    /** HashMap and unmodifiable ArrayLists, not Map.copyOf: the index is Java-serialized into Flink's job graph. */
    private final Map<Key, List<Match>> byMetric;

    private final int goals;

    private GoalIndex(Map<Key, List<Match>> byMetric, int goals) {
        this.byMetric = byMetric;
        this.goals = goals;
    }

    public static GoalIndex of(Iterable<GoalDefinition> definitions) {
        Map<Key, List<Match>> index = new HashMap<>();
        int goals = 0;
        for (GoalDefinition goal : definitions) {
            goals++;
            String goalKey = OrdosTopics.goalKey(goal.getPlanId(), goal.getGoalId());
            add(index, goalKey, ContributionRole.FEED, goal.getFeed(), goal.getPlanYear());
            add(index, goalKey, ContributionRole.NUMERATOR, goal.getNumerator(), goal.getPlanYear());
            add(index, goalKey, ContributionRole.DENOMINATOR, goal.getDenominator(), goal.getPlanYear());
        }
        index.replaceAll((k, v) -> Collections.unmodifiableList(new ArrayList<>(v)));
        return new GoalIndex(index, goals);
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
    public List<Match> matches(InputStream stream, String metric, String category) {
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

    /** Goals in the catalog the index was built from. */
    public int goals() {
        return goals;
    }
}
