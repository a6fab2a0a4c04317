package city.ordos.plan.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** A catalog that must not be published: every error found, each naming its entry and field. */
public final class CatalogException extends RuntimeException {

    private final transient List<CatalogError> errors;

    public CatalogException(String source, List<CatalogError> errors) {
        super(message(source, errors));
        this.errors = List.copyOf(errors);
    }

    public CatalogException(String source, String message, Throwable cause) {
        super("catalog " + source + ": " + message, cause);
        this.errors = List.of(new CatalogError("file", "-", message));
    }

    public List<CatalogError> errors() {
        return errors;
    }

    private static String message(String source, List<CatalogError> errors) {
        return "catalog " + source + " has " + errors.size() + " error(s), nothing published:\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
