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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (BigDecimal actual : poll(Duration.ofMillis(50))) {
                if (actual.compareTo(expected) == 0) {
                    return System.nanoTime();
                }
            }
        }
        throw new IllegalStateException("the goal's actual never reached " + expected + " within " + timeout);
    }

    @Override
    void close();
}
