package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));

    @RepeatedTest(20)
    void backoffDoublesWithBoundedJitterAndStopsAtTheCeiling() {
        assertThat(policy.backoff(0, null).toMillis()).isBetween(100L, 120L);
        assertThat(policy.backoff(1, null).toMillis()).isBetween(200L, 240L);
        assertThat(policy.backoff(3, null).toMillis()).isBetween(800L, 960L);
        assertThat(policy.backoff(4, null).toMillis()).isEqualTo(1000L);
        assertThat(policy.backoff(40, null).toMillis()).isEqualTo(1000L);
    }

    @RepeatedTest(5)
    void retryAfterFromTheRegistryWinsWhenLongerButNeverBeyondTheCeiling() {
        assertThat(policy.backoff(0, Duration.ofMillis(500)).toMillis()).isEqualTo(500L);
        assertThat(policy.backoff(0, Duration.ofSeconds(30)).toMillis()).isEqualTo(1000L);
    }
}
