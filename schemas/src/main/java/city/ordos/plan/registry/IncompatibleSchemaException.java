package city.ordos.plan.registry;

/**
 * The registry refused a schema because it breaks the subject's compatibility rule
 * (HTTP 409, or error_code 409 / 40901). The message is the registry's and usually names the
 * offending field.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

    public IncompatibleSchemaException(int httpStatus, int errorCode, String message) {
        super(httpStatus, errorCode, message);
    }
}
