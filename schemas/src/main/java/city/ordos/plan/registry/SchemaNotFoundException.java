package city.ordos.plan.registry;

/**
 * The registry does not know what was asked for: a subject (40401), a version (40402), a schema
 * (40403), a schema id, or a subject's own compatibility setting (40408). Serializers with
 * {@code auto.register.schemas=false} see this when a schema was never registered.
 */
public class SchemaNotFoundException extends SchemaRegistryException {

    public SchemaNotFoundException(int httpStatus, int errorCode, String message) {
        super(httpStatus, errorCode, message);
    }
}
