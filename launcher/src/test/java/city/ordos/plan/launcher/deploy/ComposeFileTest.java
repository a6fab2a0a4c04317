package city.ordos.plan.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.alerts.notify.NotifierConfig;
import city.ordos.plan.alerts.notify.NotifierMain;
import city.ordos.plan.alerts.notify.ReceiverConfig;
import city.ordos.plan.app.AppConfig;
import city.ordos.plan.producers.ProducersCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * infra/docker-compose.yml and the files it mounts, checked against the app: every address a
 * service is given is one another service listens on, every ORDOS_* variable is a key the app
 * reads, every command is one the image's programs accept, health checks use what the image
 * contains and routes the app serves, Prometheus scrapes every instance and its rules and the
 * Grafana panels ask for jobs that exist. The podman test (ContainerDeploymentIT) runs the app
 * image with these same commands and variables; Kafka and Confluent's registry images cannot be
 * pulled here.
 */
class ComposeFileTest {

    private static final Path INFRA = DeploymentFiles.root().resolve("infra");
    private static final Set<String> APPS = Set.of("app-1", "app-2");

    static JsonNode services;

    @BeforeAll
    static void load() {
        services = DeploymentFiles.compose(INFRA.resolve("docker-compose.yml")).get("services");
    }

    @Test
    void theStackHasTheProductTwoInstancesTheNotifierAndTheMonitoring() {
        assertThat(fieldNames(services))
                .containsExactlyInAnyOrder(
                        "kafka",
                        "schema-registry",
                        "app-1",
                        "app-2",
                        "catalog",
                        "notifier",
                        "simulator",
                        "prometheus",
                        "alertmanager",
                        "grafana");
        assertThat(services.at("/simulator/profiles").toString()).contains("demo");
    }

    @Test
    void kafkaIsASingleKraftNodeOnTheVersionTheTestsRun() {
        Map<String, String> env = env("kafka");
        assertThat(services.at("/kafka/image").asText())
                .as("the broker version the embedded broker and the clients are")
                .isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(Uuid.fromString(env.get("CLUSTER_ID"))).isNotNull();
        Map<String, String> listeners = listenerPorts(env.get("KAFKA_LISTENERS"));
        String controllerName = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .isEqualTo(env.get("KAFKA_NODE_ID") + "@kafka:" + listeners.get(controllerName));
        assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(volumeTargets("kafka")).contains(env.get("KAFKA_LOG_DIRS"));
        String external = advertisedListener("EXTERNAL");
        String port = external.substring("localhost:".length());
        assertThat(publishedPorts("kafka")).containsEntry(port, port);
        assertThat(listeners).containsEntry("EXTERNAL", port);
    }

    @Test
    void everyProgramOfTheImageReachesKafkaAndTheRegistryWhereTheyListen() {
        String internal = advertisedListener(env("kafka").get("KAFKA_INTER_BROKER_LISTENER_NAME"));
        URI registry = URI.create(env("schema-registry").get("SCHEMA_REGISTRY_LISTENERS"));
        assertThat(env("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                .isEqualTo("PLAINTEXT://" + internal);
        for (String service : ordosServices()) {
            AppConfig config = config(service);
            assertThat(config.get("bootstrap.servers")).as(service).isEqualTo(internal);
            URI url = URI.create(config.get("schema.registry.url"));
            assertThat(url.getHost()).as(service).isEqualTo("schema-registry");
            assertThat(url.getPort()).as(service).isEqualTo(registry.getPort());
        }
    }

    @Test
    void everyOrdosVariableIsAKeyTheAppReads() {
        Map<String, String> unknown = new TreeMap<>();
        for (String service : ordosServices()) {
            env(service).keySet().stream().filter(n -> n.startsWith("ORDOS_")).forEach(n -> {
                Map<String, String> before = AppConfig.of(Map.of()).all();
                Map<String, String> after =
                        AppConfig.load(null, Map.of(n, "\u0001"), Map.of()).all();
                after.forEach((k, v) -> {
                    if (v.equals("\u0001") && !v.equals(before.get(k)) && !AppConfig.isRecognised(k)) {
                        unknown.put(service + " " + n, k);
                    }
                });
            });
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void eachInstanceAdvertisesItsOwnAddressOnTheImagesPort() {
        int port = DeploymentFiles.imagePort();
        Set<String> servers = new TreeSet<>();
        Set<String> memberIds = new TreeSet<>();
        for (String app : APPS) {
            AppConfig config = config(app);
            String server = config.get("application.server");
            assertThat(server)
                    .as(app)
                    .isEqualTo(services.get(app).get("hostname").asText() + ":" + port);
            assertThat(config.get(AppConfig.HTTP_HOST))
                    .as(app + " reachable in the network")
                    .isEqualTo("0.0.0.0");
            assertThat(publishedPorts(app)).as(app).containsValue(Integer.toString(port));
            assertThat(volumeTargets(app))
                    .as(app + " state on a volume")
                    .anyMatch(t -> config.get("state.dir").startsWith(t + "/"));
            servers.add(server);
            memberIds.add(config.withApplicationServer(server).get("group.instance.id"));
        }
        assertThat(servers).hasSize(APPS.size());
        assertThat(memberIds).as("static membership ids").hasSize(APPS.size());
        assertThat(APPS.stream().map(a -> env(a).get("ORDOS_API_ADMIN_TOKEN")).distinct())
                .as("one admin token for all instances")
                .hasSize(1);
    }

    @Test
    void theCommandsAreThoseOfTheImagesPrograms() {
        assertThat(services.get("app-1").has("command"))
                .as("the app runs with the image's defaults")
                .isFalse();
        for (String service : List.of("catalog", "simulator")) {
            List<String> command = command(service);
            assertThat(command.get(0)).isEqualTo("producers");
            CommandLine.ParseResult parsed = new CommandLine(new ProducersCli())
                    .parseArgs(command.subList(1, command.size()).toArray(String[]::new));
            assertThat(parsed.unmatched()).as(service).isEmpty();
        }
        assertThat(command("catalog")).containsSubsequence("catalog", "publish");
        List<String> notifier = command("notifier");
        assertThat(notifier.get(0)).isEqualTo("notifier");
        CommandLine.ParseResult parsed = new CommandLine(new NotifierMain())
                .parseArgs(notifier.subList(1, notifier.size()).toArray(String[]::new));
        assertThat(parsed.unmatched()).isEmpty();
        String dispatcher = DeploymentFiles.read(INFRA.resolve("container/bin/ordos"));
        assertThat(dispatcher)
                .contains("producers)", ProducersCli.class.getName(), "notifier)", NotifierMain.class.getName());
    }

    @Test
    void theImageIsBuiltFromTheContextMavenLaysOut() {
        Path context =
                INFRA.resolve(services.at("/app-1/build/context").asText()).normalize();
        assertThat(context.getFileName().toString()).isEqualTo("container");
        assertThat(context.getParent().getFileName().toString()).isEqualTo("target");
        Path module = context.getParent().getParent();
        assertThat(DeploymentFiles.read(module.resolve("pom.xml")))
                .as(module + " lays out the image context at package")
                .contains("<id>container-context</id>", "infra/container", "tofile=\"${context}/ordos.jar\"");
        assertThat(DeploymentFiles.read(INFRA.resolve("container/Containerfile")))
                .contains("COPY --chmod=0644 ordos.jar ");
    }

    @Test
    void theCatalogIsPublishedOnceTheAppHasCreatedTheTopics() {
        assertThat(services.at("/catalog/depends_on/app-1/condition").asText()).isEqualTo("service_healthy");
        assertThat(services.at("/catalog/restart").asText()).isEqualTo("on-failure");
        assertThat(services.at("/simulator/depends_on/catalog/condition").asText())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void healthChecksUseTheImagesScriptAndTheAppsRoutes() {
        Path script = INFRA.resolve("container/bin/healthcheck");
        assertThat(script).exists();
        assertThat(DeploymentFiles.read(INFRA.resolve("container/Containerfile")))
                .contains("COPY --chmod=0755 bin/ /opt/ordos/bin/");
        Set<String> routes = DeploymentFiles.documentedRoutes();
        for (String app : APPS) {
            List<String> test = strings(services.at("/" + app + "/healthcheck/test"));
            assertThat(test.get(1)).isEqualTo("/opt/ordos/bin/" + script.getFileName());
            assertThat(routes).contains("GET " + test.get(2));
        }
        List<String> notifier = strings(services.at("/notifier/healthcheck/test"));
        List<String> command = command("notifier");
        assertThat(notifier.get(2)).isEqualTo("/metrics");
        assertThat(notifier.get(3)).isEqualTo(command.get(command.indexOf("--http-port") + 1));
        for (String service : fieldNames(services)) {
            assertThat(services.get(service).has("healthcheck")
                            || service.equals("catalog")
                            || service.equals("simulator"))
                    .as(service + " has a health check")
                    .isTrue();
        }
    }

    @Test
    void theNotifiersExampleConfigParsesAndDeliversToTheStacksAlertmanager() {
        String mount = volumeSources("notifier").get(0);
        NotifierConfig config = NotifierConfig.load(INFRA.resolve(mount));
        assertThat(config.receivers()).isNotEmpty();
        for (ReceiverConfig receiver : config.receivers()) {
            assertThat(services.has(receiver.url().getHost()))
                    .as(receiver.name() + " goes to a service of the stack")
                    .isTrue();
            assertThat(publishedPorts(receiver.url().getHost()))
                    .containsValue(Integer.toString(receiver.url().getPort()));
        }
        String configArg = command("notifier").get(command("notifier").indexOf("--notifier-config") + 1);
        assertThat(volumeTargets("notifier")).contains(configArg);
    }

    @Test
    void prometheusScrapesEveryInstanceAndTheNotifierAndLoadsItsRules() {
        JsonNode prometheus = DeploymentFiles.single(INFRA.resolve("prometheus/prometheus.yml"));
        Map<String, List<String>> targets = new HashMap<>();
        for (JsonNode job : prometheus.get("scrape_configs")) {
            targets.put(job.get("job_name").asText(), strings(job.at("/static_configs/0/targets")));
        }
        Set<String> appServers = new TreeSet<>();
        APPS.forEach(a -> appServers.add(config(a).get("application.server")));
        assertThat(new TreeSet<>(targets.get("ordos-streams-app"))).isEqualTo(appServers);
        List<String> notifier = command("notifier");
        assertThat(targets.get("ordos-notifier"))
                .containsExactly("notifier:" + notifier.get(notifier.indexOf("--http-port") + 1));
        assertThat(strings(prometheus.at("/alerting/alertmanagers/0/static_configs/0/targets")))
                .containsExactly("alertmanager:"
                        + publishedPorts("alertmanager").values().iterator().next());

        String ruleGlob = prometheus.get("rule_files").get(0).asText();
        String mounted = null;
        for (JsonNode v : services.at("/prometheus/volumes")) {
            String[] parts = v.asText().split(":");
            if (ruleGlob.startsWith(parts[1] + "/")) {
                mounted = parts[0];
            }
        }
        assertThat(mounted).as("the rules directory is mounted").isNotNull();
        var matcher =
                FileSystems.getDefault().getPathMatcher("glob:" + ruleGlob.substring(ruleGlob.lastIndexOf('/') + 1));
        List<Path> ruleFiles = DeploymentFiles.yamlFilesUnder(INFRA.resolve(mounted)).stream()
                .filter(p -> matcher.matches(p.getFileName()))
                .toList();
        assertThat(ruleFiles).isNotEmpty();
    }

    @Test
    void theOperationalAlertsCoverWhatAnOperatorMustHear() {
        Map<String, String> rules = alertRules();
        assertThat(rules)
                .containsKeys(
                        "OrdosAppDown",
                        "OrdosStreamThreadsDead",
                        "OrdosStreamThreadReplaced",
                        "OrdosConsumerLagGrowing",
                        "OrdosDeadLettersRising",
                        "OrdosAlertDeliveriesFailing");
        Set<String> jobs = scrapeJobs();
        rules.forEach((name, expr) -> {
            Matcher job = Pattern.compile("job=\"([^\"]+)\"").matcher(expr);
            while (job.find()) {
                assertThat(jobs).as(name + " asks for a scraped job").contains(job.group(1));
            }
        });
    }

    @Test
    void grafanaPanelsAskForScrapedJobsAndIncludeAlertDeliveries() throws Exception {
        JsonNode datasources = DeploymentFiles.single(INFRA.resolve("grafana/provisioning/datasources/prometheus.yml"));
        URI url = URI.create(datasources.at("/datasources/0/url").asText());
        assertThat(url.getHost()).isEqualTo("prometheus");
        assertThat(publishedPorts("prometheus")).containsKey(Integer.toString(url.getPort()));
        JsonNode providers = DeploymentFiles.single(INFRA.resolve("grafana/provisioning/dashboards/ordos.yml"));
        assertThat(volumeTargets("grafana"))
                .contains(
                        "/etc/grafana/provisioning",
                        providers.at("/providers/0/options/path").asText());

        Set<String> jobs = scrapeJobs();
        List<String> exprs = new ArrayList<>();
        try (var files = Files.list(INFRA.resolve("grafana/dashboards"))) {
            for (Path f : files.toList()) {
                new ObjectMapper().readTree(f.toFile()).findValues("expr").forEach(e -> exprs.add(e.asText()));
            }
        }
        for (String expr : exprs) {
            Matcher job = Pattern.compile("job=\"([^\"]+)\"").matcher(expr);
            while (job.find()) {
                assertThat(jobs).as(expr).contains(job.group(1));
            }
        }
        assertThat(exprs).anyMatch(e -> e.contains("ordos_alerts_deliveries_total"));
    }

    // --- helpers --------------------------------------------------------------------------------

    /** The services that run the product's image. */
    private static List<String> ordosServices() {
        String image = services.at("/app-1/image").asText();
        List<String> result = new ArrayList<>();
        for (String s : fieldNames(services)) {
            if (services.get(s).path("image").asText().equals(image)) {
                result.add(s);
            }
        }
        assertThat(result).contains("app-1", "app-2", "catalog", "notifier", "simulator");
        return result;
    }

    /** The settings a program of the image sees in this service: the image's variables, then the service's. */
    private static AppConfig config(String service) {
        Map<String, String> env = new LinkedHashMap<>(DeploymentFiles.imageEnvironment());
        env.putAll(env(service));
        return AppConfig.load(null, env, Map.of());
    }

    private static Map<String, String> alertRules() {
        Map<String, String> rules = new TreeMap<>();
        for (Path f : DeploymentFiles.yamlFilesUnder(INFRA.resolve("prometheus/rules"))) {
            for (JsonNode group : DeploymentFiles.single(f).get("groups")) {
                for (JsonNode rule : group.get("rules")) {
                    assertThat(rule.at("/labels/severity").asText()).isIn("warning", "critical");
                    rules.put(rule.get("alert").asText(), rule.get("expr").asText());
                }
            }
        }
        return rules;
    }

    private static Set<String> scrapeJobs() {
        Set<String> jobs = new TreeSet<>();
        DeploymentFiles.single(INFRA.resolve("prometheus/prometheus.yml"))
                .get("scrape_configs")
                .forEach(j -> jobs.add(j.get("job_name").asText()));
        return jobs;
    }

    private static List<String> command(String service) {
        return strings(services.get(service).get("command"));
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        services.get(service)
                .path("environment")
                .fields()
                .forEachRemaining(
                        e -> env.put(e.getKey(), e.getValue().asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
        return env;
    }

    private static Map<String, String> listenerPorts(String listeners) {
        Map<String, String> ports = new HashMap<>();
        for (String listener : listeners.split(",")) {
            ports.put(
                    listener.substring(0, listener.indexOf("://")), listener.substring(listener.lastIndexOf(':') + 1));
        }
        return ports;
    }

    private static String advertisedListener(String name) {
        for (String listener : env("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            if (listener.startsWith(name + "://")) {
                return listener.substring((name + "://").length());
            }
        }
        throw new AssertionError("no advertised listener " + name);
    }

    /** host port -> container port. */
    private static Map<String, String> publishedPorts(String service) {
        Map<String, String> ports = new HashMap<>();
        for (JsonNode mapping : services.get(service).path("ports")) {
            String[] parts = mapping.asText().split(":");
            ports.put(parts[parts.length - 2], parts[parts.length - 1]);
        }
        return ports;
    }

    private static List<String> volumeTargets(String service) {
        List<String> targets = new ArrayList<>();
        services.get(service)
                .path("volumes")
                .forEach(v -> targets.add(v.asText().split(":")[1]));
        return targets;
    }

    private static List<String> volumeSources(String service) {
        List<String> sources = new ArrayList<>();
        services.get(service)
                .path("volumes")
                .forEach(v -> sources.add(v.asText().split(":")[0]));
        return sources;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
