package city.ordos.plan.api;

import io.javalin.http.Context;
import java.util.Objects;

/**
 * Headers every answer carries, chosen for the dashboard: scripts only from the application's own
 * bundle (no inline script, no eval, no CDN: wall screens sit on closed networks anyway), content
 * types taken as sent, and framing only by the pages {@code frameAncestors} allows.
 *
 * <p>Framing: a wall screen usually opens the dashboard full-screen in a kiosk browser, which needs
 * no framing at all; a signage portal that shows it inside its own page is another origin and must
 * be named ({@code ordos.http.frame-ancestors}, e.g. {@code https://signage.example}). The default
 * {@code 'self'} refuses every other origin, so no third-party page can overlay the dashboard.
 * Inline styles are allowed: ECharts positions its tooltips with style attributes, and a style can
 * neither run code nor send data anywhere the other directives do not allow.
 */
final class SecurityHeaders {

    static final String SAME_ORIGIN = "'self'";

    private final String csp;
    private final boolean sameOriginOnly;

    SecurityHeaders(String frameAncestors) {
        String ancestors = frameAncestors == null || frameAncestors.isBlank() ? SAME_ORIGIN : frameAncestors.strip();
        if (ancestors.matches(".*[;\\r\\n,].*")) {
            throw new IllegalArgumentException(
                    "ordos.http.frame-ancestors must be CSP source expressions separated by spaces, was " + ancestors);
        }
        this.sameOriginOnly = Objects.equals(ancestors, SAME_ORIGIN);
        this.csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors " + ancestors;
    }

    void apply(Context ctx) {
        ctx.header("Content-Security-Policy", csp);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (sameOriginOnly) {
            // For browsers without CSP frame-ancestors; it cannot name other origins, so only then.
            ctx.header("X-Frame-Options", "SAMEORIGIN");
        }
    }
}
