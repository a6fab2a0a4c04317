package city.ordos.plan.api;

import city.ordos.plan.avro.GoalDefinition;
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

    /** Goals in plan order: by section (numeric sections after 'headline'), then id. */
    public List<GoalDefinition> all() {
        return goals.values().stream()
                .sorted(Comparator.comparing((GoalDefinition d) -> sectionOrder(d.getSection()))
                        .thenComparing(GoalDefinition::getSection)
                        .thenComparing(GoalDefinition::getGoalId))
                .toList();
    }

    static int sectionOrder(String section) {
        try {
            return Integer.parseInt(section.trim());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }
}
