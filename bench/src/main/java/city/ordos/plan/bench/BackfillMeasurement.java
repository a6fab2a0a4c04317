package city.ordos.plan.bench;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Throughput from the committed output: the plan year is already on the input topic; the clock
 * starts when the app process is launched and stops when a read_committed consumer sees the goal's
 * actual equal to the sum of the December reports, i.e. every event processed and committed.
 */
final class BackfillMeasurement {

    private final AppRun app;
    private final ActualReader reader;

    BackfillMeasurement(AppRun app, ActualReader reader) {
        this.app = app;
        this.reader = reader;
    }

    /** Returns the goal's actual after the backfill. */
    BigDecimal run(PlanYearWorkload.Backfill backfill, ResultTable results) throws Exception {
        BenchmarkMain.log("starting the app on the backfill");
        long started = System.nanoTime();
        long ready = app.start().awaitReady(Duration.ofMinutes(5));
        CpuWindow cpu = CpuWindow.start(app.processes());
        long done = reader.awaitActual(backfill.expectedActual(), Duration.ofMinutes(60), app::requireAlive);
        cpu.report(results, "backfill", "app", backfill.events());
        double afterReady = (done - ready) / 1e9;
        double total = (done - started) / 1e9;
        results.add("startup", "app process launch to ready (JVM start + RUNNING)", (ready - started) / 1e6, "ms");
        results.add("backfill_seconds", "backfill: ready to last progress committed", afterReady, "s");
        results.add("backfill_total_seconds", "backfill: process launch to last progress committed", total, "s");
        results.add(
                "pipeline",
                "pipeline throughput (committed progress, EOS v2, Avro)",
                backfill.events() / afterReady,
                "events/s");
        results.add(
                "pipeline_incl_startup", "pipeline throughput incl. JVM start", backfill.events() / total, "events/s");
        if (results.has("raw_produce")) {
            results.add(
                    "ratio_pipeline_raw",
                    "ratio pipeline / raw produce",
                    results.value("pipeline") / results.value("raw_produce"),
                    "x");
        }
        BenchmarkMain.log("backfill of %d events done in %.1f s after ready", backfill.events(), afterReady);
        return backfill.expectedActual();
    }
}
