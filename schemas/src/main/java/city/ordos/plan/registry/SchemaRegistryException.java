package city.ordos.plan.registry;

/**
 * A schema registry refused or failed a request. Carries the HTTP status and the registry's
 * {@code error_code} (Confluent's codes, e.g. 40401 subject not found, 409 / 40901 incompatible,
 * 42201 invalid schema) so callers can tell a bad schema from an outage.
 *
 * <p>{@link #httpStatus()} is {@link #NO_RESPONSE} when no HTTP answer arrived at all (connection
 * refused, timeout) after all retries.
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int NO_RESPONSE = -1;

    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(describe(httpStatus, errorCode, message), cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = message;
    }

    /** The message without the status suffix. */
    public String registryMessage() {
        return registryMessage;
    }

    /** HTTP status of the registry's answer, or {@link #NO_RESPONSE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}; the HTTP status when the answer carried none. */
    public int errorCode() {
        return errorCode;
    }

    /** True for failures a later attempt may not see: 429, 5xx, no answer at all. */
    public boolean isRetriable() {
        return httpStatus == NO_RESPONSE || httpStatus == 429 || httpStatus >= 500;
    }

    private static String describe(int httpStatus, int errorCode, String message) {
        if (httpStatus == NO_RESPONSE) {
            return message;
        }
        return message + " (HTTP " + httpStatus + ", error_code " + errorCode + ")";
    }

    /** Maps a registry error answer to the most specific exception type. */
    static SchemaRegistryException of(int httpStatus, int errorCode, String message) {
        if (httpStatus == 409 || errorCode == 409 || errorCode == 40901) {
            return new IncompatibleSchemaException(httpStatus, errorCode, message);
        }
        if (httpStatus == 404 || errorCode / 100 == 404) {
            return new SchemaNotFoundException(httpStatus, errorCode, message);
        }
        return new SchemaRegistryException(httpStatus, errorCode, message);
    }
}
