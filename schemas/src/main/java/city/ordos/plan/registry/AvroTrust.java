package city.ordos.plan.registry;

import java.util.List;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * The one place the product tells Avro which classes it may instantiate when decoding. Avro 1.12
 * refuses generated classes from packages it does not trust ({@link ClassSecurityValidator}); the
 * contract's classes and the JDK types they hold are trusted here, added to whatever the JVM
 * already trusts (its defaults and {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}). The product's
 * deserializer calls it before its first decode, so no JVM, test or container needs the system
 * property.
 */
public final class AvroTrust {

    /** The packages trusted, as the system property would list them. */
    public static final String PACKAGES = "city.ordos.plan.avro,java.math,java.lang,java.util,java.time,java.nio";

    private static final List<String> PREFIXES =
            List.of(PACKAGES.split(",")).stream().map(p -> p + ".").toList();
    private static final ClassSecurityPredicate CONTRACT =
            type -> PREFIXES.stream().anyMatch(type.getName()::startsWith);

    private AvroTrust() {}

    /** Adds the contract's packages to Avro's trusted classes of this JVM; calling it again changes nothing. */
    public static synchronized void trustContractPackages() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (!(current instanceof WithContract)) {
            ClassSecurityValidator.setGlobal(new WithContract(current));
        }
    }

    /** What the JVM trusted before, or the contract. */
    private record WithContract(ClassSecurityPredicate before) implements ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> type) {
            return before.isTrusted(type) || CONTRACT.isTrusted(type);
        }

        @Override
        public void forbiddenClass(String className) {
            before.forbiddenClass(className);
        }
    }
}
