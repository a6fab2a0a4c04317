package city.ordos.plan.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * What a signed-in person may do, each role including the ones before it (docs/security.md has the
 * table). A route declares the least role it needs when it is registered; reporters are further
 * limited to the goals of their departments by the routes that act on a goal.
 */
public enum Role implements RouteRole {
    /** The screen and the read API. */
    VIEWER,
    /** A department's reporter: reports and corrects the figures of its goals, acknowledges their alerts. */
    REPORTER,
    /** The monitoring centre: every department, silences, reports, approval of submissions, the audit trail. */
    OPERATOR,
    /** Catalog, users and settings. */
    ADMINISTRATOR;

    public boolean includes(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** Reads a role as configuration writes it: viewer, reporter (department-reporter), operator, admin(istrator). */
    public static Role parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "viewer" -> VIEWER;
            case "reporter", "department-reporter" -> REPORTER;
            case "operator", "monitoring-centre-operator", "monitoring-center-operator" -> OPERATOR;
            case "admin", "administrator" -> ADMINISTRATOR;
            default ->
                throw new IllegalArgumentException(
                        "unknown role '" + text + "' (viewer, reporter, operator or administrator)");
        };
    }
}
