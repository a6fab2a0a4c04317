package city.ordos.plan.alerts.notify;

import java.time.Duration;

/** Waits, on the notifier's clock: the real one sleeps, a test's moves its hand-set clock instead. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(Math.max(1, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
