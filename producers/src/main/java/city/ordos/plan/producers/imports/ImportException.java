package city.ordos.plan.producers.imports;

/** A file that cannot be imported at all (unreadable encoding, missing columns): nothing is published. */
public final class ImportException extends Exception {

    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
