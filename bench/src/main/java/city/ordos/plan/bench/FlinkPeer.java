package city.ordos.plan.bench;

import city.ordos.plan.avro.GoalAggregate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Apache Flink peer (docs/performance.md, "Flink peer"): the bench-flink job, launched from its shaded jar in its
 * own JVM (Flink and its Kafka connector never share this classpath), on the same broker, input
 * topics and records as the product. Measured with the product's own yardsticks: backfill
 * throughput from the committed (read_committed) output via {@link ActualReader#awaitActual}, and
 * latency with {@link LatencyProbe} at the same offered loads.
 */
final class FlinkPeer {

    /** Printed by bench-flink's FlinkPeerMain once its job is RUNNING. */
    private static final String RUNNING_LINE = "FLINK-PEER RUNNING";

    static final String GROUP_ID = "bench-flink-peer";

    /** How the peer is run: jar, JVM heap, checkpoint and emit intervals (matched to the app's by default). */
    record Settings(
            Path jar, String heap, List<String> jvmOptions, long checkpointMs, long emitIntervalMs, int parallelism) {}

    private final BenchEnvironment env;
    private final PlanYearWorkload workload;
    private final Settings settings;
    private final String outputTopic;

    FlinkPeer(BenchEnvironment env, PlanYearWorkload workload, Settings settings) {
        this.env = env;
        this.workload = workload;
        this.settings = settings;
        this.outputTopic = env.topics().prefix() + "flink-goal-aggregates";
    }

    /** The backfill throughput ratio, once both pipelines have theirs (the peer may run first). */
    static void addRatio(ResultTable results) {
        if (results.has("pipeline") && results.has("flink_pipeline") && !results.has("ratio_pipeline_flink")) {
            results.add(
                    "ratio_pipeline_flink",
                    "ratio pipeline / Flink (backfill throughput)",
                    results.value("pipeline") / results.value("flink_pipeline"),
                    "x");
        }
    }

    /**
     * Runs the job over everything on the input topics (the plan year, plus the product's latency
     * probes when the product ran first; their final sum is {@code expected}), then one latency phase per {@code rates} entry
     * (resolved events/s, keyed like the product's rows).
     */
    void run(BigDecimal expected, Map<String, Integer> rates, Duration length, Duration warmup, ResultTable results)
            throws Exception {
        if (!Files.isRegularFile(settings.jar())) {
            throw new IllegalStateException("Flink peer jar " + settings.jar().toAbsolutePath()
                    + " not found: build it with mvn -B -q -pl bench,bench-flink -am package -DskipTests");
        }
        results.context("flinkCheckpointMs", settings.checkpointMs())
                .context("flinkEmitIntervalMs", settings.emitIntervalMs())
                .context("flinkParallelism", settings.parallelism())
                .context("flinkHeap", settings.heap());
        env.createTopic(outputTopic, env.topics().progress().partitions());
        long inputs = inputRecords();
        Path log = env.work().resolve("flink-peer.log");
        results.context("flinkLog", log.toString());
        BenchmarkMain.log("starting the Flink peer on %d input records", inputs);
        long started = System.nanoTime();
        try (PeerProcess peer = PeerProcess.start(command(), log);
                AggregateTopicReader reader = new AggregateTopicReader()) {
            long running = peer.awaitRunning(Duration.ofMinutes(5));
            CpuWindow cpu = CpuWindow.start(List.of(peer.handle()));
            long done = reader.awaitActual(expected, Duration.ofMinutes(60), peer::requireAlive);
            cpu.report(results, "flink_backfill", "Flink peer", inputs);
            double afterRunning = (done - running) / 1e9;
            results.add("flink_startup", "Flink peer: process launch to job RUNNING", (running - started) / 1e6, "ms");
            results.add(
                    "flink_backfill_seconds",
                    "Flink peer backfill: RUNNING to last aggregate committed",
                    afterRunning,
                    "s");
            // The same yardstick as the app's backfill_total_seconds: the bar of a plan year "in under
            // a minute" is from process launch, and the peer's launch is part of its answer too.
            results.add(
                    "flink_backfill_total_seconds",
                    "Flink peer backfill: process launch to last aggregate committed",
                    (done - started) / 1e9,
                    "s");
            results.add(
                    "flink_pipeline",
                    "Flink peer throughput (committed output, exactly-once, Avro; all " + inputs + " input records)",
                    inputs / afterRunning,
                    "events/s");
            results.add(
                    "flink_pipeline_incl_startup",
                    "Flink peer throughput incl. JVM + MiniCluster start",
                    inputs / ((done - started) / 1e9),
                    "events/s");
            addRatio(results);
            BenchmarkMain.log("Flink backfill of %d records done in %.1f s after RUNNING", inputs, afterRunning);

            LatencyProbe probe = new LatencyProbe(env, workload);
            BigDecimal actual = expected;
            for (Map.Entry<String, Integer> rate : rates.entrySet()) {
                String key = "flink_" + rate.getKey();
                String label = "Flink peer @ " + rate.getValue() + " ev/s";
                BenchmarkMain.log("Flink latency phase %s for %d s", label, length.toSeconds());
                LatencyProbe.Result result =
                        probe.run(reader, "FLINK-PROBE-" + rate.getKey(), actual, rate.getValue(), length, warmup);
                result.report(results, key, label);
                results.add(
                        key + "_p50_per_checkpoint",
                        label + ": p50 / checkpoint interval (" + settings.checkpointMs() + " ms)",
                        result.ms(50) / settings.checkpointMs(),
                        "x");
                if (results.has(rate.getKey() + "_p99")) {
                    results.add(
                            "ratio_" + rate.getKey() + "_p99_pipeline_flink",
                            "ratio p99 pipeline / Flink @ " + rate.getValue() + " ev/s",
                            results.value(rate.getKey() + "_p99") / result.ms(99),
                            "x");
                }
                if (result.seen() < result.offered()) {
                    reader.awaitActual(result.finalActual(), Duration.ofMinutes(10), peer::requireAlive);
                }
                actual = result.finalActual();
            }
            results.add("flink_peak_rss", "Flink peer peak resident memory, own JVM (VmHWM)", peer.peakRssMiB(), "MiB");
        } finally {
            BenchmarkMain.deleteRecursively(checkpoints());
        }
    }

    private Path checkpoints() {
        return env.work().resolve("flink-checkpoints");
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + settings.heap());
        command.add("-Xmx" + settings.heap());
        // Heap state that outgrows the heap ends the run with a clear failure, not a JVM left thrashing.
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(settings.jvmOptions());
        command.addAll(List.of(
                "-jar",
                settings.jar().toString(),
                "--bootstrap",
                env.bootstrap(),
                "--registry",
                env.registryUrl(),
                "--input-prefix",
                env.topics().prefix(),
                "--output-topic",
                outputTopic,
                "--checkpoint-ms",
                Long.toString(settings.checkpointMs()),
                "--emit-interval-ms",
                Long.toString(settings.emitIntervalMs()),
                "--parallelism",
                Integer.toString(settings.parallelism()),
                "--group-id",
                GROUP_ID,
                "--checkpoint-dir",
                checkpoints().toString()));
        return command;
    }

    /** Records on the input topics now: what the peer's backfill has to get through. */
    private long inputRecords() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", env.bootstrap()))) {
            List<String> inputs =
                    env.topics().inputs().stream().map(t -> t.name()).toList();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(inputs)
                    .allTopicNames()
                    .get()
                    .forEach((name, d) -> d.partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            long total = 0;
            for (var info : admin.listOffsets(request).all().get().values()) {
                total += info.offset();
            }
            return total;
        }
    }

    /** The peer's output topic: Avro GoalAggregate per goal; the benchmark goal's feed sum is its actual. */
    private final class AggregateTopicReader implements ActualReader {

        private final KafkaConsumer<String, GoalAggregate> consumer;

        AggregateTopicReader() {
            Map<String, Object> c = new HashMap<>();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-flink-output-reader");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(
                    c,
                    new StringDeserializer(),
                    env.serdes().valueSerde(GoalAggregate.class).deserializer());
            consumer.subscribe(Set.of(outputTopic));
        }

        @Override
        public List<BigDecimal> poll(Duration timeout) {
            List<BigDecimal> actuals = new ArrayList<>();
            for (ConsumerRecord<String, GoalAggregate> rec : consumer.poll(timeout)) {
                if (PlanYearWorkload.GOAL_KEY.equals(rec.key())
                        && rec.value() != null
                        && rec.value().getFeed() != null) {
                    actuals.add(rec.value().getFeed());
                }
            }
            return actuals;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** The peer's JVM: output copied to a log, "running" when the job says so, stopped with SIGTERM. */
    private static final class PeerProcess implements AutoCloseable {

        private final Process process;
        private final Path log;
        private final CompletableFuture<Long> running = new CompletableFuture<>();
        private final ChildJvm jvm;

        private PeerProcess(Process process, Path log) {
            this.process = process;
            this.jvm = new ChildJvm(process);
            this.log = log;
        }

        static PeerProcess start(List<String> command, Path log) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            PeerProcess peer = new PeerProcess(p, log);
            Thread copier = new Thread(peer::copyOutput, "flink-peer-output");
            copier.setDaemon(true);
            copier.start();
            return peer;
        }

        private void copyOutput() {
            try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(RUNNING_LINE)) {
                        running.complete(System.nanoTime());
                    }
                    out.write(line);
                    out.write('\n');
                    out.flush();
                }
            } catch (IOException e) {
                running.completeExceptionally(e);
                throw new UncheckedIOException("copying the Flink peer's output to " + log, e);
            }
            running.completeExceptionally(
                    new IllegalStateException("Flink peer exited before its job ran; see " + log));
        }

        long awaitRunning(Duration timeout) throws Exception {
            try {
                return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Flink peer job not RUNNING within " + timeout + "; see " + log, e);
            }
        }

        /** Throws if the peer's JVM has exited (an out-of-memory error ends it). */
        void requireAlive() {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Flink peer exited with " + process.exitValue() + " before it was done; see " + log);
            }
        }

        ProcessHandle handle() {
            return process.toHandle();
        }

        /** Peak resident set of this JVM so far, MiB. */
        double peakRssMiB() {
            return jvm.peakRssMiB();
        }

        @Override
        public void close() throws InterruptedException {
            jvm.stop();
        }
    }
}
