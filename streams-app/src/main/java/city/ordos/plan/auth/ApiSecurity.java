package city.ordos.plan.auth;

import city.ordos.plan.audit.AuditEntry;
import city.ordos.plan.audit.AuditTrail;
import city.ordos.plan.settings.SettingValues;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call which route (docs/security.md). Every route is registered with the least {@link Role}
 * it needs, or {@link Access#PUBLIC}; a route with no rule is refused to everyone. A request is
 * identified, in this order, by a bearer token (the shared API token, or an OIDC access token), a
 * session cookie (built-in account or OIDC sign-in), or as the read-only kiosk when kiosk mode is on.
 * A browser session must also send its CSRF token ({@value #CSRF_HEADER}) with every request that
 * changes something.
 */
public final class ApiSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ApiSecurity.class);
    public static final String SESSION_COOKIE = "ordos_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String API_TOKEN_USER = "api-token";
    public static final String KIOSK_USER = "kiosk";
    private static final String PRINCIPAL = "ordos.principal";
    static final String SESSION = "ordos.session";
    private static final Set<HandlerType> CHANGES =
            Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    /** Settings {@code ordos.auth.*}, {@code ordos.http.trusted-proxies}, {@code ordos.api.admin-token}. */
    public record Settings(
            String apiToken,
            boolean kiosk,
            Path usersFile,
            String cookieSecure,
            ClientAddress clientAddress,
            OidcSettings oidc) {

        public static final String KIOSK = "ordos.auth.kiosk";
        public static final String USERS_FILE = "ordos.auth.users-file";
        public static final String COOKIE_SECURE = "ordos.auth.cookie-secure";
        public static final String TRUSTED_PROXIES = "ordos.http.trusted-proxies";
        public static final Set<String> KEYS = Set.of(KIOSK, USERS_FILE, COOKIE_SECURE, TRUSTED_PROXIES);

        public Settings {
            String c = cookieSecure == null ? "auto" : cookieSecure.strip().toLowerCase(Locale.ROOT);
            if (!Set.of("auto", "true", "false").contains(c)) {
                throw new IllegalArgumentException(COOKIE_SECURE + " must be auto, true or false, was " + cookieSecure);
            }
            cookieSecure = c;
        }

        public static Settings from(Map<String, String> settings, String apiToken) {
            String users = settings.get(USERS_FILE);
            return new Settings(
                    apiToken,
                    SettingValues.bool(settings, KIOSK, false),
                    users == null || users.isBlank() ? null : Path.of(users.strip()),
                    settings.getOrDefault(COOKIE_SECURE, "auto"),
                    ClientAddress.parse(settings.get(TRUSTED_PROXIES)),
                    OidcSettings.from(settings));
        }

        /** Only the shared API token, kiosk on or off (tests of the API alone, tools). */
        public static Settings tokenOnly(String apiToken, boolean kiosk) {
            return new Settings(apiToken, kiosk, null, "auto", ClientAddress.NO_PROXY, null);
        }

        @Override
        public String toString() {
            return "ApiSecurity.Settings{apiToken=" + (apiToken == null ? "none" : "[hidden]") + ", kiosk=" + kiosk
                    + ", usersFile=" + usersFile + ", cookieSecure=" + cookieSecure + ", trustedProxies="
                    + clientAddress.trustedProxies() + ", oidc=" + oidc + "}";
        }
    }

    private final Settings settings;
    private final UserDirectory users;
    private final OidcProvider oidc;
    private final SessionStore sessions;
    private final AuditTrail audit;

    public ApiSecurity(Settings settings, AuditTrail audit, Clock clock) {
        this.settings = settings;
        this.audit = audit;
        this.users = settings.usersFile() == null
                ? UserDirectory.none(clock)
                : UserDirectory.load(settings.usersFile(), clock);
        this.oidc = settings.oidc() == null ? null : new OidcProvider(settings.oidc());
        this.sessions = new SessionStore(clock);
    }

    public Settings settings() {
        return settings;
    }

    public AuditTrail audit() {
        return audit;
    }

    UserDirectory users() {
        return users;
    }

    SessionStore sessions() {
        return sessions;
    }

    Optional<OidcProvider> oidc() {
        return Optional.ofNullable(oidc);
    }

    /** Adds the access check to the server: before every matched route, identify and authorise. */
    public void install(Javalin app) {
        app.beforeMatched(this::authorise);
    }

    private void authorise(Context ctx) {
        Set<RouteRole> rules = ctx.routeRoles();
        if (rules.contains(Access.PUBLIC)) {
            identifyLeniently(ctx);
            return;
        }
        Optional<Role> needed = rules.stream()
                .filter(Role.class::isInstance)
                .map(Role.class::cast)
                .min(Comparator.naturalOrder());
        if (needed.isEmpty()) {
            LOG.error(
                    "{} {} has no access rule: refused to everyone (register it with a Role or Access.PUBLIC)",
                    ctx.method(),
                    ctx.endpointHandlerPath());
            throw new ForbiddenResponse("this route has no access rule; it is refused to everyone");
        }
        Principal who = identify(ctx);
        if (who == null || (who.via() == Principal.Via.KIOSK && !who.may(needed.get()))) {
            // The kiosk is nobody: more than reading needs a person to sign in.
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("sign in first (or send a bearer token)");
        }
        if (!who.may(needed.get())) {
            throw new ForbiddenResponse(
                    who.name() + " is " + who.role() + "; this needs " + needed.get() + " or higher");
        }
        SessionStore.Session session = ctx.attribute(SESSION);
        if (session != null && CHANGES.contains(ctx.method())) {
            String presented = ctx.header(CSRF_HEADER);
            if (presented == null || !constantTimeEquals(session.csrfToken(), presented)) {
                throw new ForbiddenResponse("missing or wrong " + CSRF_HEADER + " header (reload the page)");
            }
        }
    }

    private void identifyLeniently(Context ctx) {
        try {
            identify(ctx);
        } catch (UnauthorizedResponse ignoredOnPublicRoutes) {
            // A public route answers anyone; a bad credential there only means "not signed in".
            ctx.attribute(PRINCIPAL, null);
        }
    }

    /** The principal of the request, or null when it carries no credential and kiosk mode is off. */
    private Principal identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Principal p = bearer(ctx, header.substring(7).strip());
            ctx.attribute(PRINCIPAL, p);
            return p;
        }
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie != null) {
            Optional<SessionStore.Session> session = sessions.find(cookie).flatMap(this::stillValid);
            if (session.isPresent()) {
                Principal current = currentPrincipal(session.get());
                ctx.attribute(SESSION, session.get());
                ctx.attribute(PRINCIPAL, current);
                return current;
            }
        }
        if (settings.kiosk()) {
            Principal kiosk = Principal.of(KIOSK_USER, "Wall screen", Role.VIEWER, Set.of(), Principal.Via.KIOSK);
            ctx.attribute(PRINCIPAL, kiosk);
            return kiosk;
        }
        return null;
    }

    /** A built-in account's session follows the users file: a changed role applies at once, a removed account ends it. */
    private Optional<SessionStore.Session> stillValid(SessionStore.Session s) {
        if (s.principal().via() != Principal.Via.PASSWORD) {
            return Optional.of(s);
        }
        reloadUsers();
        if (users.current(s.principal().name()).isEmpty()) {
            sessions.close(s.id());
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private Principal currentPrincipal(SessionStore.Session s) {
        if (s.principal().via() == Principal.Via.PASSWORD) {
            return users.current(s.principal().name()).orElse(s.principal());
        }
        return s.principal();
    }

    private Principal bearer(Context ctx, String token) {
        if (settings.apiToken() != null
                && !settings.apiToken().isBlank()
                && constantTimeEquals(settings.apiToken(), token)) {
            return Principal.of(API_TOKEN_USER, "API token", Role.ADMINISTRATOR, Set.of(), Principal.Via.API_TOKEN);
        }
        if (oidc == null) {
            refuse(ctx, null, "a bearer token that is not the API token, and single sign-on is not configured");
        }
        try {
            return oidc.verifyBearer(token);
        } catch (OidcProvider.Refused e) {
            refuse(ctx, null, e.getMessage());
            throw new AssertionError("refuse throws");
        } catch (OidcProvider.Unavailable e) {
            LOG.error("cannot check a bearer token: {}", e.getMessage());
            throw new ServiceUnavailableResponse("the identity provider cannot be reached to check the token");
        }
    }

    private void refuse(Context ctx, String triedName, String reason) {
        audit.record(AuditEntry.anonymous(triedName, clientAddress(ctx), "SIGN_IN_FAILED", AuditEntry.REFUSED)
                .withTarget(ctx.method() + " " + ctx.path())
                .withDetail(reason));
        ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        throw new UnauthorizedResponse("invalid bearer token: " + reason);
    }

    /** Re-reads the users file if it changed; each change is an audit record. */
    void reloadUsers() {
        for (UserDirectory.Change c : users.reloadIfChanged()) {
            if (c.after() == null) {
                sessions.closeAllOf(c.name());
            }
            audit.record(new AuditEntry(
                            "users-file",
                            null,
                            List.of(),
                            null,
                            null,
                            "USERS_CHANGED",
                            c.name(),
                            AuditEntry.OK,
                            c.passwordChanged() ? "password changed" : "",
                            null,
                            null)
                    .withChange(Json.of(c.before()), Json.of(c.after())));
        }
    }

    /** The identified principal of a request that passed the access check (null on public routes without one). */
    public Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /**
     * For routes that act on one goal (acknowledging its alert, reporting its figures): refuses (403)
     * a reporter whose departments do not include the goal's. Operators and above pass.
     */
    public Principal requireDepartment(Context ctx, String department) {
        Principal who = principal(ctx);
        if (who == null || !who.answersFor(department)) {
            throw new ForbiddenResponse((who == null ? "nobody" : who.name()) + " does not answer for " + department);
        }
        return who;
    }

    public String clientAddress(Context ctx) {
        return settings.clientAddress().of(ctx);
    }

    SessionStore.Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    Cookie sessionCookie(Context ctx, String value, int maxAgeSeconds) {
        boolean secure = switch (settings.cookieSecure()) {
            case "true" -> true;
            case "false" -> false;
            default -> settings.clientAddress().https(ctx);
        };
        return new Cookie(SESSION_COOKIE, value, "/", maxAgeSeconds, secure, 0, true, null, null, SameSite.LAX);
    }

    static boolean constantTimeEquals(String expected, String presented) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
