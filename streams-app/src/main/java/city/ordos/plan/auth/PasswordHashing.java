package city.ordos.plan.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password hashes of built-in accounts: Argon2id (spring-security-crypto over Bouncy Castle) for new
 * hashes, with the cost OWASP recommends (19 MiB, 2 passes, 1 lane); bcrypt hashes are accepted too,
 * for accounts carried over from elsewhere. The parameters of a stored hash are read from the hash
 * itself, so raising the cost later does not invalidate old hashes.
 */
public final class PasswordHashing {

    private static final Argon2PasswordEncoder ARGON2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();
    /** Checked when the user is unknown, so that a wrong name costs as long as a wrong password. */
    private static final String DECOY = ARGON2.encode("decoy password for unknown users");

    private PasswordHashing() {}

    public static String hash(CharSequence password) {
        return ARGON2.encode(password);
    }

    /** Whether the password matches the stored hash; false for a hash in a format this does not know. */
    public static boolean matches(CharSequence password, String storedHash) {
        if (storedHash == null) {
            ARGON2.matches(password, DECOY);
            return false;
        }
        if (storedHash.startsWith("$argon2")) {
            return ARGON2.matches(password, storedHash);
        }
        if (storedHash.startsWith("$2a$") || storedHash.startsWith("$2b$") || storedHash.startsWith("$2y$")) {
            return BCRYPT.matches(password, storedHash);
        }
        return false;
    }

    /** A hash this class can check: Argon2 ($argon2id$...) or bcrypt ($2a$/$2b$/$2y$). */
    public static boolean isKnownFormat(String storedHash) {
        return storedHash != null
                && (storedHash.startsWith("$argon2")
                        || storedHash.startsWith("$2a$")
                        || storedHash.startsWith("$2b$")
                        || storedHash.startsWith("$2y$"));
    }
}
