package city.ordos.plan.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the claims of an identity provider's token into a principal (docs/security.md has a worked
 * example): which claim holds the user name, the display name, the groups or roles and the
 * departments (a dotted path reaches into nested claims, e.g. {@code realm_access.roles}), and which
 * claim values grant which role. The highest role granted wins; a token that grants none is refused,
 * unless a default role is configured.
 */
public record ClaimsMapping(
        String nameClaim,
        String displayNameClaim,
        String rolesClaim,
        String departmentsClaim,
        Map<Role, Set<String>> roleValues,
        Role defaultRole) {

    public static final ClaimsMapping DEFAULT = new ClaimsMapping(
            "preferred_username",
            "name",
            "roles",
            "department",
            Map.of(
                    Role.VIEWER, Set.of("viewer"),
                    Role.REPORTER, Set.of("reporter"),
                    Role.OPERATOR, Set.of("operator"),
                    Role.ADMINISTRATOR, Set.of("administrator")),
            null);

    /** A principal, or empty when the claims grant no role (the reason is then {@link #whyRefused}). */
    public Optional<Principal> principal(Map<String, Object> claims, Principal.Via via) {
        String name =
                text(claims, nameClaim).orElseGet(() -> text(claims, "sub").orElse(null));
        if (name == null) {
            return Optional.empty();
        }
        Role role = grantedRole(claims);
        if (role == null) {
            return Optional.empty();
        }
        String display = text(claims, displayNameClaim).orElse(name);
        return Optional.of(Principal.of(name, display, role, Set.copyOf(values(claims, departmentsClaim)), via));
    }

    public String whyRefused(Map<String, Object> claims) {
        if (text(claims, nameClaim).isEmpty() && text(claims, "sub").isEmpty()) {
            return "the token names no user (claims " + nameClaim + " and sub are missing)";
        }
        return "the token's " + rolesClaim + " claim " + values(claims, rolesClaim)
                + " grants no role of this application (configured: " + roleValues + ")";
    }

    private Role grantedRole(Map<String, Object> claims) {
        List<String> held = values(claims, rolesClaim);
        Role best = defaultRole;
        for (Map.Entry<Role, Set<String>> e : new EnumMap<>(roleValues).entrySet()) {
            if (held.stream().anyMatch(e.getValue()::contains)
                    && (best == null || e.getKey().includes(best))) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static Optional<String> text(Map<String, Object> claims, String path) {
        Object v = at(claims, path);
        return v instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** A claim as a list of strings: an array claim, or a single string (space- or comma-separated). */
    static List<String> values(Map<String, Object> claims, String path) {
        Object v = at(claims, path);
        Collection<String> out = new LinkedHashSet<>();
        if (v instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        } else if (v instanceof String s) {
            for (String part : s.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static Object at(Map<String, Object> claims, String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object current = claims;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(step);
        }
        return current;
    }
}
