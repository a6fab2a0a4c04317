package city.ordos.plan.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Where a pipeline under test shows the benchmark goal's committed actual: the product's progress
 * topic read with {@code read_committed}, or a peer's output. One poll returns the actuals that
 * became visible, in order.
 */
public interface ActualReader extends AutoCloseable {

    List<BigDecimal> poll(Duration timeout);

    /** Polls until the actual equals {@code expected}; returns System.nanoTime() of that moment. */
    default long awaitActual(BigDecimal expected, Duration timeout) {
        return awaitActual(expected, timeout, () -> {});
    }

    /**
     * Polls until the actual equals {@code expected}; returns System.nanoTime() of that moment.
     * {@code stillPossible} runs between polls and throws once the pipeline cannot get there (its
     * process died), so a crashed pipeline fails the phase at once instead of at the timeout.
     */
    default long awaitActual(BigDecimal expected, Duration timeout, Runnable stillPossible) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (BigDecimal actual : poll(Duration.ofMillis(50))) {
                if (actual.compareTo(expected) == 0) {
                    return System.nanoTime();
                }
            }
            stillPossible.run();
        }
        throw new IllegalStateException("the goal's actual never reached " + expected + " within " + timeout);
    }

    @Override
    void close();
}
