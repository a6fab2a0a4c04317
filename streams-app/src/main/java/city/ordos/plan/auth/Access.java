package city.ordos.plan.auth;

import io.javalin.security.RouteRole;

/**
 * Route rules that are not a role: a route registered with {@link #PUBLIC} is open to anyone (health,
 * sign-in). A route registered with no rule at all is refused to everyone, so a new route without a
 * rule cannot be reached by accident (and the route-by-role test fails).
 */
public enum Access implements RouteRole {
    PUBLIC
}
