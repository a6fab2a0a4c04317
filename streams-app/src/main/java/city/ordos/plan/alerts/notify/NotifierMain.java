package city.ordos.plan.alerts.notify;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The notifier as its own process, so that webhook trouble can never touch the stream processing:
 * <pre>
 * java -cp launcher/target/ordos.jar city.ordos.plan.alerts.notify.NotifierMain \
 *      --config notifier.yaml --bootstrap-servers localhost:9092 --schema-registry-url http://localhost:8081 \
 *      --http-port 9465   # optional: /metrics
 *      --client-config client.properties   # optional: security.protocol, sasl.*, ssl.*, basic.auth.* …
 * </pre>
 * Kafka client and registry settings are layered as for the app: defaults, the properties file
 * ({@code --client-config}), {@code ORDOS_*} variables, the flags, then {@code -X key=value}.
 * The HTTP server binds 127.0.0.1 unless {@code --http-host} says otherwise.
 * Silences come from the alert-silences topic (set through the app's API) and the config file.
 */
@Command(
        name = "ordos-notifier",
        mixinStandardHelpOptions = true,
        description = "Delivers goal alerts from Kafka to webhooks (JSON, WeCom, DingTalk, Alertmanager).")
public final class NotifierMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierMain.class);

    @Option(names = "--notifier-config", required = true, description = "Notifier YAML (see docs/alerts.md).")
    Path config;

    @Option(
            names = {"-b", "--bootstrap-servers"},
            description = "Kafka cluster (default localhost:9092).")
    String bootstrapServers;

    @Option(
            names = {"-r", "--schema-registry-url"},
            description = "Schema registry (default http://localhost:8081).")
    String schemaRegistryUrl;

    @Option(
            names = {"-c", "--config"},
            description =
                    "Properties file of Kafka client and schema-registry client "
                            + "settings (security.protocol, sasl.jaas.config, ssl.*, basic.auth.user.info …), passed through as they are.")
    Path clientConfig;

    @Option(
            names = {"-X", "--property"},
            description = "One Kafka client or registry setting KEY=VALUE (wins over the rest).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--http-port", description = "Serve /metrics on this port.")
    Integer httpPort;

    @Option(
            names = "--http-host",
            defaultValue = "127.0.0.1",
            description = "Interface the HTTP server binds (default ${DEFAULT-VALUE}).")
    String httpHost;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NotifierMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NotifierConfig notifierConfig = NotifierConfig.load(config);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        Map<String, Object> clients = clientSettings(System.getenv());
        AvroSerdes serdes = new AvroSerdes(clients);
        CountDownLatch stopped = new CountDownLatch(1);
        Javalin http = null;
        try (KafkaSilenceLog silenceLog = KafkaSilenceLog.open(
                        clients,
                        OrdosTopics.withPrefix(notifierConfig.topicPrefix()).alertSilences(),
                        serdes,
                        clock,
                        Duration.ofSeconds(60));
                AlertNotifier notifier =
                        new AlertNotifier(notifierConfig, clients, serdes, meters, silenceLog.registry(), clock)) {
            http = httpPort == null ? null : startHttp(meters);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "notifier-shutdown"));
            notifier.start();
            stopped.await();
            LOG.info("Stopping the alert notifier");
        } finally {
            if (http != null) {
                http.stop();
            }
        }
        return 0;
    }

    /**
     * The Kafka and registry settings, read like the app's: a file's {@code bootstrap.servers} is
     * kept unless a flag, an {@code ORDOS_*} variable or {@code -X} overrides it.
     */
    Map<String, Object> clientSettings(Map<String, String> environment) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (bootstrapServers != null) {
            overrides.put("bootstrap.servers", bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            overrides.put("schema.registry.url", schemaRegistryUrl);
        }
        overrides.putAll(properties);
        return new HashMap<>(
                AppConfig.load(clientConfig, environment, overrides).serdeConfigs());
    }

    private Javalin startHttp(PrometheusMeterRegistry meters) {
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(meters.scrape()));
        return app.start(httpHost, httpPort);
    }
}
