package city.ordos.plan.catalog;

import java.util.List;
import java.util.Map;

/**
 * A catalog file as parsed, before validation: one plan (planId, planYear), its sections and its
 * goal entries. {@code problems} holds what the parser could not read into the model (a field of
 * the wrong shape, an unknown top-level field); the validator reports them with its own findings.
 */
public record Catalog(
        String source,
        String planId,
        String planYear,
        Map<String, Section> sections,
        List<GoalSpec> goals,
        List<CatalogError> problems) {
    public Catalog {
        sections = Map.copyOf(sections);
        goals = List.copyOf(goals);
        problems = List.copyOf(problems);
    }
}
