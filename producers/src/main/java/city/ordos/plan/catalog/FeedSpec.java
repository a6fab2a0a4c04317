package city.ordos.plan.catalog;

import java.util.List;

/**
 * A feed rule as written in the catalog file (raw text, checked by {@link CatalogValidator}):
 * stream, metric, categories, statement shape and the unit the aggregate is kept in.
 */
public record FeedSpec(String stream, String metric, List<String> categories, String statement, String unit) {
    public FeedSpec {
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
