package city.ordos.plan.catalog;

import city.ordos.plan.avro.GoalDefinition;
import java.util.List;

/** The 2025 goal catalog bundled with the product ({@code catalog/ordos-2025.yaml} on the classpath). */
public final class BuiltInCatalog {

    public static final String RESOURCE = "catalog/ordos-2025.yaml";

    private BuiltInCatalog() {}

    /** The bundled catalog as parsed, before validation. */
    public static Catalog parse() {
        return new CatalogParser().parseResource(RESOURCE);
    }

    /** The bundled catalog's goals, validated (a catalog error fails with every problem listed). */
    public static List<GoalDefinition> goals() {
        return CatalogValidator.standard().validate(parse());
    }
}
