package city.ordos.plan.api;

import city.ordos.plan.avro.GoalDefinition;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The goal catalog as the compacted goals topic states it (a tombstone removes a goal). */
public final class CatalogView {

    private final Map<String, GoalDefinition> goals = new ConcurrentHashMap<>();

    public void put(String key, GoalDefinition definition) {
        if (definition == null) {
            goals.remove(key);
        } else {
            goals.put(key, definition);
        }
    }

    public Optional<GoalDefinition> get(String key) {
        return Optional.ofNullable(goals.get(key));
    }

    /** Goals in plan order: the headline targets, then the sections by number (1.4 before 1.10), then id. */
    public List<GoalDefinition> all() {
        return goals.values().stream()
                .sorted(Comparator.comparing(GoalDefinition::getSection, SECTION_ORDER)
                        .thenComparing(GoalDefinition::getGoalId))
                .toList();
    }

    /**
     * The plan's order of sections, as the screen shows them: "headline" first, numbered sections
     * by their numbers part by part, anything else last by name. (Read as one integer, every
     * dotted section failed to parse and the headline targets came last in the monthly report.)
     */
    static final Comparator<String> SECTION_ORDER = (a, b) -> {
        int byNumber = Arrays.compare(sectionNumbers(a), sectionNumbers(b));
        return byNumber != 0 ? byNumber : a.compareTo(b);
    };

    private static int[] sectionNumbers(String section) {
        String s = section.trim();
        if (s.equalsIgnoreCase("headline")) {
            return new int[] {-1};
        }
        try {
            return Arrays.stream(s.split("\\.")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException notNumbered) {
            return new int[] {Integer.MAX_VALUE};
        }
    }
}
