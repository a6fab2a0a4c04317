package city.ordos.plan.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.OrdosInstance;
import city.ordos.plan.auth.ApiSecurity;
import city.ordos.plan.infra.kafka.BrokerSecurity;
import city.ordos.plan.infra.kafka.EmbeddedKafkaBroker;
import city.ordos.plan.infra.registry.EmbeddedSchemaRegistry;
import city.ordos.plan.infra.testing.SelfSignedTls;
import city.ordos.plan.infra.topics.TopicProvisioner;
import city.ordos.plan.producers.ProducersCli;
import city.ordos.plan.reports.ReportSettings;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The product on a cluster that lets no one in uninvited: the embedded KRaft broker with its only
 * client listener on SASL/SCRAM-SHA-512 over TLS (a throw-away self-signed certificate), ACLs
 * through {@code StandardAuthorizer} with nothing allowed unless granted, and the embedded schema
 * registry behind HTTP basic auth, storing its schemas through the same listener as its own
 * principal. Every principal below gets exactly the ACLs docs/operations.md lists, granted here by
 * the super user. The app, the catalog publisher and the simulator are configured only through
 * their ordinary configuration files.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SecuredClusterIT {

    private static final String APP = "ordos-app";
    private static final String SIMULATOR = "ordos-simulator";
    private static final String PLANNER = "ordos-planner";
    private static final String REGISTRY = "ordos-registry";
    private static final String OUTSIDER = "outsider";
    private static final String REGISTRY_HTTP_USER = "ordos";
    private static final String GOAL = "major-projects-investment";
    private static final String TOKEN = "secured-it-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static final Map<String, String> passwords = new HashMap<>();
    private static String registryUserInfo;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static Admin admin;
    private static OrdosTopics topics;
    private static String applicationId;

    @BeforeAll
    static void startSecuredCluster() throws Exception {
        for (String user : List.of("admin", APP, SIMULATOR, PLANNER, REGISTRY, OUTSIDER)) {
            passwords.put(user, secret());
        }
        BrokerSecurity security =
                BrokerSecurity.scramSha512("admin", passwords.get("admin")).withTls(SelfSignedTls.generate(dir));
        for (String user : List.of(APP, SIMULATOR, PLANNER, REGISTRY, OUTSIDER)) {
            security = security.withUser(user, passwords.get(user));
        }
        broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka"))
                .security(security)
                .build()
                .start();
        admin = Admin.create(broker.superUserClientConfig());

        String schemas = "_schemas";
        grant(
                REGISTRY,
                ResourceType.TOPIC,
                schemas,
                PatternType.LITERAL,
                AclOperation.CREATE,
                AclOperation.DESCRIBE,
                AclOperation.READ,
                AclOperation.WRITE);
        grant(
                REGISTRY,
                ResourceType.TRANSACTIONAL_ID,
                "ordos-schema-registry-" + schemas,
                PatternType.LITERAL,
                AclOperation.DESCRIBE,
                AclOperation.WRITE);
        registryUserInfo = REGISTRY_HTTP_USER + ":" + secret();
        EmbeddedSchemaRegistry.Builder registryBuilder = EmbeddedSchemaRegistry.builder(broker.bootstrapServers())
                .topic(schemas)
                .basicAuth(registryUserInfo);
        broker.clientConfig(REGISTRY, passwords.get(REGISTRY)).forEach(registryBuilder::kafkaConfig);
        registry = registryBuilder.start();

        // The operator provisions the topics: the app's principal may not create product topics.
        topics = OrdosTopics.withPrefix("secured-");
        new TopicProvisioner(admin, Optional.empty()).provision(topics.all()).requireConsistent();
        applicationId = topics.prefix() + "ordos-progress";

        grant(
                PLANNER,
                ResourceType.TOPIC,
                topics.goals().name(),
                PatternType.LITERAL,
                AclOperation.READ,
                AclOperation.WRITE);
        grant(SIMULATOR, ResourceType.TOPIC, topics.goals().name(), PatternType.LITERAL, AclOperation.READ);
        for (String input : List.of(
                topics.investment().name(),
                topics.energy().name(),
                topics.environment().name(),
                topics.statistics().name())) {
            grant(SIMULATOR, ResourceType.TOPIC, input, PatternType.LITERAL, AclOperation.WRITE);
            grant(APP, ResourceType.TOPIC, input, PatternType.LITERAL, AclOperation.READ);
        }
        for (String read : List.of(
                topics.goals().name(),
                topics.progressHistory().name(),
                topics.alerts().name(),
                topics.alertSilences().name(),
                topics.alertAcks().name(),
                topics.audit().name(),
                topics.dispatchReports().name())) {
            grant(APP, ResourceType.TOPIC, read, PatternType.LITERAL, AclOperation.READ);
        }
        for (String write : List.of(
                topics.progress().name(),
                topics.progressHistory().name(),
                topics.alerts().name(),
                topics.deadLetters().name(),
                topics.alertSilences().name(),
                topics.alertAcks().name(),
                topics.audit().name(),
                topics.dispatchReports().name())) {
            grant(APP, ResourceType.TOPIC, write, PatternType.LITERAL, AclOperation.WRITE);
        }
        // Internal topics (repartition, changelogs), the group and the exactly-once transactional ids
        // all start with the application id.
        grant(APP, ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL);
        grant(APP, ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.READ);
        grant(
                APP,
                ResourceType.TRANSACTIONAL_ID,
                applicationId,
                PatternType.PREFIXED,
                AclOperation.DESCRIBE,
                AclOperation.WRITE);
    }

    @AfterAll
    static void stopSecuredCluster() {
        if (admin != null) {
            admin.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * A client configured as the unsecured default is (address only, PLAINTEXT) never gets a
     * session: its bytes fail the listener's TLS handshake. The client itself only sees the
     * connection drop and times out, so the test also requires the broker to have counted a failed
     * authentication on that listener: the refusal is authentication's, not an unreachable broker's.
     */
    @Test
    void aClientWithoutCredentialsIsRefusedByAuthentication() {
        double failedBefore = failedAuthentications();
        Map<String, Object> addressOnly = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        Map<String, Object> c = new HashMap<>(addressOnly);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin client = Admin.create(c)) {
            assertThatThrownBy(() -> client.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        assertThat(failedAuthentications())
                .as("failed authentications counted by the broker's client listener")
                .isGreaterThan(failedBefore);
    }

    @Test
    void aClientWithAnUnknownUserOrAWrongPasswordIsRefused() {
        assertSaslRefused(broker.clientConfig(OUTSIDER, passwords.get(OUTSIDER) + "x"));
        assertSaslRefused(broker.clientConfig("nobody", passwords.get(OUTSIDER)));
    }

    @Test
    void anAuthenticatedPrincipalWithoutAclsOnATopicIsNotAuthorized() throws Exception {
        Map<String, Object> outsider = new HashMap<>(broker.clientConfig(OUTSIDER, passwords.get(OUTSIDER)));
        outsider.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(outsider, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(
                                    new ProducerRecord<>(topics.investment().name(), "k", "v"))
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // The simulator may write the inputs but not read what the app publishes.
        Map<String, Object> simulator = new HashMap<>(broker.clientConfig(SIMULATOR, passwords.get(SIMULATOR)));
        simulator.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(simulator, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topics.progress().name(), 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(30)))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(topics.progress().name());
        }
    }

    @Test
    void theAppThePublisherAndTheSimulatorWorkWithCredentialsPassedAsConfiguration() throws Exception {
        Path planner = clientFile(PLANNER);
        assertThat(cli("catalog", "publish", "--config", planner.toString(), "--topic-prefix", topics.prefix()))
                .as("catalog publish exit status")
                .isZero();

        int port = freePort();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
        overrides.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        overrides.put(AppConfig.CLOCK, "stream");
        // Reads without sign-in, as the tests read; changes still need the API token.
        overrides.put(ApiSecurity.Settings.KIOSK, "true");
        overrides.put(ReportSettings.DIRECTORY, dir.resolve("reports").toString());
        overrides.put(AppConfig.HTTP_HOST, "127.0.0.1");
        overrides.put(AppConfig.HTTP_PORT, Integer.toString(port));
        AppConfig config = AppConfig.load(clientFile(APP), Map.of(), overrides);
        assertThat(config.toString()).doesNotContain(passwords.get(APP)).doesNotContain(registryUserInfo);

        try (OrdosInstance app = OrdosInstance.start(config, TOKEN, Optional.empty())) {
            app.awaitRunning(Duration.ofSeconds(90));

            assertThat(cli(
                            "simulate",
                            "--config",
                            clientFile(SIMULATOR).toString(),
                            "--topic-prefix",
                            topics.prefix(),
                            "--scenario",
                            "on-track",
                            "--clock",
                            "none",
                            "--major-projects",
                            "8",
                            "--other-projects",
                            "16",
                            "--until",
                            "2025-04-30"))
                    .as("simulate exit status (0: every event delivered)")
                    .isZero();

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        JsonNode goal = apiGet(port, "/api/goals/" + GOAL);
                        assertThat(goal.path("progress").path("actual").decimalValue())
                                .isPositive();
                        assertThat(goal.path("progress")
                                        .path("contributingSources")
                                        .asInt())
                                .isPositive();
                    });
            // A state change through the API is recorded on the silences topic as the app's principal.
            HttpResponse<String> silenced = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/silences"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"goalId\":\"" + GOAL + "\",\"until\":\"2030-01-01T00:00:00Z\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(201);
            assertThat(apiGet(port, "/api/silences").get("silences").findValuesAsText("goalKey"))
                    .containsExactly("ordos-2025/" + GOAL);
            assertThat(app.runner().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.runner().fatalError()).isNull();
        }
    }

    /** Client settings of {@code user} as an operator would write them in a properties file. */
    private static Path clientFile(String user) throws IOException {
        Properties p = new Properties();
        broker.clientConfig(user, passwords.get(user)).forEach((k, v) -> p.setProperty(k, v.toString()));
        p.setProperty("schema.registry.url", registry.url());
        p.setProperty("basic.auth.credentials.source", "USER_INFO");
        p.setProperty("basic.auth.user.info", registryUserInfo);
        Path file = dir.resolve(user + ".properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "client settings of " + user);
        }
        return file;
    }

    private static int cli(String... args) {
        return new CommandLine(new ProducersCli()).execute(args);
    }

    private static JsonNode apiGet(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void assertSaslRefused(Map<String, Object> clientConfig) {
        try (Admin client = Admin.create(clientConfig)) {
            assertThatThrownBy(() -> client.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .cause()
                    .hasMessageContaining("invalid credentials");
        }
    }

    /** The broker's own count of failed authentications on its client listener (JMX, same JVM). */
    private static double failedAuthentications() {
        try {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            double sum = 0;
            for (ObjectName name : jmx.queryNames(
                    new ObjectName("kafka.server:type=socket-server-metrics,listener=SASL_SSL,networkProcessor=*"),
                    null)) {
                sum += ((Number) jmx.getAttribute(name, "failed-authentication-total")).doubleValue();
            }
            return sum;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the broker's authentication metrics", e);
        }
    }

    private static void grant(String user, ResourceType type, String name, PatternType pattern, AclOperation... ops)
            throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclOperation op : ops) {
            bindings.add(new AclBinding(
                    new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
        }
        admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        // The broker answers DescribeAcls from its own authorizer: once it lists them, they are enforced.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                        .values()
                        .get(30, TimeUnit.SECONDS)
                        .containsAll(bindings));
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
