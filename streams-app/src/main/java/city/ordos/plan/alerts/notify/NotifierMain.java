package city.ordos.plan.alerts.notify;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.registry.AvroSerdes;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The notifier as its own process, so that webhook trouble can never touch the stream processing:
 * <pre>
 * java -cp streams-app-all.jar city.ordos.plan.alerts.notify.NotifierMain \
 *      --config notifier.yaml --bootstrap-servers localhost:9092 --schema-registry-url http://localhost:8081 \
 *      --http-port 9465   # optional: /metrics and, with ORDOS_SILENCE_TOKEN set, /api/silences
 * </pre>
 * Kafka client and registry settings (SASL, TLS, registry basic auth) come as for the app: a
 * properties file ({@code --client-config}), {@code ORDOS_*} variables and {@code -X key=value}.
 * The HTTP server binds 127.0.0.1 unless {@code --http-host} says otherwise.
 */
@Command(name = "ordos-notifier", mixinStandardHelpOptions = true,
        description = "Delivers goal alerts from Kafka to webhooks (JSON, WeCom, DingTalk, Alertmanager).")
public final class NotifierMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierMain.class);
    private static final String TRUSTED_AVRO_PACKAGES =
            "city.ordos.plan.avro,java.math,java.lang,java.util,java.time,java.nio";

    @Option(names = "--config", required = true, description = "Notifier YAML (see docs/alerts.md).")
    Path config;

    @Option(names = "--bootstrap-servers", description = "Kafka cluster (default localhost:9092).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", description = "Schema registry (default http://localhost:8081).")
    String schemaRegistryUrl;

    @Option(names = "--client-config", description = "Properties file with Kafka client and registry settings "
            + "(security.protocol, sasl.*, ssl.*, basic.auth.*), as the app's --config.")
    Path clientConfig;

    @Option(names = {"-X", "--property"}, description = "One Kafka client or registry setting KEY=VALUE (wins over the file).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--http-port", description = "Serve /metrics (and /api/silences when ORDOS_SILENCE_TOKEN is set).")
    Integer httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1",
            description = "Interface the HTTP server binds (default ${DEFAULT-VALUE}).")
    String httpHost;

    public static void main(String[] args) {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", TRUSTED_AVRO_PACKAGES);
        }
        System.exit(new CommandLine(new NotifierMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NotifierConfig notifierConfig = NotifierConfig.load(config);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        SilenceRegistry silences = new SilenceRegistry(clock);
        Map<String, Object> client = clientSettings(System.getenv());
        AvroSerdes serdes = new AvroSerdes(client);
        Javalin http = httpPort == null ? null : startHttp(meters, silences);
        CountDownLatch stopped = new CountDownLatch(1);
        try (AlertNotifier notifier = new AlertNotifier(notifierConfig,
                client, serdes, meters, silences, clock)) {
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

    private Javalin startHttp(PrometheusMeterRegistry meters, SilenceRegistry silences) {
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(meters.scrape()));
        String token = System.getenv("ORDOS_SILENCE_TOKEN");
        if (token != null && !token.isBlank()) {
            SilenceApi.register(app, "/api/silences", silences, token);
        } else {
            LOG.info("ORDOS_SILENCE_TOKEN not set: the silence API is off (silences from the config file only)");
        }
        return app.start(httpHost, httpPort);
    }

    /** The Kafka and registry settings: defaults, the file, ORDOS_* variables, the flags, then -X. */
    Map<String, Object> clientSettings(Map<String, String> environment) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (bootstrapServers != null) {
            overrides.put("bootstrap.servers", bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            overrides.put("schema.registry.url", schemaRegistryUrl);
        }
        overrides.putAll(properties);
        return new HashMap<>(AppConfig.load(clientConfig, environment, overrides).serdeConfigs());
    }
}
