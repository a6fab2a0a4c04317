package city.ordos.plan.auth;

import city.ordos.plan.audit.AuditEntry;
import city.ordos.plan.web.JsonBody;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in and sign-out (docs/openapi.yaml, tag auth): built-in accounts by name and password (JSON
 * only, so that a form on another site cannot sign a browser in), single sign-on by the OIDC
 * authorization-code flow with PKCE, and who the browser is signed in as (with the session's CSRF
 * token for the page to send back).
 */
public final class AuthRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

    /** What the page knows about its user; csrfToken only for a browser session. */
    public record Me(
            boolean signedIn,
            String name,
            String displayName,
            String role,
            List<String> departments,
            String via,
            String csrfToken,
            boolean kiosk,
            boolean passwordSignIn,
            boolean singleSignOn) {}

    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials{" + username + ", [hidden]}";
        }
    }

    private final ApiSecurity security;

    public AuthRoutes(ApiSecurity security) {
        this.security = security;
    }

    public void register(Javalin app) {
        app.get("/auth/me", this::me, Access.PUBLIC);
        app.post("/auth/login", this::login, Access.PUBLIC);
        app.post("/auth/logout", this::logout, Role.VIEWER);
        app.get("/auth/oidc/login", this::oidcLogin, Access.PUBLIC);
        app.get("/auth/oidc/callback", this::oidcCallback, Access.PUBLIC);
    }

    private void me(Context ctx) {
        ctx.json(me(security.principal(ctx), security.session(ctx)));
    }

    private Me me(Principal p, SessionStore.Session session) {
        boolean password = !security.users().isEmpty();
        boolean sso = security.oidc().isPresent();
        boolean kiosk = security.settings().kiosk();
        if (p == null) {
            return new Me(false, null, null, null, List.of(), null, null, kiosk, password, sso);
        }
        return new Me(
                p.via() != Principal.Via.KIOSK,
                p.name(),
                p.displayName(),
                p.role().name(),
                List.copyOf(p.departments()),
                p.via().name(),
                session == null ? null : session.csrfToken(),
                kiosk,
                password,
                sso);
    }

    private void login(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new BadRequestResponse("send the name and password as JSON (application/json)");
        }
        Credentials c = JsonBody.read(ctx, Credentials.class, "a JSON object {username, password}");
        if (c.username() == null || c.username().isBlank() || c.password() == null) {
            throw new BadRequestResponse("username and password are required");
        }
        security.reloadUsers();
        String from = security.clientAddress(ctx);
        UserDirectory.Outcome outcome = security.users().signIn(c.username().strip(), c.password());
        if (outcome instanceof UserDirectory.Outcome.Refused r) {
            security.audit()
                    .record(AuditEntry.anonymous(c.username().strip(), from, "SIGN_IN_FAILED", AuditEntry.REFUSED)
                            .withDetail(r.reason()));
            // The same answer whatever the reason: it must not tell which names exist.
            throw new UnauthorizedResponse("wrong name or password, or the account is locked for a while");
        }
        Principal p = ((UserDirectory.Outcome.SignedIn) outcome).principal();
        startSession(ctx, p, from);
        ctx.json(me(p, security.session(ctx)));
    }

    private void startSession(Context ctx, Principal p, String from) {
        String old = ctx.cookie(ApiSecurity.SESSION_COOKIE);
        security.sessions().close(old); // a fresh id at every sign-in (no session fixation)
        SessionStore.Session session = security.sessions().open(p);
        ctx.cookie(security.sessionCookie(ctx, session.id(), -1));
        ctx.attribute(ApiSecurity.SESSION, session);
        security.audit().record(AuditEntry.by(p, from, "SIGN_IN", p.name(), AuditEntry.OK));
        LOG.info("{} signed in ({}, {})", p.name(), p.via(), p.role());
    }

    private void logout(Context ctx) {
        Principal p = security.principal(ctx);
        if (security.session(ctx) == null) {
            throw new UnauthorizedResponse("no browser session to end");
        }
        security.sessions().close(ctx.cookie(ApiSecurity.SESSION_COOKIE));
        ctx.cookie(security.sessionCookie(ctx, "", 0));
        security.audit().record(AuditEntry.by(p, security.clientAddress(ctx), "SIGN_OUT", p.name(), AuditEntry.OK));
        ctx.json(me(null, null));
    }

    private OidcProvider provider() {
        return security.oidc().orElseThrow(() -> new NotFoundResponse("single sign-on is not configured"));
    }

    private void oidcLogin(Context ctx) {
        OidcProvider.LoginStart start;
        try {
            start = provider().startLogin();
        } catch (OidcProvider.Unavailable e) {
            LOG.error("single sign-on unavailable: {}", e.getMessage());
            throw new ServiceUnavailableResponse("the identity provider cannot be reached; try again shortly");
        }
        security.sessions().awaitLogin(start.pending());
        ctx.redirect(start.redirect().toString());
    }

    private void oidcCallback(Context ctx) {
        OidcProvider provider = provider();
        URI callback = URI.create(provider.settings().redirectUri() + "?"
                + Optional.ofNullable(ctx.queryString()).orElse(""));
        String from = security.clientAddress(ctx);
        try {
            String state = OidcProvider.stateOf(callback) == null
                    ? null
                    : OidcProvider.stateOf(callback).getValue();
            OidcProvider.PendingLogin pending = security.sessions()
                    .takeLogin(state)
                    .orElseThrow(() -> new OidcProvider.Refused(
                            "no sign-in of this browser is waiting for this answer (expired or replayed)", null));
            Principal p = provider.finishLogin(pending, callback);
            startSession(ctx, p, from);
            ctx.redirect("/");
        } catch (OidcProvider.Refused e) {
            security.audit()
                    .record(AuditEntry.anonymous(null, from, "SIGN_IN_FAILED", AuditEntry.REFUSED)
                            .withTarget("single sign-on")
                            .withDetail(e.getMessage()));
            throw new UnauthorizedResponse("single sign-on refused: " + e.getMessage());
        } catch (OidcProvider.Unavailable e) {
            LOG.error("single sign-on unavailable: {}", e.getMessage());
            throw new ServiceUnavailableResponse("the identity provider cannot be reached; try again shortly");
        }
    }
}
