package city.ordos.plan.app;

import city.ordos.plan.alerts.AlertConfig;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.OidcSettings;
import city.ordos.plan.avro.InputStream;
import city.ordos.plan.config.OrdosEnvironment;
import city.ordos.plan.deadletters.DeadLetterProcessingHandler;
import city.ordos.plan.deadletters.DeadLetterProductionHandler;
import city.ordos.plan.deadletters.DeadLetters;
import city.ordos.plan.progress.PlanClock;
import city.ordos.plan.progress.topology.ProgressSettings;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.settings.SettingValues;
import city.ordos.plan.timetravel.TimeTravelSettings;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.vocabulary.PlanCalendar;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The application's settings, layered: built-in defaults, then a properties file, then
 * environment variables {@code ORDOS_*}, then explicit overrides (command line). Keys starting with
 * {@code ordos.} are the application's own; every other key (Kafka client, Kafka Streams,
 * {@code schema.registry.*}, {@code basic.auth.*}, SASL/SSL settings) is passed through unchanged to
 * Kafka Streams and to the registry serdes, so any security setup a cluster needs works.
 *
 * <p>Environment variables map by {@link OrdosEnvironment}'s rule, shared by every command: drop
 * {@code ORDOS_}, lower-case, {@code _} is {@code .}, {@code __} is {@code _} and {@code ___} is
 * {@code -} (the rule of the Apache Kafka and Confluent images): {@code ORDOS_BOOTSTRAP_SERVERS} is {@code bootstrap.servers},
 * {@code ORDOS_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}, and {@code ORDOS_CLOCK} is the
 * application key {@code ordos.clock} (application keys win when both readings exist).
 */
public final class AppConfig {

    public static final String PREFIX = "ordos.";
    /** Segment size of the internal topics Kafka Streams creates (default {@code topic.segment.bytes}). */
    private static final int CHANGELOG_SEGMENT_BYTES = 16 * 1024 * 1024;
    /** Largest batch of records the stream threads' producers send to one partition (default {@code producer.batch.size}). */
    private static final int PRODUCER_BATCH_BYTES = 512 * 1024;
    /** Prefix of every topic name (tests, side-by-side deployments). */
    public static final String TOPIC_PREFIX = "ordos.topic.prefix";
    /** Plan clock: {@code wall}, {@code stream} or {@code fixed:2025-09-30}. */
    public static final String CLOCK = "ordos.clock";

    public static final String PLAN_YEAR = "ordos.plan.year";
    /** Partitions of the by-goal repartition topic (fix before first start; changing it needs a reset). */
    public static final String GOAL_PARTITIONS = "ordos.progress.partitions";

    public static final String EVALUATE_INTERVAL_MS = "ordos.progress.evaluate.interval.ms";
    /** Changed goals are emitted at most once per this interval (0: on every change). */
    public static final String EMIT_INTERVAL_MS = "ordos.progress.emit.interval.ms";
    /** An input task sends a goal's changed partial sum at most once per this interval (0: on every change). */
    public static final String PARTIAL_INTERVAL_MS = "ordos.progress.partial.interval.ms";
    /** The standing statements on the heap instead of RocksDB (true/false; docs/operations.md "Memory"). */
    public static final String STATEMENTS_IN_MEMORY = "ordos.progress.statements.in-memory";

    public static final String FUTURE_TOLERANCE_MS = "ordos.validation.future.tolerance.ms";
    public static final String MAX_RECORD_BYTES = "ordos.validation.max.record.bytes";
    /** Stream threads replaced after a crash within {@link #THREAD_REPLACEMENT_WINDOW_MS} before the client shuts down. */
    public static final String THREAD_REPLACEMENTS = "ordos.streams.thread.replacements";

    public static final String THREAD_REPLACEMENT_WINDOW_MS = "ordos.streams.thread.replacement.window.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "ordos.streams.shutdown.timeout.ms";
    /** Interface the HTTP server binds: 127.0.0.1 unless set (a container sets 0.0.0.0). */
    public static final String HTTP_HOST = "ordos.http.host";

    public static final String HTTP_PORT = "ordos.http.port";
    /** Bearer token of the endpoints that change state (silences); generated per run when unset. */
    public static final String ADMIN_TOKEN = "ordos.api.admin-token";
    /** Pages that may frame the dashboard, as a CSP source list (default 'self'; docs/api.md). */
    public static final String HTTP_FRAME_ANCESTORS = "ordos.http.frame-ancestors";

    public static final String PLAN_ID = "ordos.plan.id";

    /**
     * Web reporting (the launcher): {@code required} (default), a submission counts once an operator
     * approves it; {@code none}, a valid submission is published at once (docs/security.md).
     */
    public static final String REPORTING_APPROVAL = "ordos.reporting.approval";

    static final String LOOPBACK = "127.0.0.1";
    static final int DEFAULT_HTTP_PORT = 8080;
    static final String DEFAULT_PLAN_ID = "ordos-2025";
    /**
     * Application keys read by a Kafka Streams plugin (the RocksDB config setter), which sees only
     * the streams configuration: these go to Kafka Streams too.
     */
    static final String STREAMS_PLUGIN_PREFIX = "ordos.rocksdb.";

    private static final Set<String> APP_KEYS = Stream.of(
                    Stream.of(
                            TOPIC_PREFIX,
                            CLOCK,
                            PLAN_YEAR,
                            GOAL_PARTITIONS,
                            EVALUATE_INTERVAL_MS,
                            EMIT_INTERVAL_MS,
                            PARTIAL_INTERVAL_MS,
                            STATEMENTS_IN_MEMORY,
                            FUTURE_TOLERANCE_MS,
                            MAX_RECORD_BYTES,
                            THREAD_REPLACEMENTS,
                            THREAD_REPLACEMENT_WINDOW_MS,
                            SHUTDOWN_TIMEOUT_MS,
                            HTTP_HOST,
                            HTTP_PORT,
                            ADMIN_TOKEN,
                            HTTP_FRAME_ANCESTORS,
                            PLAN_ID,
                            REPORTING_APPROVAL,
                            RocksDbMemoryBudget.TOTAL_BYTES,
                            RocksDbMemoryBudget.WRITE_BUFFER_BYTES),
                    AlertConfig.KEYS.stream(),
                    ApiSecurity.Settings.KEYS.stream(),
                    OidcSettings.KEYS.stream(),
                    TimeTravelSettings.KEYS.stream(),
                    ReportSettings.KEYS.stream())
            .flatMap(keys -> keys)
            .collect(Collectors.toUnmodifiableSet());

    /** The topic-level settings ({@code topic.} prefix for Kafka Streams' internal topics). */
    private static final Set<String> TOPIC_CONFIG_NAMES = Stream.of(TopicConfig.class.getFields())
            .filter(f -> f.getName().endsWith("_CONFIG") && f.getType() == String.class)
            .map(f -> {
                try {
                    return (String) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            })
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<String> SECRET_MARKERS =
            Set.of("password", "secret", "jaas", "user.info", "token", "key.pem", "credentials");

    private final Map<String, String> values;

    private AppConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Built-in defaults of the product. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(StreamsConfig.APPLICATION_ID_CONFIG, "ordos-progress");
        d.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        d.put("schema.registry.url", "http://localhost:8081");
        d.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        d.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // One poison record must not stop the instance: what escapes the intake's checks is
        // dead-lettered, infrastructure failures still fail the thread (docs/reliability.md).
        d.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        d.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        // Fail-over in seconds (docs/reliability.md#crash-recovery-in-seconds): with a second instance a warm
        // copy of every task's state is kept there, so taking over needs no restore; a member that
        // stopped heartbeating is replaced after 6 s (the brokers' default minimum) instead of 45 s.
        d.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        d.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        d.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
        // Exactly-once without a wiped state after a hard kill (KIP-892): uncommitted writes stay
        // out of the RocksDB stores until the transaction commits, so a restarted instance resumes
        // from its local state and restores only the changelog tail instead of every store.
        d.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true");
        // Statements are ordered by their own event time and report time, not by processing order
        // across input topics, so a task never needs to wait for an idle partition to line up
        // timestamps; not waiting also skips a per-record check that profiling showed on the hot path.
        d.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        // One stream thread per core the JVM may use, at most one per input partition: the input
        // side is where an event's work is, and a replay of the year on two cores ran 1.2-1.3 times
        // as fast with two threads as with one (docs/performance.md "Write-once changelogs and a
        // thread per core"). A pod that requests half a core sets 1 (infra/kubernetes).
        d.put(
                StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                Integer.toString(defaultStreamThreads(Runtime.getRuntime().availableProcessors())));
        // Changelog, repartition and output records leave in batches of up to 512 KiB instead of
        // the producer's 16 KiB. A replay writes about two changelog records per event, and under
        // exactly-once every commit flushes them anyway, so small batches only multiplied the
        // produce requests and the work each costs the producer and the broker: a replay of the
        // year ran 1.2-1.4 times as fast (docs/performance.md "Larger producer batches"). Half the
        // brokers' default record-batch limit (message.max.bytes, 1 MiB).
        d.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(PRODUCER_BATCH_BYTES));
        // RocksDB's off-heap memory bounded for the whole instance (docs/operations.md#memory).
        d.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        d.put(RocksDbMemoryBudget.TOTAL_BYTES, Long.toString(RocksDbMemoryBudget.DEFAULT_TOTAL_BYTES));
        d.put(RocksDbMemoryBudget.WRITE_BUFFER_BYTES, Long.toString(RocksDbMemoryBudget.DEFAULT_WRITE_BUFFER_BYTES));
        // Internal topics in small segments, so the log cleaner compacts a changelog while a replay
        // is still writing it: a source's year-to-date statement is rewritten with every monthly
        // report, a goal's partial and day deltas with every commit, and a restore after a lost
        // disk reads only what compaction left (docs/performance.md "Restore reads compacted
        // changelogs"). Kafka's 1 GiB default keeps a year of them in the one active segment, which
        // the cleaner never touches. The write-once time-travel changelogs keep that default
        // (TimeTravelTopology.WRITE_ONCE_CHANGELOG): they have nothing to compact.
        d.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_BYTES_CONFIG), Integer.toString(CHANGELOG_SEGMENT_BYTES));
        d.put(StreamsConfig.topicPrefix(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG), "0.2");
        d.put(TOPIC_PREFIX, "");
        d.put(CLOCK, "wall");
        d.put(PLAN_YEAR, "2025");
        d.put(GOAL_PARTITIONS, Integer.toString(ProgressSettings.DEFAULTS.goalPartitions()));
        d.put(
                EVALUATE_INTERVAL_MS,
                Long.toString(ProgressSettings.DEFAULTS.evaluateInterval().toMillis()));
        d.put(
                EMIT_INTERVAL_MS,
                Long.toString(ProgressSettings.DEFAULTS.emitInterval().toMillis()));
        d.put(
                PARTIAL_INTERVAL_MS,
                Long.toString(ProgressSettings.DEFAULTS.partialInterval().toMillis()));
        d.put(STATEMENTS_IN_MEMORY, Boolean.toString(ProgressSettings.DEFAULTS.statementsInMemory()));
        d.put(
                FUTURE_TOLERANCE_MS,
                Long.toString(ProgressSettings.DEFAULTS.futureTolerance().toMillis()));
        d.put(MAX_RECORD_BYTES, Integer.toString(ProgressSettings.DEFAULTS.maxRecordBytes()));
        d.put(THREAD_REPLACEMENTS, "3");
        d.put(THREAD_REPLACEMENT_WINDOW_MS, "600000");
        d.put(SHUTDOWN_TIMEOUT_MS, "30000");
        return d;
    }

    /**
     * Loads the layers: defaults, {@code file} (may be null), {@code environment} (only ORDOS_*
     * variables are read), {@code overrides}.
     */
    public static AppConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(defaults());
        if (file != null) {
            values.putAll(readProperties(file));
        }
        if (environment != null) {
            values.putAll(fromEnvironment(environment));
        }
        if (overrides != null) {
            values.putAll(overrides);
        }
        return new AppConfig(values);
    }

    /** Defaults plus the given settings (tests, embedding). */
    public static AppConfig of(Map<String, String> settings) {
        return load(null, null, settings);
    }

    /**
     * The settings of the instance that serves HTTP at {@code hostPort}: its
     * {@code application.server} (where the other instances forward goal queries) and, unless
     * configured, a Kafka static-membership id derived from it, {@code <application.id>-<host>-<port>}.
     * An instance restarted with the same id takes its partitions back at once instead of waiting
     * for the session timeout of its dead predecessor. {@code group.instance.id} set to an empty
     * value keeps the dynamic membership; set to a name (a Kubernetes pod name) it is used as is.
     */
    public AppConfig withApplicationServer(String hostPort) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(StreamsConfig.APPLICATION_SERVER_CONFIG, hostPort);
        String instanceId = copy.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instanceId == null) {
            copy.put(
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    (applicationId() + "-" + hostPort).replaceAll("[^a-zA-Z0-9._-]", "-"));
        } else if (instanceId.isBlank()) {
            copy.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        return new AppConfig(copy);
    }

    /**
     * A key some part of the app reads: an application key ({@code ordos.*}), a Kafka Streams,
     * consumer, producer or admin client setting (also with the prefixes Kafka Streams knows, such
     * as {@code main.consumer.}), or a schema-registry serde setting. Deployment files are checked
     * against it; anything else is a typo or a setting of another product.
     */
    public static boolean isRecognised(String key) {
        if (APP_KEYS.contains(key)) {
            return true;
        }
        if (key.startsWith(PREFIX)) {
            return false;
        }
        if (AvroSerdeConfig.isSerdeSetting(key)) {
            return true;
        }
        String unprefixed = key;
        for (String prefix : List.of(
                StreamsConfig.MAIN_CONSUMER_PREFIX,
                StreamsConfig.RESTORE_CONSUMER_PREFIX,
                StreamsConfig.GLOBAL_CONSUMER_PREFIX,
                StreamsConfig.CONSUMER_PREFIX,
                StreamsConfig.PRODUCER_PREFIX,
                StreamsConfig.ADMIN_CLIENT_PREFIX,
                StreamsConfig.TOPIC_PREFIX)) {
            if (key.startsWith(prefix)) {
                unprefixed = key.substring(prefix.length());
                if (prefix.equals(StreamsConfig.TOPIC_PREFIX)) {
                    return TOPIC_CONFIG_NAMES.contains(unprefixed);
                }
                break;
            }
        }
        return StreamsConfig.configDef().names().contains(unprefixed)
                || ConsumerConfig.configNames().contains(unprefixed)
                || ProducerConfig.configNames().contains(unprefixed)
                || AdminClientConfig.configNames().contains(unprefixed);
    }

    public AppConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new AppConfig(copy);
    }

    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> result = new TreeMap<>();
        OrdosEnvironment.settings(environment).forEach((key, value) -> {
            // A variable name cannot hold '-': ORDOS_API_ADMIN_TOKEN is ordos.api.admin-token.
            String appKey = APP_KEYS.stream()
                    .filter(k -> k.equals(PREFIX + key) || k.replace('-', '.').equals(PREFIX + key))
                    .findFirst()
                    .orElse(null);
            result.put(appKey != null ? appKey : key, value);
        });
        return result;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> result = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> result.put(k, p.getProperty(k).trim()));
        return result;
    }

    public String get(String key) {
        return values.get(key);
    }

    /** Every setting, application keys included. */
    public Map<String, String> all() {
        return values;
    }

    /**
     * The settings for Kafka Streams: everything but the application's own {@code ordos.*} keys,
     * except {@code ordos.rocksdb.*}, which the RocksDB config setter reads from the streams
     * configuration, plus the dead-letter topic the error handlers write to.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (!k.startsWith(PREFIX) || k.startsWith(STREAMS_PLUGIN_PREFIX)) {
                p.put(k, v);
            }
        });
        p.put(DeadLetters.TOPIC_CONFIG, topics().deadLetters().name());
        return p;
    }

    /** The settings for the registry serdes (they read the keys they know and ignore the rest). */
    public Map<String, Object> serdeConfigs() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /**
     * Interface the HTTP server binds: {@code ordos.http.host} (file, ORDOS_HTTP_HOST, {@code -X}),
     * else loopback: the API takes silences, so it is not exposed to the network unless asked.
     */
    public String httpHost() {
        String configured = values.get(HTTP_HOST);
        return configured == null || configured.isBlank() ? LOOPBACK : configured;
    }

    /** Port of the HTTP server: {@code ordos.http.port}, else 8080. */
    public int httpPort() {
        return values.get(HTTP_PORT) == null ? DEFAULT_HTTP_PORT : intValue(HTTP_PORT);
    }

    /** Plan the API serves by default: {@code ordos.plan.id}, else ordos-2025. */
    public String planId() {
        return Optional.ofNullable(values.get(PLAN_ID)).orElse(DEFAULT_PLAN_ID);
    }

    public String applicationId() {
        return values.get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    public OrdosTopics topics() {
        return OrdosTopics.withPrefix(values.getOrDefault(TOPIC_PREFIX, ""));
    }

    public PlanCalendar calendar() {
        return PlanCalendar.of(intValue(PLAN_YEAR));
    }

    /** A new plan clock per call: each application instance owns one. */
    public PlanClock newClock(Clock system) {
        return PlanClock.parse(values.get(CLOCK), calendar(), system);
    }

    /** The RocksDB memory budget these settings ask for (none: unbounded); a nonsensical one fails here, at start. */
    public Optional<RocksDbMemoryBudget> rocksDbMemoryBudget() {
        return RocksDbMemoryBudget.from(values);
    }

    public ProgressSettings progressSettings() {
        return new ProgressSettings(
                intValue(GOAL_PARTITIONS),
                millis(EVALUATE_INTERVAL_MS),
                millis(FUTURE_TOLERANCE_MS),
                intValue(MAX_RECORD_BYTES),
                millis(EMIT_INTERVAL_MS),
                millis(PARTIAL_INTERVAL_MS),
                producerMaxRequestSize(),
                booleanValue(STATEMENTS_IN_MEMORY));
    }

    /**
     * The largest record the application's producer sends ({@code producer.max.request.size}, else
     * {@code max.request.size}, else Kafka's default): dead letters are cut to fit it.
     */
    public int producerMaxRequestSize() {
        for (String key : List.of(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
            if (values.containsKey(key)) {
                return intValue(key);
            }
        }
        return ProgressSettings.DEFAULT_DEAD_LETTER_RECORD_BYTES;
    }

    /** The time-travel branch ({@code ordos.timetravel.*}, docs/timetravel.md). */
    public TimeTravelSettings timeTravelSettings() {
        return TimeTravelSettings.fromProperties(values);
    }

    /** The monthly dispatch report ({@code ordos.reports.*}, docs/reports.md). */
    public ReportSettings reportSettings() {
        return ReportSettings.fromProperties(values);
    }

    /** The alert rules' defaults ({@code ordos.alerts.*}, docs/alerts.md). */
    public AlertConfig alertConfig() {
        return AlertConfig.fromProperties(values);
    }

    /**
     * The default {@code num.stream.threads}: the processors the JVM may use (a container's CPU
     * limit included), at least one, at most the input topics' partitions (a thread beyond them
     * would have no input task to run).
     */
    static int defaultStreamThreads(int processors) {
        int inputPartitions = Stream.of(InputStream.values())
                .mapToInt(stream -> OrdosTopics.DEFAULT.input(stream).partitions())
                .max()
                .orElse(1);
        return Math.max(1, Math.min(processors, inputPartitions));
    }

    public int intValue(String key) {
        String v = values.get(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + key + " must be an integer, was '" + v + "'", e);
        }
    }

    /** true or false, in any case; anything else fails (a typo must not silently keep the default). */
    public boolean booleanValue(String key) {
        return SettingValues.bool(key, values.get(key));
    }

    public Duration millis(String key) {
        String v = values.get(key);
        try {
            return Duration.ofMillis(Long.parseLong(v.trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + key + " must be milliseconds, was '" + v + "'", e);
        }
    }

    /** The settings with secrets masked, safe to log. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AppConfig{");
        new TreeMap<>(values)
                .forEach((k, v) -> sb.append(k)
                        .append('=')
                        .append(isSecret(k) ? "[hidden]" : withoutUserInfo(v))
                        .append(", "));
        if (!values.isEmpty()) {
            sb.setLength(sb.length() - 2);
        }
        return sb.append('}').toString();
    }

    /** {@code http://user:pw@host} to {@code http://[hidden]@host}. */
    private static String withoutUserInfo(String value) {
        return value == null ? null : value.replaceAll("(?<=://)[^/@,\\s]+@", "[hidden]@");
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(k::contains);
    }
}
