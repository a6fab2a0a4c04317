package city.ordos.plan.alerts.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff for one delivery: attempt n waits {@code initialBackoff * 2^(n-1)}, at most
 * {@code maxBackoff}, before attempt n+1; after {@code maxAttempts} the delivery is given up and
 * recorded as failed.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialBackoff <= maxBackoff, was " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** 6 attempts, 1 s doubling to at most 30 s, 10 s per request: gives up after about 2 minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** Upper bound of the time one delivery can take, all attempts and waits included. */
    public Duration worstCase() {
        Duration total = requestTimeout.multipliedBy(maxAttempts);
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            total = total.plus(backoffAfter(attempt));
        }
        return total;
    }
}
