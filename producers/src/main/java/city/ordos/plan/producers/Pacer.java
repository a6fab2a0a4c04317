package city.ordos.plan.producers;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * When to send the next event. {@code replay} compresses the simulated calendar by a speed factor
 * (so a plan year can pass in minutes, in the order and proportions it happened); {@code live}
 * sends at a fixed rate regardless of simulated time; {@code unthrottled} sends as fast as the
 * producer accepts.
 */
public interface Pacer {

    /** Blocks until the event with this simulated timestamp may be sent. */
    void await(long simulatedMillis);

    static Pacer unthrottled() {
        return t -> {};
    }

    /** Simulated time runs {@code speed} times faster than wall time. */
    static Pacer replay(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("replay speed must be positive, was " + speed);
        }
        return new Pacer() {
            private long firstSimulated = Long.MIN_VALUE;
            private long startNanos;

            @Override
            public void await(long simulatedMillis) {
                if (firstSimulated == Long.MIN_VALUE) {
                    firstSimulated = simulatedMillis;
                    startNanos = System.nanoTime();
                    return;
                }
                long dueNanos = startNanos + (long) ((simulatedMillis - firstSimulated) * 1_000_000.0 / speed);
                parkUntil(dueNanos);
            }
        };
    }

    /** The speed that replays {@code simulatedSpan} in {@code wallDuration}. */
    static double speedFor(Duration simulatedSpan, Duration wallDuration) {
        return (double) simulatedSpan.toMillis() / Math.max(1, wallDuration.toMillis());
    }

    /** A fixed number of events per second. */
    static Pacer live(double eventsPerSecond) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("event rate must be positive, was " + eventsPerSecond);
        }
        return new Pacer() {
            private long count;
            private long startNanos;

            @Override
            public void await(long simulatedMillis) {
                if (count == 0) {
                    startNanos = System.nanoTime();
                }
                long dueNanos = startNanos + (long) (count * 1e9 / eventsPerSecond);
                count++;
                parkUntil(dueNanos);
            }
        };
    }

    private static void parkUntil(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
