package city.ordos.plan.producers.imports;

/** A file that cannot be imported at all (unreadable encoding, missing columns): nothing is published. */
public final class ImportException extends Exception {

    private final RejectReason reason;

    /** @param message what is wrong, in English, naming the file, column or bytes at fault */
    public ImportException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImportException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What kind of problem it is; its Chinese and English texts say what it means. */
    public RejectReason reason() {
        return reason;
    }
}
