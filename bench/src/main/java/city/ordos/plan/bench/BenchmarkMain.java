package city.ordos.plan.bench;

import ch.qos.logback.classic.Level;
import city.ordos.plan.app.AppConfig;
import city.ordos.plan.infra.platform.EmbeddedPlatform;
import city.ordos.plan.infra.registry.RegistryAccess;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.topics.OrdosTopics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One benchmark run on one embedded broker + registry (in this JVM): Kafka's own perf tools for the
 * limit, then the product (the packaged app in its own JVM) for backfill throughput, end-to-end
 * latency at fixed offered loads and against the commit interval, restore after a local-state
 * wipe, and the app's peak memory. Not a test: it asserts nothing and prints what it measured.
 * Each measurement is its own class; a peer (e.g. a Flink job) adds its rows from {@link #call()}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures raw Kafka, the progress pipeline's throughput, latency, restore time and memory.")
public final class BenchmarkMain implements Callable<Integer> {

    static final String APP_ID = "bench-progress";

    @Option(
            names = "--events",
            defaultValue = "500000",
            description = "Input events of the backfill (a plan year of monthly year-to-date reports).")
    int events;

    @Option(
            names = "--reports-per-source",
            defaultValue = "12",
            description = "Reports per project in the plan year, 1-12 (the last months): fewer reports, more "
                    + "projects for the same events, so more state (1: twelve times the sources of 12).")
    int reportsPerSource;

    @Option(
            names = "--instances",
            defaultValue = "1",
            description = "App instances (JVMs, one consumer group), each with --app-heap and its own state.")
    int instances;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "1000,10000,max",
            description =
                    "Offered loads of the latency phases, events/s; 'max' = 80%% of the measured backfill throughput.")
    List<String> rates;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of each latency phase.")
    int latencySeconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "5",
            description = "Latency samples of the first seconds are dropped.")
    int warmupSeconds;

    @Option(
            names = "--commit-intervals",
            split = ",",
            description =
                    "Also measure latency at --sweep-rate with each of these commit.interval.ms (app restarted per value).")
    List<Long> commitIntervals = new ArrayList<>();

    @Option(names = "--sweep-rate", defaultValue = "1000", description = "Offered load of the commit-interval sweep.")
    int sweepRate;

    @Option(names = "--sweep-seconds", defaultValue = "15", description = "Length of each sweep phase.")
    int sweepSeconds;

    @Option(
            names = "--skip",
            split = ",",
            defaultValue = "",
            description = "Phases to leave out: raw, latency, restore, flink.")
    Set<String> skip = Set.of();

    @Option(
            names = "--app-jar",
            defaultValue = "launcher/target/ordos.jar",
            description = "The packaged app, run in its own JVM.")
    Path appJar;

    /*
     * 384 MiB of heap and the default 256 MiB RocksDB budget keep the app under 1 GiB resident; the
     * Kubernetes pod gives it a little more heap (40 % of 1 GiB).
     */
    @Option(names = "--app-heap", defaultValue = "384m", description = "-Xmx (and -Xms) of the app's JVM.")
    String appHeap;

    @Option(
            names = "--app-jvm",
            description = "Extra JVM option of the app (repeatable), e.g. -XX:StartFlightRecording=...")
    List<String> appJvm = new ArrayList<>();

    @Option(
            names = "--flink-jar",
            defaultValue = "bench-flink/target/bench-flink-0.1.0-SNAPSHOT-all.jar",
            description = "The Flink peer job (bench-flink), run in its own JVM with --flink-heap.")
    Path flinkJar;

    /* The peer keeps its state on the heap; 512 MiB holds a plan year of 5 M events (docs/performance.md). */
    @Option(names = "--flink-heap", defaultValue = "512m", description = "-Xmx (and -Xms) of the Flink peer's JVM.")
    String flinkHeap;

    @Option(
            names = "--flink-checkpoint-ms",
            defaultValue = "0",
            description = "Checkpoint interval of the Flink peer (0: the app's commit.interval.ms).")
    long flinkCheckpointMs;

    @Option(
            names = "--flink-jvm",
            description = "Extra JVM option of the Flink peer (repeatable), e.g. a profiler agent.")
    List<String> flinkJvm = new ArrayList<>();

    @Option(names = "--flink-parallelism", defaultValue = "1", description = "Parallelism of the Flink peer.")
    int flinkParallelism;

    /*
     * The broker lives in this JVM and starts cold. In the app's window its JIT compiler spent
     * 6-17 s of CPU, in the peer's 1-4 s; with the peer first about 2 s of that moved to the peer
     * and the rest stayed with the app, whose load takes broker paths the peer's does not
     * (docs/performance.md "Like for like"). This option keeps that order visible. The peer's
     * latency probes would land in the app's backfill, so the latency phases must be skipped.
     */
    @Option(
            names = "--peer-first",
            description = "Run the Flink peer's backfill before the app's (needs --skip latency).")
    boolean peerFirst;

    @Option(names = "--out", defaultValue = "bench/target/bench-result.json", description = "JSON result file.")
    Path out;

    @Option(names = "-X", description = "Extra app setting key=value (Kafka Streams or ordos.*), for tuning runs.")
    Map<String, String> extra = new LinkedHashMap<>();

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // --app-jvm=-XX:... starts like the -X option: take it as the value it is
        System.exit(new CommandLine(new BenchmarkMain())
                .setAllowOptionsAsOptionParameters(true)
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (peerFirst && (!skip.contains("latency") || skip.contains("flink"))) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--peer-first needs --skip latency (the peer's latency probes would land in the app's backfill)"
                            + " and the peer (no --skip flink)");
        }
        Path work = Files.createTempDirectory("ordos-bench");
        ResultTable results = new ResultTable();
        results.context("machine", MachineInfo.describe())
                .context("events", events)
                .context("started", Instant.now().toString())
                .context("appSettings", extra);
        // A throw-away platform in a temporary directory: its registry is open to the app it starts.
        try (EmbeddedPlatform platform = EmbeddedPlatform.builder(work.resolve("platform"))
                .topics(OrdosTopics.withPrefix("bench-"))
                .registryAccess(RegistryAccess.open())
                .start()) {
            OrdosTopics topics = OrdosTopics.withPrefix("bench-");
            BenchEnvironment env = new BenchEnvironment(
                    work,
                    platform,
                    topics,
                    new AvroSerdes(Map.of("schema.registry.url", platform.schemaRegistryUrl())));
            PlanYearWorkload workload = new PlanYearWorkload(env);
            int size = workload.recordBytes();
            results.context("inputRecordBytes", size);

            if (!skip.contains("raw")) {
                log("raw produce/consume of %d records of %d bytes", events, size);
                RawKafkaBaseline.measure(env, events, size, results);
            }
            log("producing the plan year (%d events)", events);
            PlanYearWorkload.Backfill backfill = workload.produce(events, reportsPerSource);
            results.context("events", backfill.events()).context("projects", backfill.projects());

            AppRun app = new AppRun(env, appJar, appJvmOptions(), appSettings(env), work.resolve("app.log"), instances);
            results.context("appJvm", appJvmOptions())
                    .context("instances", instances)
                    .context("appJar", appJar.toString())
                    .context("appLog", work.resolve("app.log").toString());
            results.context("peerFirst", peerFirst);
            if (peerFirst) {
                runPeer(env, workload, app, backfill.expectedActual(), Map.of(), results);
            }
            try (ProgressTopicReader reader = new ProgressTopicReader(env)) {
                BigDecimal actual = new BackfillMeasurement(app, reader).run(backfill, results);
                FlinkPeer.addRatio(results);
                if (!skip.contains("latency")) {
                    actual = new LatencyPhases(env, workload, app, reader, Duration.ofSeconds(warmupSeconds))
                            .run(
                                    rates,
                                    Duration.ofSeconds(latencySeconds),
                                    commitIntervals,
                                    sweepRate,
                                    Duration.ofSeconds(sweepSeconds),
                                    actual,
                                    results);
                }
                // Stopped cleanly (memtables flushed) before the restore wipes the state.
                app.close();
                StateFootprint.measure(app.stateDir(), work.resolve("platform"), APP_ID, results);
                if (!skip.contains("restore")) {
                    new RestoreMeasurement(app).run(actual, results);
                }
                app.close();
                if (!skip.contains("flink") && !peerFirst) {
                    runPeer(
                            env,
                            workload,
                            app,
                            actual,
                            skip.contains("latency") ? Map.of() : LatencyPhases.offeredLoads(rates, results),
                            results);
                }
            } finally {
                app.close();
                results.add(
                        "app_peak_rss",
                        "app peak resident memory, own JVM (max VmHWM of its runs and instances)",
                        app.peakRssMiB(),
                        "MiB");
                results.add(
                        "bench_jvm_rss",
                        "benchmark JVM peak RSS (broker, registry, load generators; not the app)",
                        benchJvmHwmMiB(),
                        "MiB");
            }
        } finally {
            results.context("loadavgAtEnd", MachineInfo.loadAverage())
                    .context("finished", Instant.now().toString());
            System.out.println();
            System.out.print(results.table());
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, results.json());
            System.out.println("JSON: " + out.toAbsolutePath());
            deleteRecursively(work.resolve("platform"));
            deleteRecursively(work.resolve("state"));
        }
        return 0;
    }

    private List<String> appJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xms" + appHeap, "-Xmx" + appHeap));
        options.addAll(appJvm);
        return options;
    }

    /** The peer's backfill, and its latency phases at these offered loads (none: skipped); a failure of the peer is recorded, not thrown. */
    private void runPeer(
            BenchEnvironment env,
            PlanYearWorkload workload,
            AppRun app,
            BigDecimal expected,
            Map<String, Integer> offeredLoads,
            ResultTable results)
            throws Exception {
        try {
            new FlinkPeer(env, workload, flinkSettings(app))
                    .run(
                            expected,
                            offeredLoads,
                            Duration.ofSeconds(latencySeconds),
                            Duration.ofSeconds(warmupSeconds),
                            results);
        } catch (IllegalStateException e) {
            // The app's figures stand; the peer's failure is a result too (e.g. its heap
            // state outgrew the heap), recorded in the JSON and the table's context.
            results.context("flinkFailed", e.getMessage());
            log("Flink peer failed: %s", e.getMessage());
        }
    }

    /** The peer checkpoints as often as the app commits and emits a changed goal as often as the app does. */
    private FlinkPeer.Settings flinkSettings(AppRun app) {
        long commitMs = Long.parseLong(app.setting(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(LatencyPhases.EOS_DEFAULT_COMMIT_MS)));
        long emitMs = Long.parseLong(
                app.setting(AppConfig.EMIT_INTERVAL_MS, AppConfig.defaults().get(AppConfig.EMIT_INTERVAL_MS)));
        return new FlinkPeer.Settings(
                flinkJar,
                flinkHeap,
                flinkJvm,
                flinkCheckpointMs > 0 ? flinkCheckpointMs : commitMs,
                emitMs,
                flinkParallelism);
    }

    /** The app's settings: the benchmark's broker, topics and a fixed plan clock, plus any -X overrides. */
    private Map<String, String> appSettings(BenchEnvironment env) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, APP_ID);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, env.work().resolve("state").toString());
        settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        settings.put(AppConfig.TOPIC_PREFIX, env.topics().prefix());
        settings.put(AppConfig.CLOCK, "fixed:2025-12-31");
        // The month-end reports the app makes go with the benchmark's other files, not into the
        // directory the benchmark was started from.
        settings.put(ReportSettings.DIRECTORY, env.work().resolve("reports").toString());
        // The app would make the year's twelve month-end reports (and their PDF and workbook) once
        // it has caught up, that is at the start of the first latency phase: a burst of a few
        // seconds of CPU the peer has no counterpart for (p99 3.6 s instead of 0.7 s at 10k/s on
        // 2026-12-05). Off unless -X turns it on.
        settings.put(ReportSettings.AUTO, "false");
        // Reads of the API need a sign-in; the benchmark reads as automation does, with the token
        // (the same on every instance, so any instance can answer for the goal's owner).
        settings.put(AppConfig.ADMIN_TOKEN, UUID.randomUUID().toString());
        settings.putAll(extra);
        return settings;
    }

    private static double benchJvmHwmMiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0)
                    .orElse(Double.NaN);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(
                "[bench %s load %s] %s%n", Instant.now(), MachineInfo.loadAverage(), String.format(format, args));
    }
}
