package city.ordos.plan.infra.registry;

/**
 * An error answered to the client as Confluent's registry answers it: the HTTP status plus
 * {@code {"error_code", "message"}}, with Confluent's error codes.
 */
public final class RegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(int version) {
        return new RegistryException(404, 40402, "Version " + version + " not found.");
    }

    static RegistryException schemaNotFound() {
        return new RegistryException(404, 40403, "Schema not found");
    }

    static RegistryException schemaNotFound(int id) {
        return new RegistryException(404, 40403, "Schema " + id + " not found");
    }

    static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(
                404, 40404, "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(
                404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }

    static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(
                404,
                40406,
                "Subject '" + subject + "' Version " + version
                        + " was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(
                404,
                40407,
                "Subject '" + subject + "' Version " + version
                        + " was not deleted first before being permanently deleted");
    }

    static RegistryException subjectLevelNotConfigured(String subject) {
        return new RegistryException(
                404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryException subjectModeNotConfigured(String subject) {
        return new RegistryException(
                404, 40409, "Subject '" + subject + "' does not have subject-level mode configured");
    }

    static RegistryException incompatible(String message) {
        return new RegistryException(409, 40901, message);
    }

    static RegistryException invalidSchema(String detail) {
        return new RegistryException(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(
                422,
                42202,
                "The specified version '" + version
                        + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel(String given) {
        return new RegistryException(
                422,
                42203,
                "Invalid compatibility level '" + given
                        + "'. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
    }

    static RegistryException invalidMode(String detail) {
        return new RegistryException(422, 42204, detail);
    }

    static RegistryException operationNotPermitted(String detail) {
        return new RegistryException(422, 42205, detail);
    }

    static RegistryException referenceExists(String subject, int version) {
        return new RegistryException(
                422,
                42206,
                "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=" + subject + ",version="
                        + version + "}.");
    }

    /**
     * A request field this registry does not support (metadata, rule sets, some config fields):
     * refused, never accepted and dropped. Confluent answers requests it cannot map this way (422).
     */
    static RegistryException unsupported(String field, String why) {
        return new RegistryException(
                422, 422, "Unsupported field '" + field + "': " + why + " (docs/infra.md, out of scope by design)");
    }

    static RegistryException storeError(String message, Throwable cause) {
        return new RegistryException(500, 50001, "Error in the backend data store: " + message, cause);
    }
}
