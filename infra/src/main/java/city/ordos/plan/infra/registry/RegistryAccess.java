package city.ordos.plan.infra.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may read and who may change an embedded registry. Reads (schemas by id, versions, lookups,
 * compatibility checks) are what serializers and deserializers need; changes (new versions,
 * deletes, config, mode) can break every producer and consumer of a subject, so they are never
 * open by accident:
 *
 * <ul>
 *   <li>{@link #readOnly()} (the registry's default): changes are refused (403);
 *   <li>{@link #writeCredentials(String)}: reads are open, changes need HTTP basic auth (401 without);
 *   <li>{@link #credentials(String)}: every call needs HTTP basic auth;
 *   <li>{@link #open()}: anyone on the interface may change anything (tests, throw-away runs).
 * </ul>
 *
 * Registering a schema that is already a live version of the subject changes nothing and is
 * answered as a lookup would be, without credentials: a producer with Confluent's default
 * {@code auto.register.schemas=true} keeps working against subjects registered at deploy time.
 */
public final class RegistryAccess {

    private enum Kind {
        READ_ONLY,
        WRITES_NEED_CREDENTIALS,
        ALL_NEED_CREDENTIALS,
        OPEN
    }

    private static final String GENERATED_USER = "ordos";

    private final Kind kind;
    private final String userInfo;
    private final byte[] expectedAuthorization;

    private RegistryAccess(Kind kind, String userInfo) {
        this.kind = kind;
        this.userInfo = userInfo;
        this.expectedAuthorization = userInfo == null
                ? null
                : ("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8);
    }

    /** Reads only; every change is refused. */
    public static RegistryAccess readOnly() {
        return new RegistryAccess(Kind.READ_ONLY, null);
    }

    /** Reads open; changes need these credentials ({@code user:password}). */
    public static RegistryAccess writeCredentials(String userInfo) {
        return new RegistryAccess(Kind.WRITES_NEED_CREDENTIALS, checked(userInfo));
    }

    /** Write credentials with a random password, for a run whose clients get them handed over. */
    public static RegistryAccess generatedWriteCredentials() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return writeCredentials(
                GENERATED_USER + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** Every call, reads included, needs these credentials ({@code user:password}). */
    public static RegistryAccess credentials(String userInfo) {
        return new RegistryAccess(Kind.ALL_NEED_CREDENTIALS, checked(userInfo));
    }

    /** No credentials for anything. */
    public static RegistryAccess open() {
        return new RegistryAccess(Kind.OPEN, null);
    }

    /** The credentials ({@code user:password}) clients use for changes, if there are any. */
    public Optional<String> userInfo() {
        return Optional.ofNullable(userInfo);
    }

    /** Fails with 401 unless the request may read. */
    void checkRead(String authorizationHeader) {
        if (kind == Kind.ALL_NEED_CREDENTIALS && !matches(authorizationHeader)) {
            throw unauthorized();
        }
    }

    /** Fails with 401 (wrong or missing credentials) or 403 (changes disabled) unless the request may change things. */
    void checkWrite(String authorizationHeader) {
        switch (kind) {
            case OPEN -> {}
            case READ_ONLY ->
                throw new RegistryException(
                        403,
                        40301,
                        "This registry accepts no changes: it was started without write credentials"
                                + " (see docs/infra.md, 'Who may change the registry')");
            default -> {
                if (!matches(authorizationHeader)) {
                    throw unauthorized();
                }
            }
        }
    }

    /** Whether 401 answers should ask for basic auth. */
    boolean asksForCredentials() {
        return userInfo != null;
    }

    private boolean matches(String authorizationHeader) {
        return authorizationHeader != null
                && MessageDigest.isEqual(expectedAuthorization, authorizationHeader.getBytes(StandardCharsets.UTF_8));
    }

    private static RegistryException unauthorized() {
        return new RegistryException(401, 401, "Unauthorized: this call needs the registry's credentials");
    }

    private static String checked(String userInfo) {
        if (userInfo == null || userInfo.indexOf(':') < 1) {
            throw new IllegalArgumentException("registry credentials must look like user:password");
        }
        return userInfo;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return switch (kind) {
            case READ_ONLY -> "read-only (changes refused)";
            case OPEN -> "open (no credentials)";
            case WRITES_NEED_CREDENTIALS ->
                "changes need the credentials of user '" + userInfo.substring(0, userInfo.indexOf(':')) + "'";
            case ALL_NEED_CREDENTIALS ->
                "every call needs the credentials of user '" + userInfo.substring(0, userInfo.indexOf(':')) + "'";
        };
    }
}
