package city.ordos.plan.api;

import city.ordos.plan.auth.ApiSecurity;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Routes a module outside streams-app adds to the API (the launcher's web reporting, which needs the
 * importer that streams-app may not depend on). Its routes declare their roles like every other
 * route and are checked by the same access rules.
 */
public interface ApiExtension {

    /**
     * Registers the routes, each with its least role ({@link city.ordos.plan.auth.Role} or {@link
     * city.ordos.plan.auth.Access#PUBLIC}).
     *
     * @param planNow the instance's plan clock (a replay's stream clock moves with the events this
     *     instance processes, so a clock of one's own would not)
     */
    void register(Javalin app, ApiSecurity security, Supplier<Instant> planNow);
}
