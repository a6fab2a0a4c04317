package city.ordos.plan.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff for registry calls: {@code maxRetries} retries after the first
 * attempt, waiting {@code initialWait * 2^n} (capped at {@code maxWait}) with up to 20% jitter so
 * many clients hitting one overloaded registry do not retry in lockstep.
 *
 * <p>The only retry of registry calls in the product: the client applies it inside each call, and
 * callers (the serdes, the intake on the stream thread) do not retry on top of it
 * (docs/reliability.md, "Registry calls: one retry policy").
 */
public record RetryPolicy(int maxRetries, Duration initialWait, Duration maxWait) {

    /** One attempt, no retry (a client that cannot fail transiently, such as the in-memory one). */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        if (initialWait.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("waits must not be negative");
        }
    }

    /** Attempts a call makes at most: the first and the retries. */
    public int attempts() {
        return maxRetries + 1;
    }

    /** Wait before retry number {@code retry} (0-based); a registry's Retry-After wins if longer, within maxWait. */
    Duration backoff(int retry, Duration retryAfter) {
        long base = initialWait.toMillis();
        long exp = retry >= 30 ? Long.MAX_VALUE : base << retry;
        if (exp < base) {
            exp = Long.MAX_VALUE;
        }
        long capped = Math.min(exp, maxWait.toMillis());
        long jitter = capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        long wait = Math.min(capped + jitter, maxWait.toMillis());
        if (retryAfter != null) {
            wait = Math.max(wait, Math.min(retryAfter.toMillis(), maxWait.toMillis()));
        }
        return Duration.ofMillis(wait);
    }
}
