package city.ordos.plan.auth;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * Where a request came from and whether it arrived over HTTPS. X-Forwarded-For and
 * X-Forwarded-Proto are believed only when the peer is one of the configured trusted proxies
 * ({@code ordos.http.trusted-proxies}); from anyone else they are ignored, since any client can
 * write them.
 */
public record ClientAddress(Set<String> trustedProxies) {

    public static final ClientAddress NO_PROXY = new ClientAddress(Set.of());

    public static ClientAddress parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return NO_PROXY;
        }
        return new ClientAddress(Set.of(commaSeparated.strip().split("\\s*,\\s*")));
    }

    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        // The rightmost address a trusted proxy did not add is the client (earlier ones are the client's word).
        List<String> hops = List.of(forwarded.split("\\s*,\\s*"));
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(hops.get(i).strip())) {
                return hops.get(i).strip();
            }
        }
        return hops.get(0).strip();
    }

    public boolean https(Context ctx) {
        if (trustedProxies.contains(ctx.req().getRemoteAddr())) {
            String proto = ctx.header("X-Forwarded-Proto");
            if (proto != null) {
                return proto.strip().equalsIgnoreCase("https");
            }
        }
        return ctx.req().isSecure();
    }
}
