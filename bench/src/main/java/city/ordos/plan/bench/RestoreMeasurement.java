package city.ordos.plan.bench;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Serving again after the local state is lost: the app is stopped (it leaves the group), its
 * state directory deleted, and a new process with the same application id started; time from
 * launch to /ready and to the API serving the goal's last figure from the rebuilt store.
 */
final class RestoreMeasurement {

    private final AppRun app;

    RestoreMeasurement(AppRun app) {
        this.app = app;
    }

    void run(BigDecimal actual, ResultTable results) throws Exception {
        app.close();
        BenchmarkMain.log("app stopped; wiping %s and restoring", app.stateDir());
        BenchmarkMain.deleteRecursively(app.stateDir());
        long started = System.nanoTime();
        long ready = app.start().awaitReady(Duration.ofMinutes(5));
        long served = app.awaitServed(actual, Duration.ofMinutes(5));
        results.add("restore_ready", "restore after state wipe: launch to ready", (ready - started) / 1e6, "ms");
        results.add(
                "restore_serving",
                "restore after state wipe: launch to serving the figure",
                (served - started) / 1e6,
                "ms");
    }
}
