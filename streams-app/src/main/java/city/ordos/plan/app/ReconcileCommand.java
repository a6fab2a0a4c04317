package city.ordos.plan.app;

import city.ordos.plan.reliability.BooksReader;
import city.ordos.plan.reliability.ReconciliationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ordos reconcile}: checks that the books balance on a running system (docs/reliability.md).
 * Takes the same connection settings as the application (properties file, ORDOS_* environment,
 * options), so security settings pass through unchanged.
 */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        exitCodeOnExecutionException = 4,
        description = {
            "Check that the books balance: every input record is used by a goal or dead-lettered,",
            "and every published figure equals an independent recomputation from the input topics.",
            "Exit status: 0 balanced, 1 not balanced, 3 not balanced while the application lags or",
            "producers are appending (not settled), 5 not balanced and the application is not running",
            "(no member in its consumer group; the report names the record it stopped on), 2 bad options,",
            "4 could not run (broker or registry unreachable, a topic missing)."
        })
public final class ReconcileCommand implements Callable<Integer> {

    @Option(
            names = {"-b", "--bootstrap-servers"},
            description = "Kafka cluster (default: the config's bootstrap.servers).")
    String bootstrapServers;

    @Option(
            names = {"-r", "--schema-registry-url"},
            description = "Schema registry (default: the config's schema.registry.url).")
    String schemaRegistryUrl;

    @Option(
            names = {"-c", "--config"},
            description = "The application's properties file (client, security, ordos.* keys).")
    Path configFile;

    @Option(
            names = {"-X", "--property"},
            description = "One setting KEY=VALUE (wins over the file).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--topic-prefix", description = "Topic name prefix (default: the config's ordos.topic.prefix).")
    String topicPrefix;

    @Option(
            names = "--application-id",
            description = "Streams application id whose committed offsets tell how far "
                    + "it has processed (default: the config's application.id).")
    String applicationId;

    @Option(
            names = "--wait",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description =
                    "Check again every "
                            + "5 s until the books balance or this much time has passed, e.g. 2m (default ${DEFAULT-VALUE}: check once).")
    Duration waitFor;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description =
                    "How long reading "
                            + "one topic to its end may take before the check gives up with status 4 (default ${DEFAULT-VALUE}).")
    Duration timeout;

    private static final Duration RETRY_EVERY = Duration.ofSeconds(5);

    private final PrintStream out;

    public ReconcileCommand() {
        this(System.out);
    }

    public ReconcileCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> overrides = new LinkedHashMap<>(properties);
        if (bootstrapServers != null) {
            overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            overrides.put("schema.registry.url", schemaRegistryUrl);
        }
        if (topicPrefix != null) {
            overrides.put(AppConfig.TOPIC_PREFIX, topicPrefix);
        }
        if (applicationId != null) {
            overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        }
        AppConfig config = AppConfig.load(configFile, System.getenv(), overrides);
        ReconciliationReport report = reconcile(config, timeout);
        Instant deadline = Instant.now().plus(waitFor);
        // An application that is not running will not catch up: no point waiting for it.
        while (!report.balanced()
                && report.exitCode() != ReconciliationReport.APPLICATION_DOWN
                && Instant.now().plus(RETRY_EVERY).isBefore(deadline)) {
            out.println("Not balanced yet (" + report.result().unaccounted().size() + " unaccounted, "
                    + report.result().figureMismatches().size() + " figure mismatches, "
                    + report.unprocessedRecords() + " unprocessed, " + report.appendedDuringCheck()
                    + " appended while checking); checking again in " + RETRY_EVERY.toSeconds() + " s");
            Thread.sleep(RETRY_EVERY.toMillis());
            report = reconcile(config, timeout);
        }
        out.print(report.render());
        return report.exitCode();
    }

    /** The same path the command takes, for tests and other tools (two minutes per topic read). */
    public static ReconciliationReport reconcile(AppConfig config) {
        return reconcile(config, Duration.ofMinutes(2));
    }

    static ReconciliationReport reconcile(AppConfig config, Duration readTimeout) {
        BooksReader.Settings settings = new BooksReader.Settings(
                config.applicationId(),
                config.millis(AppConfig.FUTURE_TOLERANCE_MS),
                config.intValue(AppConfig.MAX_RECORD_BYTES),
                readTimeout,
                Clock.systemUTC());
        return BooksReader.reconcile(config.serdeConfigs(), config.topics(), settings);
    }

    /** 500ms, 30s, 2m, 1h. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.matches("\\d+[smh]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a duration like 30s, 2m or 500ms");
    }
}
