package city.ordos.plan.analytics;

import city.ordos.plan.config.OrdosEnvironment;
import city.ordos.plan.config.OrdosEnvironment.KafkaClient;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar analytics-all.jar run|export-parquet ...}: feeds the analytics database from the
 * output topics, and exports the progress history to Parquet.
 */
@Command(
        name = "ordos-analytics",
        mixinStandardHelpOptions = true,
        description =
                "Keeps an analytics database (DuckDB file or PostgreSQL) up to date from the Ordos output topics.",
        subcommands = {AnalyticsSinkCli.Run.class, AnalyticsSinkCli.ExportParquet.class})
public final class AnalyticsSinkCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new AnalyticsSinkCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Database options shared by both commands. */
    static final class DatabaseOptions {
        @Option(
                names = "--jdbc-url",
                defaultValue = "jdbc:duckdb:ordos-analytics.duckdb",
                description = "jdbc:duckdb:<file> or jdbc:postgresql://host:port/db (default: ${DEFAULT-VALUE})")
        String jdbcUrl;

        @Option(names = "--jdbc-user", description = "Database user (PostgreSQL)")
        String user;

        @Option(
                names = "--jdbc-password-env",
                defaultValue = "ORDOS_ANALYTICS_JDBC_PASSWORD",
                description = "Environment variable holding the database password (default: ${DEFAULT-VALUE})")
        String passwordEnv;

        Properties jdbcProperties() {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            String password = System.getenv(passwordEnv);
            if (password != null) {
                p.setProperty("password", password);
            }
            return p;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Consume progress history, alerts and goals into the database, exactly once, until stopped.")
    static final class Run implements Callable<Integer> {
        @Option(
                names = {"-b", "--bootstrap-servers"},
                description = "Kafka bootstrap servers (default: ORDOS_BOOTSTRAP_SERVERS, else the --config file's, "
                        + "else localhost:9092)")
        String bootstrapServers;

        @Option(
                names = {"-r", "--schema-registry-url"},
                description = "Schema registry URL (default: ORDOS_SCHEMA_REGISTRY_URL, else the --config file's, "
                        + "else http://localhost:8081)")
        String registryUrl;

        @Option(
                names = "--topic-prefix",
                defaultValue = "",
                description = "Prefix the product's topics were created with (default: none)")
        String topicsPrefix;

        @Option(
                names = {"-c", "--config"},
                description = "Properties file with further Kafka consumer and registry "
                        + "settings (security.protocol, basic.auth.user.info, ...); ORDOS_* variables "
                        + "(ORDOS_SECURITY_PROTOCOL) and flags win over it")
        Path config;

        @Option(
                names = "--batch-records",
                defaultValue = "" + SinkSettings.DEFAULT_MAX_BATCH_RECORDS,
                description = "Records per database transaction at most (default: ${DEFAULT-VALUE})")
        int batchRecords;

        @Option(
                names = "--batch-wait-ms",
                defaultValue = "1000",
                description = "Longest a read record waits for a fuller batch (default: ${DEFAULT-VALUE})")
        long batchWaitMs;

        @Option(
                names = "--until-caught-up",
                description = "Exit once everything committed to the topics at start is in the database")
        boolean untilCaughtUp;

        @CommandLine.Mixin
        DatabaseOptions database;

        Map<String, String> environment = System.getenv();

        @Override
        public Integer call() throws Exception {
            Map<String, Object> client = clientSettings();
            SinkSettings settings = new SinkSettings(
                    client,
                    database.jdbcUrl,
                    database.jdbcProperties(),
                    topicsPrefix,
                    batchRecords,
                    Duration.ofMillis(batchWaitMs));
            AnalyticsSink sink = new AnalyticsSink(settings);
            if (untilCaughtUp) {
                try (sink) {
                    sink.runUntilCaughtUp();
                }
                return 0;
            }
            // SIGTERM / Ctrl-C: let the loop write what it has read and close the database before the JVM exits.
            CountDownLatch closed = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                sink.stop();
                                awaitQuietly(closed);
                            },
                            "analytics-sink-shutdown"));
            try (sink) {
                sink.run();
            } finally {
                closed.countDown();
            }
            return 0;
        }

        /**
         * The client settings, layered as the app's, later wins: defaults, the --config file,
         * {@code ORDOS_*} variables naming a consumer or registry key ({@code ORDOS_SECURITY_PROTOCOL}
         * is {@code security.protocol}), then the flags given on the command line.
         */
        Map<String, Object> clientSettings() throws IOException {
            Map<String, Object> client = new HashMap<>();
            client.put("bootstrap.servers", "localhost:9092");
            client.put("schema.registry.url", "http://localhost:8081");
            if (config != null) {
                Properties file = new Properties();
                try (Reader reader = Files.newBufferedReader(config)) {
                    file.load(reader);
                }
                file.forEach((k, v) -> client.put(k.toString(), v));
            }
            client.putAll(OrdosEnvironment.clientSettings(environment, List.of(KafkaClient.CONSUMER)));
            if (bootstrapServers != null) {
                client.put("bootstrap.servers", bootstrapServers);
            }
            if (registryUrl != null) {
                client.put("schema.registry.url", registryUrl);
            }
            return client;
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(
            name = "export-parquet",
            mixinStandardHelpOptions = true,
            description = "Write the progress history (with a by_county map column) to a Parquet file (DuckDB only).")
    static final class ExportParquet implements Callable<Integer> {
        @Option(names = "--to", required = true, description = "Parquet file to write")
        Path target;

        @CommandLine.Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            try (AnalyticsStore store = AnalyticsStore.open(database.jdbcUrl, database.jdbcProperties())) {
                long rows = store.exportHistoryToParquet(target);
                System.out.println("Wrote " + rows + " progress history rows to " + target.toAbsolutePath());
            }
            return 0;
        }
    }
}
