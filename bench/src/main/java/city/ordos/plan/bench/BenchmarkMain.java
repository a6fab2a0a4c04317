package city.ordos.plan.bench;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.StreamsRunner;
import city.ordos.plan.avro.Comparator;
import city.ordos.plan.avro.County;
import city.ordos.plan.avro.FeedSelector;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.avro.GoalKind;
import city.ordos.plan.avro.GoalProgress;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.avro.InvestmentReport;
import city.ordos.plan.avro.Quantity;
import city.ordos.plan.avro.StatementHeader;
import city.ordos.plan.avro.StatementType;
import city.ordos.plan.infra.platform.EmbeddedPlatform;
import city.ordos.plan.progress.PlanCalendar;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import ch.qos.logback.classic.Level;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * One benchmark run on one embedded broker + registry: Kafka's own producer/consumer perf tools for
 * the limit, then the product's pipeline (exactly_once_v2, registry Avro, one instance) for backfill
 * throughput, end-to-end latency at a fixed offered load, restore after a local-state wipe, and peak
 * memory. Not a test: it asserts nothing and prints what it measured.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures raw Kafka, the progress pipeline's throughput, latency, restore time and memory.")
public final class BenchmarkMain implements Callable<Integer> {

    private static final String PLAN = "ordos-2025";
    private static final String GOAL = "fai";
    private static final String GOAL_KEY = OrdosTopics.goalKey(PLAN, GOAL);
    private static final String PACKAGES =
            "city.ordos.plan.avro,java.math,java.lang,java.util,java.time,java.nio";

    @Option(names = "--events", defaultValue = "500000", description = "Input events of the backfill (a plan year of monthly year-to-date reports).")
    int events;

    @Option(names = "--rate", defaultValue = "1000", description = "Offered load of the latency phase, events/s.")
    int rate;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of the latency phase.")
    int latencySeconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Latency samples of the first seconds are dropped.")
    int warmupSeconds;

    @Option(names = "--out", defaultValue = "bench/target/bench-result.json", description = "JSON result file.")
    Path out;

    @Option(names = "-X", description = "Extra streams/app setting key=value (tuning runs).")
    Map<String, String> extra = new HashMap<>();

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", PACKAGES);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("ordos-bench");
        OrdosTopics topics = OrdosTopics.withPrefix("bench-");
        ResultTable results = new ResultTable();
        results.context("events", events).context("latencyRate", rate).context("latencySeconds", latencySeconds)
                .context("nproc", Runtime.getRuntime().availableProcessors())
                .context("loadavg", loadAverage()).context("started", Instant.now().toString())
                .context("extraSettings", extra);
        try (EmbeddedPlatform platform = EmbeddedPlatform.builder(work.resolve("platform")).topics(topics).start()) {
            String bootstrap = platform.bootstrapServers();
            AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", platform.schemaRegistryUrl()));
            Serializer<InvestmentReport> reports = serdes.valueSerde(InvestmentReport.class).serializer();
            int size = reports.serialize(topics.investment().name(), report("PRJ-0", 12, BigDecimal.ONE.setScale(6))).length;
            results.context("inputRecordBytes", size);
            log("record size %d bytes; raw produce/consume of %d records", size, events);

            String rawTopic = "bench-raw";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(rawTopic, topics.investment().partitions(), (short) 1))).all().get();
                awaitLeaders(admin, rawTopic);
            }
            results.add("raw_produce", "raw produce (ProducerPerformance, acks=all, idempotent)",
                    KafkaPerfTools.produce(bootstrap, rawTopic, events, size), "records/s");
            results.add("raw_consume", "raw consume (ConsumerPerformance)",
                    KafkaPerfTools.consume(bootstrap, rawTopic, events), "records/s");

            Map<String, String> settings = new HashMap<>();
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-progress");
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put("schema.registry.url", platform.schemaRegistryUrl());
            settings.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
            settings.put(AppConfig.TOPIC_PREFIX, topics.prefix());
            settings.put(AppConfig.CLOCK, "fixed:2025-12-31");
            settings.putAll(extra);
            AppConfig config = AppConfig.of(settings);
            results.context("processingGuarantee", config.toString().contains("exactly_once_v2") ? "exactly_once_v2" : "see settings");

            BigDecimal expected = backfill(bootstrap, topics, serdes, reports);
            log("backfill produced; starting the app");
            try (KafkaConsumer<String, GoalProgress> progress = progressConsumer(bootstrap, topics, serdes)) {
                long started = System.nanoTime();
                BigDecimal last;
                long running;
                try (StreamsRunner runner = StreamsRunner.create(config)) {
                    runner.start();
                    running = awaitRunning(runner, started);
                    long done = awaitActual(progress, expected, Duration.ofMinutes(30), null);
                    double secondsAfterRunning = (done - running) / 1e9;
                    results.add("startup", "app start to RUNNING", (running - started) / 1e6, "ms");
                    results.add("backfill_seconds", "backfill of all events to committed progress (after RUNNING)", secondsAfterRunning, "s");
                    results.add("pipeline", "pipeline throughput (committed progress, EOS v2, Avro)", events / secondsAfterRunning, "events/s");
                    results.add("pipeline_incl_startup", "pipeline throughput incl. startup", events / ((done - started) / 1e9), "events/s");
                    results.add("ratio_pipeline_raw", "ratio pipeline / raw produce", results.value("pipeline") / results.value("raw_produce"), "x");
                    log("backfill done in %.1f s; latency phase at %d events/s for %d s", secondsAfterRunning, rate, latencySeconds);

                    last = latency(bootstrap, topics, reports, progress, expected, results);
                }
                log("app closed; wiping local state and restoring");
                deleteRecursively(work.resolve("state"));
                long restoreStart = System.nanoTime();
                try (StreamsRunner restored = StreamsRunner.create(config)) {
                    restored.start();
                    long restoredRunning = awaitRunning(restored, restoreStart);
                    long serving = awaitStore(restored, last, restoreStart);
                    results.add("restore_running", "restore after state wipe: start to RUNNING", (restoredRunning - restoreStart) / 1e6, "ms");
                    results.add("restore_serving", "restore after state wipe: start to serving the figure", (serving - restoreStart) / 1e6, "ms");
                }
            }
        } finally {
            results.add("vm_hwm", "peak resident memory, whole JVM incl. broker+registry (VmHWM)", vmHwmMiB(), "MiB");
            results.add("heap_peak", "peak heap used, sum of pools (whole JVM)", heapPeakMiB(), "MiB");
            results.add("max_heap", "max heap (-Xmx)", Runtime.getRuntime().maxMemory() / 1048576.0, "MiB");
            results.context("loadavgAtEnd", loadAverage()).context("finished", Instant.now().toString());
            System.out.println();
            System.out.print(results.table());
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, results.json());
            System.out.println("JSON: " + out.toAbsolutePath());
            deleteRecursively(work);
        }
        return 0;
    }

    /** A plan year of monthly year-to-date reports from events/12 projects; returns the final per-goal sum. */
    private BigDecimal backfill(String bootstrap, OrdosTopics topics, AvroSerdes serdes,
                                Serializer<InvestmentReport> reports) {
        int projects = Math.max(1, events / 12);
        BigDecimal expected = BigDecimal.ZERO;
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            Serializer<GoalDefinition> goals = serdes.valueSerde(GoalDefinition.class).serializer();
            producer.send(new ProducerRecord<>(topics.goals().name(), GOAL_KEY, goals.serialize(topics.goals().name(), goal())));
            String topic = topics.investment().name();
            for (int m = 1; m <= 12; m++) {
                for (int p = 0; p < projects; p++) {
                    String id = "PRJ-" + p;
                    BigDecimal ytd = BigDecimal.valueOf((long) m * (p % 97 + 1), 2).setScale(6);
                    producer.send(new ProducerRecord<>(topic, id, reports.serialize(topic, report(id, m, ytd))));
                    if (m == 12) {
                        expected = expected.add(ytd);
                    }
                }
            }
            producer.flush();
        }
        events = projects * 12;
        return expected;
    }

    /**
     * One extra source reports an ever larger year-to-date figure k at the offered rate, so the goal's
     * committed actual (base + k) says that event k, and every one before it, has been processed.
     */
    private BigDecimal latency(String bootstrap, OrdosTopics topics, Serializer<InvestmentReport> reports,
                               KafkaConsumer<String, GoalProgress> progress, BigDecimal base, ResultTable results)
            throws InterruptedException {
        int total = rate * latencySeconds;
        long[] sentAt = new long[total + 1];
        Histogram histogram = new Histogram(Duration.ofMinutes(5).toNanos() / 1000, 3);
        String topic = topics.investment().name();
        Thread sender = new Thread(() -> {
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                long start = System.nanoTime();
                long periodNanos = 1_000_000_000L / rate;
                Instant asOf = PlanCalendar.endOfDay(LocalDate.of(2025, 11, 30));
                for (int k = 1; k <= total; k++) {
                    long due = start + k * periodNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    InvestmentReport r = report("LATENCY-PROBE", asOf.plusMillis(k), BigDecimal.valueOf(k).setScale(6));
                    byte[] value = reports.serialize(topic, r);
                    sentAt[k] = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, "LATENCY-PROBE", value));
                }
                producer.flush();
            }
        }, "latency-sender");
        sender.start();
        long phaseStart = System.nanoTime();
        long warmupEnd = phaseStart + Duration.ofSeconds(warmupSeconds).toNanos();
        long deadline = phaseStart + Duration.ofSeconds(latencySeconds + 120L).toNanos();
        int seen = 0;
        while (seen < total && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, GoalProgress> rec : progress.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                if (!GOAL_KEY.equals(rec.key()) || rec.value() == null || rec.value().getActual() == null) {
                    continue;
                }
                int k = rec.value().getActual().subtract(base).intValue();
                for (int j = seen + 1; j <= Math.min(k, total); j++) {
                    if (sentAt[j] >= warmupEnd) {
                        histogram.recordValue(Math.max(0, (now - sentAt[j]) / 1000));
                    }
                }
                seen = Math.max(seen, Math.min(k, total));
            }
        }
        sender.join();
        results.add("latency_events", "latency phase: events seen processed / offered", seen, "of " + total);
        results.add("latency_p50", "e2e latency p50 @ " + rate + " events/s", histogram.getValueAtPercentile(50) / 1000.0, "ms");
        results.add("latency_p99", "e2e latency p99 @ " + rate + " events/s", histogram.getValueAtPercentile(99) / 1000.0, "ms");
        results.add("latency_p999", "e2e latency p99.9 @ " + rate + " events/s", histogram.getValueAtPercentile(99.9) / 1000.0, "ms");
        results.add("latency_max", "e2e latency max @ " + rate + " events/s", histogram.getMaxValue() / 1000.0, "ms");
        results.add("latency_samples", "latency samples (after warm-up)", histogram.getTotalCount(), "events");
        return base.add(BigDecimal.valueOf(seen).setScale(6));
    }

    /** A producer started before every partition has a leader fails its first batches; wait for them. */
    private static void awaitLeaders(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leaders for " + topic);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, GoalProgress> progressConsumer(String bootstrap, OrdosTopics topics, AvroSerdes serdes) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-progress-reader");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Deserializer<GoalProgress> values = serdes.valueSerde(GoalProgress.class).deserializer();
        KafkaConsumer<String, GoalProgress> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values);
        consumer.subscribe(Set.of(topics.progress().name()));
        return consumer;
    }

    /** Polls the committed progress topic until the goal's actual equals {@code expected}; returns nanoTime then. */
    private static long awaitActual(KafkaConsumer<String, GoalProgress> progress, BigDecimal expected, Duration timeout,
                                    Runnable onIdle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, GoalProgress> rec : progress.poll(Duration.ofMillis(50))) {
                GoalProgress p = rec.value();
                if (GOAL_KEY.equals(rec.key()) && p != null && p.getActual() != null && p.getActual().compareTo(expected) == 0) {
                    return System.nanoTime();
                }
            }
        }
        throw new IllegalStateException("progress never reached " + expected + " within " + timeout);
    }

    private static long awaitRunning(StreamsRunner runner, long since) throws InterruptedException {
        long deadline = since + Duration.ofMinutes(5).toNanos();
        while (runner.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || runner.fatalError() != null) {
                throw new IllegalStateException("app not RUNNING: " + runner.state(), runner.fatalError());
            }
            Thread.sleep(5); // polling the app's own state, not waiting for Kafka to deliver
        }
        return System.nanoTime();
    }

    /** The restored app serves the goal's figure from its (rebuilt) store, as the API would. */
    private static long awaitStore(StreamsRunner runner, BigDecimal expected, long since) throws InterruptedException {
        long deadline = since + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                GoalProgress p = runner.isReady() ? runner.progressStore().get(GOAL_KEY) : null;
                if (p != null && p.getActual() != null && p.getActual().compareTo(expected) == 0) {
                    return System.nanoTime();
                }
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                // store still restoring: keep polling
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("restored app never served " + expected);
    }

    private static GoalDefinition goal() {
        return GoalDefinition.newBuilder().setPlanId(PLAN).setGoalId(GOAL).setPlanYear(2025)
                .setSection("1").setSectionTitleZh("s").setSectionTitleEn("s").setPhraseZh("p").setNameZh("n")
                .setNameEn("n").setUnit("亿元").setComparator(Comparator.AT_LEAST)
                .setTarget(new BigDecimal("3000.000000")).setKind(GoalKind.CUMULATIVE).setDepartment("d")
                .setCadenceDays(60).setFeed(FeedSelector.newBuilder().setStream(InputStream.INVESTMENT)
                        .setMetric("investment.completed").setStatement(StatementType.YEAR_TO_DATE).setUnit("亿元")
                        .build()).build();
    }

    private static InvestmentReport report(String id, int month, BigDecimal ytd) {
        Instant asOf = PlanCalendar.endOfDay(LocalDate.of(2025, month, 1).plusMonths(1).minusDays(1));
        return report(id, asOf, ytd);
    }

    private static InvestmentReport report(String id, Instant asOf, BigDecimal ytd) {
        return InvestmentReport.newBuilder()
                .setHeader(StatementHeader.newBuilder().setEventId(id + "@" + asOf.toEpochMilli()).setSourceId(id)
                        .setEventTime(asOf).setReportedAt(asOf.plusSeconds(86_400))
                        .setCounty(County.values()[Math.floorMod(id.hashCode(), 9)]).build())
                .setProjectId(id).setProjectName("p").setTier("MUNICIPAL_MAJOR").setSector("INDUSTRY")
                .setQuantity(new Quantity(ytd, "亿元")).build();
    }

    private static double vmHwmMiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0).orElse(Double.NaN);
        } catch (IOException e) {
            return Double.NaN; // not Linux: the heap figure below still stands
        }
    }

    private static double heapPeakMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("[bench %s] %s%n", Instant.now(), String.format(format, args));
    }
}
