package city.ordos.plan.catalog;

/** The catalog could not be (completely) published: the goals topic could not be read or a send failed. */
public final class CatalogPublishException extends RuntimeException {
    public CatalogPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
