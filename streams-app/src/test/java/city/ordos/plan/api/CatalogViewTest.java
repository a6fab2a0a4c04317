package city.ordos.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.catalog.BuiltInCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The catalog in the plan's order: what the monthly report, the departments page and exports list. */
class CatalogViewTest {

    @Test
    void headlineTargetsComeFirstThenSectionsByTheirNumbers() {
        CatalogView catalog = new CatalogView();
        // Put in an order that is none of the orders checked.
        for (String[] g : new String[][] {
            {"water", "8.4"},
            {"gdp", "headline"},
            {"toilets", "1.10"},
            {"land", "1.4"},
            {"gas", "2.1"},
            {"fai", "headline"},
            {"odd", "annex"},
            {"wind", "1.4"}
        }) {
            catalog.put("ordos-2025/" + g[0], Samples.definition(g[0], g[1], g[0], g[0], "1"));
        }
        List<String> order =
                catalog.all().stream().map(GoalDefinition::getGoalId).toList();
        assertThat(order).containsExactly("fai", "gdp", "land", "wind", "toilets", "gas", "water", "odd");
    }

    @Test
    void everyUnitOfTheBuiltInCatalogHasAnEnglishNameForTheEnglishPages() {
        for (GoalDefinition d : BuiltInCatalog.goals()) {
            Views.CatalogGoal g = Views.CatalogGoal.of(d);
            List<String> english = new ArrayList<>(List.of(g.unitEn(), g.countyUnitEn()));
            for (Views.Feed f : new Views.Feed[] {g.feed(), g.numerator(), g.denominator()}) {
                if (f != null) {
                    english.add(f.unitEn());
                }
            }
            assertThat(english)
                    .as(g.key() + " " + g.unit())
                    .allSatisfy(u -> assertThat(u).isNotNull().doesNotContainPattern("\\p{IsHan}"));
        }
        Views.CatalogGoal wind = BuiltInCatalog.goals().stream()
                .filter(d -> Objects.equals(d.getUnit(), "万千瓦"))
                .map(Views.CatalogGoal::of)
                .findFirst()
                .orElseThrow();
        assertThat(wind.unitEn()).isEqualTo("10 MW");
    }
}
