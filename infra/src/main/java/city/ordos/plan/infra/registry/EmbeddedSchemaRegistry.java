package city.ordos.plan.infra.registry;

import city.ordos.plan.registry.CompatibilityLevel;
import io.javalin.Javalin;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking Confluent's Schema Registry REST API for Avro (see
 * {@link RegistryHttpApi} and docs/infra.md for the endpoints), for the embedded default run and
 * for tests.
 *
 * <p>Schemas live in a compacted Kafka topic ({@code _schemas} unless configured) in the record
 * format of Confluent's own {@code _schemas} topic, read back fully on start, so ids survive
 * restarts and Confluent's registry can take the topic over. Ids are global: the same schema
 * under two subjects has one id. Only one registry may use a storage topic at a time (a second
 * one fences the first one's writes). Changes need credentials unless it is started
 * {@link RegistryAccess#open() open} ({@link RegistryAccess}).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final KafkaSchemaLog log;
    private final Javalin app;
    private final String host;
    private final RegistryAccess access;

    private EmbeddedSchemaRegistry(Builder builder) {
        Map<String, Object> clientConfig = new HashMap<>(builder.clientConfig);
        clientConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        this.host = builder.host;
        this.access = builder.access;
        this.log = LegacyFormatConversion.open(clientConfig, builder.topic);
        try {
            SchemaRegistryService service = new SchemaRegistryService(log, CompatibilityLevel.BACKWARD);
            RegistryHttpApi api = new RegistryHttpApi(service, access);
            this.app = Javalin.create(config -> {
                config.showJavalinBanner = false;
                config.http.prefer405over404 = false;
                config.jetty.threadPool = new QueuedThreadPool(16, 2);
                config.router.mount(api::routes);
            });
            app.start(host, builder.port);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        LOG.info(
                "Embedded schema registry up at {} (storage topic {} on {}; {})",
                url(),
                builder.topic,
                builder.bootstrapServers,
                access);
    }

    /** A registry storing its schemas in the Kafka cluster at {@code bootstrapServers}. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + host + ":" + app.port();
    }

    public int port() {
        return app.port();
    }

    /** Who may read and change it; its credentials for clients that make changes. */
    public RegistryAccess access() {
        return access;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            log.close();
        }
    }

    public static final class Builder {
        private final String bootstrapServers;
        private final Map<String, Object> clientConfig = new HashMap<>();
        private String topic = "_schemas";
        private String host = "127.0.0.1";
        private int port;
        private RegistryAccess access = RegistryAccess.readOnly();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }

        /** Storage topic (default {@code _schemas}); created compacted with one partition if missing. */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic);
            return this;
        }

        /** HTTP port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Interface to bind; loopback by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** Who may read and change it; default {@link RegistryAccess#readOnly()}: every change is refused. */
        public Builder access(RegistryAccess access) {
            this.access = Objects.requireNonNull(access);
            return this;
        }

        /** Every call needs HTTP basic auth with these credentials ({@code user:password}). */
        public Builder basicAuth(String userInfo) {
            return access(RegistryAccess.credentials(userInfo));
        }

        /** Extra Kafka client settings for the storage producer/consumer (security, timeouts). */
        public Builder kafkaConfig(String key, Object value) {
            clientConfig.put(key, value);
            return this;
        }

        /** Reads the storage topic to its end (converting an old format once), then serves. */
        public EmbeddedSchemaRegistry start() {
            return new EmbeddedSchemaRegistry(this);
        }
    }
}
