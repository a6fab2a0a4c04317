package city.ordos.plan.bench;

import city.ordos.plan.app.AppConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The latency figures: one phase per offered load on the running app, then (optionally) one phase
 * per commit interval, each on an app restarted with that {@code commit.interval.ms}. Each phase
 * has its own probe source, so phases never supersede each other's statements.
 */
final class LatencyPhases {

    /** Kafka Streams' commit.interval.ms default under exactly_once_v2. */
    static final long EOS_DEFAULT_COMMIT_MS = 100;

    private final BenchEnvironment env;
    private final PlanYearWorkload workload;
    private final AppRun app;
    private final ActualReader reader;
    private final Duration warmup;

    LatencyPhases(BenchEnvironment env, PlanYearWorkload workload, AppRun app, ActualReader reader, Duration warmup) {
        this.env = env;
        this.workload = workload;
        this.app = app;
        this.reader = reader;
        this.warmup = warmup;
    }

    /** Returns the goal's actual after every phase. */
    BigDecimal run(
            List<String> rates,
            Duration length,
            List<Long> commitIntervals,
            int sweepRate,
            Duration sweepLength,
            BigDecimal actual,
            ResultTable results)
            throws Exception {
        long commitMs = Long.parseLong(
                app.setting(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(EOS_DEFAULT_COMMIT_MS)));
        long emitMs = Long.parseLong(
                app.setting(AppConfig.EMIT_INTERVAL_MS, AppConfig.defaults().get(AppConfig.EMIT_INTERVAL_MS)));
        long partialMs = Long.parseLong(
                app.setting(AppConfig.PARTIAL_INTERVAL_MS, AppConfig.defaults().get(AppConfig.PARTIAL_INTERVAL_MS)));
        results.context("commitIntervalMs", commitMs)
                .context("emitIntervalMs", emitMs)
                .context("partialIntervalMs", partialMs);
        LatencyProbe probe = new LatencyProbe(env, workload);
        for (String r : rates) {
            int rate = rate(r, results);
            String key = key(r, rate);
            String label =
                    "max".equals(r.trim()) ? "@ " + rate + " ev/s (80% of backfill rate)" : "@ " + rate + " ev/s";
            BenchmarkMain.log("latency phase %s for %d s", label, length.toSeconds());
            LatencyProbe.Result result = probe.run(reader, "PROBE-" + key, actual, rate, length, warmup);
            result.report(results, key, label);
            results.add(
                    key + "_p50_per_commit",
                    label + ": p50 / commit interval (" + commitMs + " ms)",
                    result.ms(50) / commitMs,
                    "x");
            actual = drained(result);
        }
        for (long interval : commitIntervals) {
            BenchmarkMain.log("restarting the app with commit.interval.ms=%d", interval);
            app.start(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(interval)))
                    .awaitReady(Duration.ofMinutes(5));
            String key = "latency_commit_" + interval;
            String label = "@ " + sweepRate + " ev/s, commit.interval.ms=" + interval;
            LatencyProbe.Result result = probe.run(reader, "PROBE-" + key, actual, sweepRate, sweepLength, warmup);
            result.report(results, key, label);
            results.add(key + "_p50_per_commit", label + ": p50 / commit interval", result.ms(50) / interval, "x");
            actual = drained(result);
        }
        if (!commitIntervals.isEmpty()) {
            app.start().awaitReady(Duration.ofMinutes(5)); // back to the run's own settings for what follows
        }
        return actual;
    }

    /** The offered loads of {@code rates} in events/s by result key (latency_1000, latency_max_rate), for peers. */
    static Map<String, Integer> offeredLoads(List<String> rates, ResultTable results) {
        Map<String, Integer> loads = new LinkedHashMap<>();
        for (String r : rates) {
            int rate = rate(r, results);
            loads.put(key(r, rate), rate);
        }
        return loads;
    }

    private static int rate(String r, ResultTable results) {
        return "max".equals(r.trim())
                ? (int) Math.max(100, Math.round(0.8 * results.value("pipeline") / 100) * 100)
                : Integer.parseInt(r.trim());
    }

    private static String key(String r, int rate) {
        return "max".equals(r.trim()) ? "latency_max_rate" : "latency_" + rate;
    }

    /** A phase that ended before the reader saw its last event: wait for it, so the next base is right. */
    private BigDecimal drained(LatencyProbe.Result result) {
        if (result.seen() < result.offered()) {
            reader.awaitActual(result.finalActual(), Duration.ofMinutes(10));
        }
        return result.finalActual();
    }
}
