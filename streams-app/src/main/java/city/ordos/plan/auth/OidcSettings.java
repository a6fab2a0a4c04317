package city.ordos.plan.auth;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How to reach the identity provider (settings {@code ordos.auth.oidc.*}, docs/security.md).
 *
 * @param audience      what bearer tokens of API clients must name in {@code aud} (default: the client id)
 * @param redirectUri   where the provider sends the browser back: this server's /auth/oidc/callback as
 *                      the browser reaches it (through the reverse proxy, if any)
 */
public record OidcSettings(
        URI issuer,
        String clientId,
        String clientSecret,
        String audience,
        URI redirectUri,
        String scopes,
        ClaimsMapping claims) {

    public static final String PREFIX = "ordos.auth.oidc.";
    /** The fixed keys (for environment variables: ORDOS_AUTH_OIDC_CLIENT_ID is ordos.auth.oidc.client-id). */
    public static final Set<String> KEYS = Stream.concat(
                    Stream.of(
                                    "issuer",
                                    "client-id",
                                    "client-secret",
                                    "audience",
                                    "redirect-uri",
                                    "scopes",
                                    "default-role",
                                    "claims.name",
                                    "claims.display-name",
                                    "claims.roles",
                                    "claims.departments")
                            .map(k -> PREFIX + k),
                    Arrays.stream(Role.values())
                            .map(r -> PREFIX + "roles." + r.name().toLowerCase(Locale.ROOT)))
            .collect(Collectors.toUnmodifiableSet());

    public OidcSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, PREFIX + "client-id");
        Objects.requireNonNull(redirectUri, PREFIX + "redirect-uri");
    }

    /** Single sign-on when {@code ordos.auth.oidc.issuer} is set; null otherwise. */
    public static OidcSettings from(Map<String, String> settings) {
        String issuer = blankToNull(settings.get(PREFIX + "issuer"));
        if (issuer == null) {
            return null;
        }
        String clientId = require(settings, "client-id");
        Map<Role, Set<String>> roleValues = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            String key = PREFIX + "roles." + r.name().toLowerCase(Locale.ROOT);
            String listed = settings.getOrDefault(
                    key, ClaimsMapping.DEFAULT.roleValues().get(r).iterator().next());
            roleValues.put(
                    r,
                    new LinkedHashSet<>(Arrays.stream(listed.split(","))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList()));
        }
        String defaultRole = blankToNull(settings.get(PREFIX + "default-role"));
        ClaimsMapping claims = new ClaimsMapping(
                settings.getOrDefault(PREFIX + "claims.name", ClaimsMapping.DEFAULT.nameClaim()),
                settings.getOrDefault(PREFIX + "claims.display-name", ClaimsMapping.DEFAULT.displayNameClaim()),
                settings.getOrDefault(PREFIX + "claims.roles", ClaimsMapping.DEFAULT.rolesClaim()),
                settings.getOrDefault(PREFIX + "claims.departments", ClaimsMapping.DEFAULT.departmentsClaim()),
                roleValues,
                defaultRole == null ? null : Role.parse(defaultRole));
        return new OidcSettings(
                URI.create(issuer),
                clientId,
                blankToNull(settings.get(PREFIX + "client-secret")),
                settings.getOrDefault(PREFIX + "audience", clientId),
                URI.create(require(settings, "redirect-uri")),
                settings.getOrDefault(PREFIX + "scopes", "openid profile"),
                claims);
    }

    private static String require(Map<String, String> settings, String key) {
        String v = blankToNull(settings.get(PREFIX + key));
        if (v == null) {
            throw new IllegalArgumentException(PREFIX + key + " is required when " + PREFIX + "issuer is set");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The settings as a log line may show them: no client secret. */
    @Override
    public String toString() {
        return "OidcSettings{issuer=" + issuer + ", clientId=" + clientId + ", audience=" + audience
                + ", redirectUri=" + redirectUri + ", scopes=" + scopes + ", clientSecret="
                + (clientSecret == null ? "none" : "[hidden]") + "}";
    }
}
