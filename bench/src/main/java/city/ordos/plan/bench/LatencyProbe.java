package city.ordos.plan.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end latency at a fixed offered load. One probe source reports an ever larger
 * year-to-date figure k (k = 1, 2, ...) at {@code rate} events/s; the goal's committed actual
 * {@code base + k} proves that event k and every one before it is processed. Latency of event j =
 * the moment the reader first sees an actual ≥ base + j − the moment event j was handed to the
 * producer ({@code send()}, acks=all, idempotent, default linger): so it includes producer batching
 * and the broker append, and ends when the figure is visible to a {@code read_committed} consumer.
 * Both instants are taken in this JVM with System.nanoTime().
 */
public final class LatencyProbe {

    /** What one phase measured. {@code finalActual} is the goal's actual once every probe event is processed. */
    public record Result(int rate, int offered, int seen, Histogram histogram, BigDecimal finalActual) {
        public double ms(double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        public double maxMs() {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
        }

        /** Adds p50/p99/p99.9/max and the count seen to the table under {@code prefix}. */
        public void report(ResultTable results, String prefix, String label) {
            results.add(prefix + "_seen", label + ": events seen processed / offered", seen, "of " + offered);
            results.add(prefix + "_p50", label + ": e2e latency p50", ms(50), "ms");
            results.add(prefix + "_p99", label + ": e2e latency p99", ms(99), "ms");
            results.add(prefix + "_p999", label + ": e2e latency p99.9", ms(99.9), "ms");
            results.add(prefix + "_max", label + ": e2e latency max", maxMs(), "ms");
        }
    }

    private final BenchEnvironment env;
    private final PlanYearWorkload workload;

    public LatencyProbe(BenchEnvironment env, PlanYearWorkload workload) {
        this.env = env;
        this.workload = workload;
    }

    /**
     * Runs one phase with probe source {@code sourceId} (a fresh one per phase) against a goal
     * whose actual is {@code base} before the phase; samples sent in the first {@code warmup} are dropped.
     */
    public Result run(ActualReader reader, String sourceId, BigDecimal base, int rate, Duration length, Duration warmup)
            throws InterruptedException {
        int total = (int) Math.max(1, rate * length.toSeconds());
        long[] sentAt = new long[total + 1];
        byte[][] values = new byte[total + 1][];
        for (int k = 1; k <= total; k++) {
            values[k] = workload.probe(sourceId, k); // serialized ahead: the sender's pace must not wait for Avro
        }
        Histogram histogram = new Histogram(Duration.ofMinutes(5).toNanos() / 1000, 3);
        String topic = env.topics().investment().name();
        Thread sender = new Thread(
                () -> {
                    try (KafkaProducer<String, byte[]> producer = env.producer()) {
                        long start = System.nanoTime();
                        long periodNanos = 1_000_000_000L / rate;
                        for (int k = 1; k <= total; k++) {
                            long due = start + k * periodNanos;
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            sentAt[k] = System.nanoTime();
                            producer.send(new ProducerRecord<>(topic, sourceId, values[k]));
                        }
                        producer.flush();
                    }
                },
                "latency-sender-" + rate);
        long phaseStart = System.nanoTime();
        long warmupEnd = phaseStart + warmup.toNanos();
        long deadline = phaseStart + length.plusSeconds(120).toNanos();
        sender.start();
        int seen = 0;
        while (seen < total && System.nanoTime() < deadline) {
            for (BigDecimal actual : reader.poll(Duration.ofMillis(10))) {
                long now = System.nanoTime();
                int k = actual.subtract(base).intValue();
                for (int j = seen + 1; j <= Math.min(k, total); j++) {
                    if (sentAt[j] >= warmupEnd) {
                        histogram.recordValue(Math.max(0, (now - sentAt[j]) / 1000));
                    }
                }
                seen = Math.max(seen, Math.min(k, total));
            }
        }
        sender.join();
        // every event was sent: the goal ends at base + total even if the reader gave up before seeing it
        return new Result(
                rate, total, seen, histogram, base.add(BigDecimal.valueOf(total).setScale(6)));
    }
}
