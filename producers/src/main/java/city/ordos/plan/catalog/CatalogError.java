package city.ordos.plan.catalog;

/**
 * One thing wrong with a catalog: the entry (goal id, '#n' for an entry without one, or 'plan' for
 * the file's header), the field and what is wrong.
 */
public record CatalogError(String entry, String field, String message) {
    @Override
    public String toString() {
        return entry + "." + field + ": " + message;
    }
}
