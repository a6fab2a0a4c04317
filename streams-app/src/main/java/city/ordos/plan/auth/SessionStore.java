package city.ordos.plan.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of this instance, in memory: a random id (the cookie) and a CSRF token per
 * session, an idle limit and an absolute limit. A restart signs everyone out; several instances behind
 * one address need sticky sessions (docs/security.md). Also keeps the OIDC sign-ins under way.
 */
public final class SessionStore {

    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE = Duration.ofHours(12);
    public static final Duration PENDING_LOGIN = Duration.ofMinutes(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in browser. The id and CSRF token are secrets: never logged, never audited. */
    public static final class Session {
        private final String id;
        private final String csrfToken;
        private final Principal principal;
        private final Instant created;
        private volatile Instant lastSeen;

        Session(String id, String csrfToken, Principal principal, Instant created) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.principal = principal;
            this.created = created;
            this.lastSeen = created;
        }

        public String id() {
            return id;
        }

        public String csrfToken() {
            return csrfToken;
        }

        public Principal principal() {
            return principal;
        }

        @Override
        public String toString() {
            return "Session{" + principal.name() + "}";
        }
    }

    private record Pending(OidcProvider.PendingLogin login, Instant started) {}

    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public SessionStore(Clock clock) {
        this.clock = clock;
    }

    public Session open(Principal principal) {
        expire();
        Session s = new Session(randomToken(), randomToken(), principal, clock.instant());
        sessions.put(s.id(), s);
        return s;
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(s.lastSeen.plus(IDLE)) || now.isAfter(s.created.plus(ABSOLUTE))) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    public Optional<Session> close(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.remove(id));
    }

    /** Every session of a user ends (the account was removed). */
    public void closeAllOf(String name) {
        sessions.values().removeIf(s -> s.principal().name().equals(name));
    }

    public void awaitLogin(OidcProvider.PendingLogin login) {
        expire();
        pending.put(login.state().getValue(), new Pending(login, clock.instant()));
    }

    /** The sign-in this state started, once: a replayed callback finds nothing. */
    public Optional<OidcProvider.PendingLogin> takeLogin(String state) {
        Pending p = state == null ? null : pending.remove(state);
        if (p == null || clock.instant().isAfter(p.started().plus(PENDING_LOGIN))) {
            return Optional.empty();
        }
        return Optional.of(p.login());
    }

    private void expire() {
        Instant now = clock.instant();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (now.isAfter(s.lastSeen.plus(IDLE)) || now.isAfter(s.created.plus(ABSOLUTE))) {
                it.remove();
            }
        }
        pending.values().removeIf(p -> now.isAfter(p.started().plus(PENDING_LOGIN)));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
