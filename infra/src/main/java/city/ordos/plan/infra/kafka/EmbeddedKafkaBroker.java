package city.ordos.plan.infra.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (one KRaft process acting as broker and controller) running inside
 * this JVM, on Kafka's own server classes.
 *
 * <p>It listens on 127.0.0.1 only. Its data lives in the directory the caller chooses: the
 * directory is formatted on first start and reused afterwards, so a restart (of this object or of
 * the whole JVM) keeps topics, offsets and transactions. Ports are picked free on first start
 * (unless fixed by the caller) and kept for the broker's lifetime, so clients survive
 * {@link #restart()}.
 *
 * <p>Settings suit one node on a small machine: replication factor 1 and min ISR 1 for the
 * internal topics, no initial rebalance delay, few threads and few internal-topic partitions.
 *
 * <p>By default the client listener is PLAINTEXT and everyone may do anything. With
 * {@link Builder#security(BrokerSecurity)} it authenticates with SASL/SCRAM-SHA-512 (optionally
 * over TLS) and authorizes with ACLs; clients then need {@link #clientConfig(String, String)}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 5;

    private final Path logDir;
    private final Map<String, String> overrides;
    private final int requestedBrokerPort;
    private final int requestedControllerPort;
    private final BrokerSecurity security;

    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.logDir = builder.logDir.toAbsolutePath();
        this.overrides = Map.copyOf(builder.overrides);
        this.requestedBrokerPort = builder.brokerPort;
        this.requestedControllerPort = builder.controllerPort;
        this.security = builder.security;
    }

    /** A broker keeping its data in {@code logDir} (created if missing). */
    public static Builder builder(Path logDir) {
        return new Builder(logDir);
    }

    /**
     * Formats the log directory if it has never been formatted, starts the node and waits until
     * the broker is registered and unfenced. Calling it on a running broker does nothing.
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        formatIfNeeded();
        boolean firstStart = brokerPort == 0;
        for (int attempt = 1; ; attempt++) {
            if (firstStart) {
                brokerPort = requestedBrokerPort != 0 ? requestedBrokerPort : freePort();
                controllerPort = requestedControllerPort != 0 ? requestedControllerPort : freePort();
                // Each probe socket is closed before the next, so the OS may hand out the same
                // port twice (it did in CI); two listeners cannot share one.
                while (controllerPort == brokerPort && requestedControllerPort == 0) {
                    controllerPort = freePort();
                }
            }
            KafkaRaftServer raftServer =
                    new KafkaRaftServer(KafkaConfig.fromProps(serverProperties(), false), Time.SYSTEM);
            try {
                raftServer.startup();
                server = raftServer;
                break;
            } catch (RuntimeException e) {
                shutDown(raftServer);
                // A port found free can be taken by another process before Kafka binds it.
                boolean portsOurChoice = firstStart && requestedBrokerPort == 0 && requestedControllerPort == 0;
                if (portsOurChoice && isBindFailure(e) && attempt < PORT_ATTEMPTS) {
                    LOG.info("Port {} or {} was taken meanwhile; trying other ports", brokerPort, controllerPort);
                    continue;
                }
                if (firstStart) {
                    brokerPort = 0;
                    controllerPort = 0;
                }
                throw new IllegalStateException("Kafka broker in " + logDir + " failed to start", e);
            }
        }
        awaitReady();
        LOG.info(
                "Embedded Kafka broker up at {} ({}, data in {})",
                bootstrapServers(),
                security == null ? "PLAINTEXT, no ACLs" : security,
                logDir);
        return this;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }

    /** Shuts the node down, keeping its data and ports; {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer running = server;
        server = null;
        shutDown(running);
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers());
    }

    /** Stops and starts again on the same directory and ports, as a crash-free broker bounce. */
    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code host:port} of the client listener. */
    public synchronized String bootstrapServers() {
        if (brokerPort == 0) {
            throw new IllegalStateException("broker has not been started");
        }
        return HOST + ":" + brokerPort;
    }

    public Path logDir() {
        return logDir;
    }

    /** The security settings, if the broker was built with any. */
    public Optional<BrokerSecurity> security() {
        return Optional.ofNullable(security);
    }

    /**
     * What a client needs to connect as {@code user}: {@code bootstrap.servers} plus, on a secured
     * broker, the SASL (and TLS) settings. On an unsecured broker only the bootstrap servers.
     */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (security != null) {
            c.putAll(security.clientConfig(user, password));
        }
        return c;
    }

    /** What a client needs to connect to an mTLS broker with the certificate in {@code keystore}. */
    public Map<String, Object> certificateClientConfig(Path keystore, String keystorePassword) {
        if (security == null) {
            throw new IllegalStateException("this broker is not secured");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.putAll(security.certificateClientConfig(keystore, keystorePassword));
        return c;
    }

    /** Client settings with every right: the super user on a secured broker, just the address otherwise. */
    public Map<String, Object> superUserClientConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (security != null) {
            c.putAll(security.superUserClientConfig());
        }
        return c;
    }

    @Override
    public void close() {
        stop();
    }

    private Properties serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        String clientListener = security == null ? BROKER_LISTENER : security.securityProtocol();
        p.put(
                "listeners",
                clientListener + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        p.put("advertised.listeners", clientListener + "://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", clientListener);
        if (security == null) {
            p.put(
                    "listener.security.protocol.map",
                    BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        } else {
            p.putAll(security.brokerProperties(clientListener, CONTROLLER_LISTENER));
        }
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic must be satisfiable by a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Fewer internal partitions and threads: each costs startup time and memory on 2 cores.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Consumers of a fresh group start immediately instead of waiting for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Compacted topics (goal catalog, registry storage) compact soon enough to be observable.
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("log.retention.check.interval.ms", "30000");
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private void formatIfNeeded() {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
        }
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setScramArguments(security == null ? List.of() : security.scramArguments())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log dir " + logDir, e);
        }
        LOG.debug(
                "Formatted {}: {}", logDir, out.toString(StandardCharsets.UTF_8).trim());
    }

    /** startup() returns before the broker is unfenced; clients need it to be a usable leader. */
    private void awaitReady() {
        Map<String, Object> adminProps = superUserClientConfig();
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProps)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(10, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
        throw new IllegalStateException("broker at " + bootstrapServers() + " not ready within " + READY_TIMEOUT, last);
    }

    private static void shutDown(KafkaRaftServer raftServer) {
        raftServer.shutdown();
        raftServer.awaitShutdown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    public static final class Builder {
        private final Path logDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private int brokerPort;
        private int controllerPort;
        private BrokerSecurity security;

        private Builder(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "logDir");
        }

        /** Fixed client port (0, the default, picks a free one). */
        public Builder brokerPort(int port) {
            this.brokerPort = requirePort(port);
            return this;
        }

        /** Fixed controller port (0, the default, picks a free one). */
        public Builder controllerPort(int port) {
            this.controllerPort = requirePort(port);
            return this;
        }

        /** Any broker setting, applied last (e.g. {@code auto.create.topics.enable=false}). */
        public Builder config(String key, String value) {
            overrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /**
         * SASL/SCRAM and ACLs instead of the open PLAINTEXT listener. Applied before
         * {@link #config} overrides. Users are created when the directory is first formatted.
         */
        public Builder security(BrokerSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int requirePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
