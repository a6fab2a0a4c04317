package city.ordos.plan.launcher;

import city.ordos.plan.alerts.notify.NotifierConfig;
import city.ordos.plan.alerts.notify.NotifierMain;
import city.ordos.plan.api.ApiModule;
import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.OrdosInstance;
import city.ordos.plan.app.ReconcileCommand;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.auth.OidcSettings;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.catalog.PublishResult;
import city.ordos.plan.infra.platform.EmbeddedPlatform;
import city.ordos.plan.infra.topics.TopicProvisioner;
import city.ordos.plan.launcher.reporting.WebReporting;
import city.ordos.plan.producers.ProducersCli;
import city.ordos.plan.producers.cli.BilingualUsageErrors;
import city.ordos.plan.producers.cli.SimulateCommand;
import city.ordos.plan.producers.sim.Scenario;
import city.ordos.plan.producers.sim.YearReplay;
import city.ordos.plan.registry.AvroSerdeConfig;
import city.ordos.plan.registry.ContractRegistration;
import city.ordos.plan.registry.SchemaRegistryClient;
import city.ordos.plan.registry.SchemaRegistryClients;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.topics.OrdosTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one command: by default an embedded broker and schema registry in a data directory, the
 * topics, the goal catalog, the streams application (progress + alerts), the simulator replaying
 * 2025 in a few minutes, and the dashboard/API on http://localhost:8080. With
 * {@code --bootstrap-servers}/{@code --schema-registry-url}/{@code --config} it joins an external
 * cluster instead (no embedded infrastructure, no simulator unless {@code --simulate}).
 * Ctrl-C stops everything in reverse order.
 */
@Command(
        name = "ordos",
        mixinStandardHelpOptions = true,
        version = "ordos-plan-monitor 0.1.0",
        subcommands = ReconcileCommand.class,
        description = {
            "Ordos 2025 plan monitor: streams app, query API and live dashboard.",
            "Without connection options it runs everything embedded and replays 2025."
        })
public final class OrdosApp implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(OrdosApp.class);

    @Option(
            names = {"-b", "--bootstrap-servers"},
            description = "External Kafka cluster (disables the embedded one).")
    String bootstrapServers;

    @Option(
            names = {"-r", "--schema-registry-url"},
            description = "External schema registry.")
    String schemaRegistryUrl;

    @Option(
            names = {"-c", "--config"},
            description = "Properties file: Kafka/Streams/registry settings and ordos.* keys "
                    + "(see docs/operations.md); an external cluster when it sets bootstrap.servers.")
    Path configFile;

    @Option(
            names = {"-X", "--property"},
            description = "One setting KEY=VALUE (wins over the file).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(
            names = "--data-dir",
            defaultValue = "data",
            description = "Embedded mode: broker, registry and state "
                    + "directory (default ./${DEFAULT-VALUE}; delete it to start from scratch).")
    Path dataDir;

    @Option(names = "--http-host", description = "Interface to bind (default 127.0.0.1).")
    String httpHost;

    @Option(names = "--http-port", description = "HTTP port (default 8080).")
    Integer httpPort;

    @Option(
            names = "--simulate",
            negatable = true,
            description = "Replay a simulated 2025 (default: on when " + "embedded, off with an external cluster).")
    Boolean simulate;

    @Option(
            names = "--scenario",
            defaultValue = "lagging",
            description = "Simulator scenario: on-track, lagging, "
                    + "data-gap, restatements, dirty (default ${DEFAULT-VALUE}: some goals fall behind and alert).")
    String scenario;

    @Option(
            names = "--year-in",
            defaultValue = "4m",
            converter = WallDuration.class,
            description = "Wall time the replay takes for the whole " + "year (default ${DEFAULT-VALUE}).")
    Duration yearIn;

    @Option(
            names = "--publish-catalog",
            negatable = true,
            description = "Publish the built-in 2025 catalog to the " + "goals topic (default: on when embedded).")
    Boolean publishCatalog;

    @Option(
            names = "--notifier-config",
            description = "Deliver alerts to the webhooks of this notifier YAML "
                    + "(docs/alerts.md) from this process; silences set through the API apply to it.")
    Path notifierConfig;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * {@code ordos}, with every other command of the product under one name: {@code ordos notifier}
     * and {@code ordos producers} (as the image's entry point names them) besides {@code reconcile}.
     */
    static CommandLine commandLine() {
        CommandLine ordos = new CommandLine(new OrdosApp())
                .addSubcommand(new CommandLine(new NotifierMain()).setCommandName("notifier"))
                .addSubcommand(new CommandLine(new ProducersCli()).setCommandName("producers"))
                .setCaseInsensitiveEnumValuesAllowed(true);
        // Usage errors of every command in Chinese and English, as the producers' own jar prints them.
        return BilingualUsageErrors.install(ordos);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (bootstrapServers != null) {
            overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            overrides.put("schema.registry.url", schemaRegistryUrl);
        }
        boolean embedded =
                bootstrapServers == null && !namesCluster(AppConfig.load(configFile, System.getenv(), properties));

        Deque<AutoCloseable> running = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stopAll(running);
                    stopped.countDown();
                },
                "ordos-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (embedded) {
                Files.createDirectories(dataDir);
                System.out.println("Starting the embedded broker and schema registry in " + dataDir.toAbsolutePath());
                EmbeddedPlatform platform = EmbeddedPlatform.builder(dataDir.resolve("platform"))
                        .topics(OrdosTopics.withPrefix(prefix(overrides)))
                        // Where every other command of the product looks without flags.
                        .preferredPorts(EmbeddedPlatform.DEFAULT_BROKER_PORT, EmbeddedPlatform.DEFAULT_REGISTRY_PORT)
                        .start();
                running.push(platform);
                System.out.println("Kafka:           " + platform.bootstrapServers());
                System.out.println("Schema registry: " + platform.schemaRegistryUrl()
                        + " (reads open; changes only from this run)");
                platform.portNotes().forEach(note -> System.out.println("NOTE: " + note));
                overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
                overrides.put("schema.registry.url", platform.schemaRegistryUrl());
                // This run's clients may change its registry; other local processes may only read it.
                overrides.putAll(platform.registryClientConfig());
                overrides.putIfAbsent(
                        StreamsConfig.STATE_DIR_CONFIG,
                        dataDir.resolve("streams").toString());
                overrides.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
                // One instance on one machine: a standby has nowhere to live (Streams would warn
                // for every task); a second instance joined to this run sets it again.
                overrides.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
                // The replay compresses a year into minutes: the plan clock follows the events' time.
                overrides.putIfAbsent(AppConfig.CLOCK, "stream");
                // A local tool on loopback: the dashboard reads without sign-in (docs/security.md#kiosk-mode).
                overrides.putIfAbsent(ApiSecurity.Settings.KIOSK, "true");
                overrides.putIfAbsent(
                        ReportSettings.DIRECTORY, dataDir.resolve("reports").toString());
            }
            overrides.putAll(properties);
            AppConfig base = AppConfig.load(configFile, System.getenv(), overrides);
            AppConfig config = base.with(AppConfig.HTTP_HOST, httpHost(httpHost, base))
                    .with(AppConfig.HTTP_PORT, Integer.toString(httpPort != null ? httpPort : base.httpPort()));
            OrdosTopics topics = config.topics();
            Map<String, Object> clientConfig = config.serdeConfigs();

            if (!embedded) {
                provision(clientConfig, topics);
            } else {
                // The run's own registry. A cluster of one's own gets the contract from
                // `schemas register` (README), so an app restarted while that registry is down
                // waits for it on the stream thread instead of failing to start.
                registerContract(clientConfig, topics);
            }
            if (Boolean.TRUE.equals(publishCatalog) || (publishCatalog == null && embedded)) {
                PublishResult published = CatalogPublishing.publish(CatalogPublishing.builtIn(), clientConfig, topics);
                System.out.println(
                        "Published the 2025 catalog: " + published.created().size() + " new, "
                                + published.updated().size() + " changed, "
                                + published.unchanged().size() + " unchanged goals");
            }

            Optional<NotifierConfig> notifier =
                    notifierConfig == null ? Optional.empty() : Optional.of(NotifierConfig.load(notifierConfig));
            ApiModule.Opener reporting = () -> {
                Catalog catalog = BuiltInCatalog.parse();
                return WebReporting.open(config, catalog, Integer.parseInt(catalog.planYear()));
            };
            OrdosInstance instance = OrdosInstance.start(config, adminToken(config), notifier, List.of(reporting));
            running.push(instance);

            if (Boolean.TRUE.equals(simulate) || (simulate == null && embedded)) {
                YearReplay.Settings replay = new YearReplay.Settings(
                        Scenario.byName(scenario),
                        yearIn,
                        // Producer-clock timestamps: the end-to-end latency metric measures append to emit.
                        true,
                        // A restart on the same data directory continues the year instead of sending it again.
                        true);
                running.push(YearReplay.start(replay, simulatorConnection(config), System.out));
            }
            String host = config.httpHost();
            String shown = "0.0.0.0".equals(host) || "127.0.0.1".equals(host) ? "localhost" : host;
            System.out.println();
            System.out.println("Dashboard: http://" + shown + ":" + instance.port());
            System.out.println("API:       http://" + shown + ":" + instance.port()
                    + "/api/goals   metrics: /metrics   Ctrl-C stops");
            // Without accounts the reporting page can only say so: say here how to make them.
            boolean accounts = config.get(ApiSecurity.Settings.USERS_FILE) != null
                    || config.all().keySet().stream().anyMatch(k -> k.startsWith(OidcSettings.PREFIX));
            System.out.println("Reporting: http://" + shown + ":" + instance.port() + "/reporting.html"
                    + (accounts ? "" : "   (sign-in needs accounts: README, -X ordos.auth.users-file=users.yaml)"));
            stopped.await();
            return 0;
        } catch (Exception | Error e) {
            LOG.error("ordos failed to start", e);
            Runtime.getRuntime().removeShutdownHook(hook);
            stopAll(running);
            throw e;
        }
    }

    /**
     * Every input and output subject with this build's schema and its own BACKWARD level, before
     * the first producer: producers with auto-registration off work from the start. Only what is
     * missing is written.
     */
    private static void registerContract(Map<String, Object> clientConfig, OrdosTopics topics) {
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(clientConfig)) {
            List<ContractRegistration.Outcome> outcomes = new ContractRegistration(registry).registerAll(topics);
            long changed = outcomes.stream()
                    .filter(o -> o.schemaRegistered() || o.levelSet())
                    .count();
            System.out.println("Schemas: " + outcomes.size() + " subjects hold this build's schemas, each "
                    + ContractRegistration.LEVEL + " (" + changed + " registered or set now)");
        }
    }

    private static String prefix(Map<String, String> overrides) {
        return overrides.getOrDefault(AppConfig.TOPIC_PREFIX, "");
    }

    /** {@code --http-host}, else what the settings say ({@link AppConfig#httpHost()}: loopback unless opened). */
    static String httpHost(String flag, AppConfig config) {
        return flag != null && !flag.isBlank() ? flag : config.httpHost();
    }

    /** An external cluster is meant when bootstrap.servers is set anywhere to something else than the default. */
    static boolean namesCluster(AppConfig config) {
        return !AppConfig.defaults()
                .get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                .equals(config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    private static String adminToken(AppConfig config) {
        String token = config.get(AppConfig.ADMIN_TOKEN);
        if (token != null && !token.isBlank()) {
            return token;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // Printed once, to the operator's console (not the log): needed for silences through the API.
        System.out.println("Admin token for this run (set " + AppConfig.ADMIN_TOKEN + " to fix one): " + generated);
        return generated;
    }

    private static void provision(Map<String, Object> clientConfig, OrdosTopics topics) {
        try (Admin admin = Admin.create(clientConfig)) {
            TopicProvisioner.Result result = new TopicProvisioner(admin, Optional.empty()).provision(topics.all());
            if (!result.created().isEmpty()) {
                System.out.println("Created topics " + result.created());
            }
            result.requireConsistent();
        }
    }

    /**
     * The simulator's connection: the app's Kafka client and registry settings (SASL, TLS, registry
     * basic auth included), so {@code --simulate} works on a secured cluster too. Streams-only
     * settings stay behind: a producer would only warn about them.
     */
    static YearReplay.Connection simulatorConnection(AppConfig config) {
        Map<String, String> settings = new TreeMap<>();
        config.serdeConfigs().forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key) || AvroSerdeConfig.isSerdeSetting(key)) {
                settings.put(key, String.valueOf(value));
            }
        });
        return new YearReplay.Connection(settings, config.topics());
    }

    private static void stopAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.error("error while stopping {}", next, e);
            }
        }
    }

    /** {@code --year-in 4m}: the simulator's duration syntax (3m, 90s, 1h, PT3M). */
    static final class WallDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return SimulateCommand.parseDuration(value);
        }
    }
}
