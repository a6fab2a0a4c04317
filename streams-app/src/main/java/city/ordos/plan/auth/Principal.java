package city.ordos.plan.auth;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who is asking: a name, one role and, for reporters, the departments (as the catalog's
 * {@code department} spells them) whose goals they answer for.
 *
 * @param name        the stable user name (audit records carry it)
 * @param displayName for screens
 * @param via         how the request was identified
 */
public record Principal(String name, String displayName, Role role, SortedSet<String> departments, Via via) {

    /** How a request was identified. */
    public enum Via {
        PASSWORD,
        OIDC,
        BEARER,
        API_TOKEN,
        KIOSK
    }

    public Principal {
        departments = new TreeSet<>(departments);
    }

    public static Principal of(String name, String displayName, Role role, Set<String> departments, Via via) {
        return new Principal(name, displayName, role, new TreeSet<>(departments), via);
    }

    public boolean may(Role needed) {
        return role.includes(needed);
    }

    /** Operators and administrators answer for every department; reporters and viewers for their own. */
    public boolean answersFor(String department) {
        return role.includes(Role.OPERATOR) || departments.contains(department);
    }
}
