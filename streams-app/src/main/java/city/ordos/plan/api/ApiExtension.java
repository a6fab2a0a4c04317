package city.ordos.plan.api;

import city.ordos.plan.auth.ApiSecurity;
import io.javalin.Javalin;

/**
 * Routes a module outside streams-app adds to the API (the launcher's web reporting, which needs the
 * importer that streams-app may not depend on). Its routes declare their roles like every other
 * route and are checked by the same access rules.
 */
public interface ApiExtension {

    /** Registers the routes, each with its least role ({@link city.ordos.plan.auth.Role} or {@link city.ordos.plan.auth.Access#PUBLIC}). */
    void register(Javalin app, ApiSecurity security);
}
