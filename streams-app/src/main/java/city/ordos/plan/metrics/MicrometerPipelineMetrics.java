package city.ordos.plan.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link PipelineMetrics} as Micrometer meters:
 * <ul>
 *   <li>{@code ordos_input_events_total{topic}}</li>
 *   <li>{@code ordos_dead_letters_total{reason}}</li>
 *   <li>{@code ordos_end_to_end_latency_seconds} (histogram; p50/p95/p99 with {@code histogram_quantile}):
 *   input record's timestamp to the progress figure it changed being emitted</li>
 * </ul>
 */
public final class MicrometerPipelineMetrics implements PipelineMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> inputs = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Timer endToEnd;

    public MicrometerPipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.endToEnd = Timer.builder("ordos.end.to.end.latency")
                .description(
                        "From an input record's append to the broker to the progress figure it changed being emitted")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    @Override
    public void inputRecord(String topic) {
        inputs.computeIfAbsent(
                        topic,
                        t -> Counter.builder("ordos.input.events")
                                .description("Records read from an input topic")
                                .tag("topic", t)
                                .register(registry))
                .increment();
    }

    @Override
    public void deadLettered(String reasonCode) {
        deadLetters
                .computeIfAbsent(
                        reasonCode,
                        r -> Counter.builder("ordos.dead.letters")
                                .description("Input records sent to the dead-letter topic, by reason")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    @Override
    public void progressEmitted(long appendTimeMillis, long emittedAtMillis) {
        // A negative span means clocks disagree (producer-set timestamps); it is not a latency.
        long span = emittedAtMillis - appendTimeMillis;
        if (span >= 0) {
            endToEnd.record(span, TimeUnit.MILLISECONDS);
        }
    }
}
