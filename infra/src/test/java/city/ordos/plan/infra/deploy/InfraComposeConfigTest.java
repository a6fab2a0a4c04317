package city.ordos.plan.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files cannot run here (no Docker), so this keeps them internally consistent:
 * every address a service is given must be one another service actually listens on.
 */
class InfraComposeConfigTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path INFRA = Path.of("").toAbsolutePath();

    static JsonNode compose;
    static JsonNode services;

    @BeforeAll
    static void load() throws IOException {
        compose = YAML.readTree(INFRA.resolve("docker-compose.yml").toFile());
        services = compose.get("services");
    }

    @Test
    void declaresTheFiveServices() {
        assertThat(fieldNames(services))
                .containsExactlyInAnyOrder("kafka", "schema-registry", "streams-app", "prometheus", "grafana");
    }

    @Test
    void kafkaIsASingleKraftNodeWithAValidClusterId() {
        Map<String, String> env = env("kafka");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(Uuid.fromString(env.get("CLUSTER_ID"))).isNotNull();
        Map<String, String> listeners = listenerPorts(env.get("KAFKA_LISTENERS"));
        String controllerName = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .isEqualTo(env.get("KAFKA_NODE_ID") + "@kafka:" + listeners.get(controllerName));
        assertThat(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))
                .contains(controllerName + ":")
                .contains(env.get("KAFKA_INTER_BROKER_LISTENER_NAME") + ":");
        assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(volumeTargets("kafka")).contains(env.get("KAFKA_LOG_DIRS"));
    }

    @Test
    void appAndRegistryReachKafkaOnItsInternalAdvertisedListener() {
        String internal = advertisedListener(env("kafka").get("KAFKA_INTER_BROKER_LISTENER_NAME"));

        assertThat(env("streams-app").get("ORDOS_BOOTSTRAP_SERVERS")).isEqualTo(internal);
        assertThat(env("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                .isEqualTo("PLAINTEXT://" + internal);
    }

    @Test
    void hostPortForKafkaIsTheExternalListenerAdvertisedAsLocalhost() {
        String external = advertisedListener("EXTERNAL");
        assertThat(external).startsWith("localhost:");
        String port = external.substring("localhost:".length());
        assertThat(publishedPorts("kafka")).containsEntry(port, port);
        assertThat(listenerPorts(env("kafka").get("KAFKA_LISTENERS"))).containsEntry("EXTERNAL", port);
    }

    @Test
    void appGetsTheRegistryUrlTheRegistryListensOn() {
        URI appView = URI.create(env("streams-app").get("ORDOS_SCHEMA_REGISTRY_URL"));
        URI listener = URI.create(env("schema-registry").get("SCHEMA_REGISTRY_LISTENERS"));

        assertThat(appView.getHost()).isEqualTo("schema-registry");
        assertThat(services.has(appView.getHost())).isTrue();
        assertThat(appView.getPort()).isEqualTo(listener.getPort());
        assertThat(appView.getScheme()).isEqualTo(listener.getScheme());
        assertThat(dependsOn("streams-app")).contains("kafka", "schema-registry");
    }

    @Test
    void prometheusScrapesTheAppsMetricsPortAndPath() throws IOException {
        JsonNode prometheus =
                YAML.readTree(INFRA.resolve("prometheus/prometheus.yml").toFile());
        JsonNode appJob = null;
        for (JsonNode job : prometheus.get("scrape_configs")) {
            if (job.get("job_name").asText().equals("ordos-streams-app")) {
                appJob = job;
            }
        }
        assertThat(appJob).as("scrape job ordos-streams-app").isNotNull();
        assertThat(appJob.get("metrics_path").asText()).isEqualTo("/metrics");
        String target =
                appJob.get("static_configs").get(0).get("targets").get(0).asText();

        String appPort = exposedPort(Files.readString(INFRA.resolve("Dockerfile")));
        assertThat(target).isEqualTo("streams-app:" + appPort);
        assertThat(publishedPorts("streams-app")).containsEntry(appPort, appPort);
        assertThat(volumeSources("prometheus")).contains("./prometheus/prometheus.yml");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusService() throws IOException {
        JsonNode datasources = YAML.readTree(
                INFRA.resolve("grafana/provisioning/datasources/prometheus.yml").toFile());
        URI url = URI.create(datasources.get("datasources").get(0).get("url").asText());
        assertThat(url.getHost()).isEqualTo("prometheus");
        assertThat(publishedPorts("prometheus")).containsKey(Integer.toString(url.getPort()));

        JsonNode providers = YAML.readTree(
                INFRA.resolve("grafana/provisioning/dashboards/ordos.yml").toFile());
        String dashboardPath =
                providers.get("providers").get(0).get("options").get("path").asText();
        assertThat(volumeTargets("grafana")).contains("/etc/grafana/provisioning", dashboardPath);
        JsonNode dashboard = new ObjectMapper()
                .readTree(INFRA.resolve("grafana/dashboards/ordos-streams-app.json")
                        .toFile());
        assertThat(dashboard.get("panels").toString()).contains("job=\\\"ordos-streams-app\\\"");
    }

    @Test
    void appImageIsBuiltFromTheLauncherRunnableJar() throws IOException {
        JsonNode build = services.get("streams-app").get("build");
        Path context = INFRA.resolve(build.get("context").asText()).normalize();
        assertThat(context.resolve(build.get("dockerfile").asText())).isEqualTo(INFRA.resolve("Dockerfile"));

        String pom = Files.readString(context.resolve("launcher/pom.xml"));
        Matcher jar = Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>")
                .matcher(pom);
        assertThat(jar.find()).as("the launcher builds a shaded runnable jar").isTrue();
        assertThat(Files.readString(INFRA.resolve("Dockerfile"))).contains("launcher/target/" + jar.group(1));
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Map<String, String> env(String service) {
        Map<String, String> env = new HashMap<>();
        services.get(service)
                .get("environment")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** {@code NAME://host:port,...} to name -> port. */
    private static Map<String, String> listenerPorts(String listeners) {
        Map<String, String> ports = new HashMap<>();
        for (String listener : listeners.split(",")) {
            String name = listener.substring(0, listener.indexOf("://"));
            ports.put(name, listener.substring(listener.lastIndexOf(':') + 1));
        }
        return ports;
    }

    /** {@code host:port} advertised for a listener name. */
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
        for (JsonNode mapping : services.get(service).get("ports")) {
            String[] parts = mapping.asText().split(":");
            ports.put(parts[parts.length - 2], parts[parts.length - 1]);
        }
        return ports;
    }

    private static List<String> volumeTargets(String service) {
        List<String> targets = new ArrayList<>();
        for (JsonNode volume : services.get(service).get("volumes")) {
            targets.add(volume.asText().split(":")[1]);
        }
        return targets;
    }

    private static List<String> volumeSources(String service) {
        List<String> sources = new ArrayList<>();
        for (JsonNode volume : services.get(service).get("volumes")) {
            sources.add(volume.asText().split(":")[0]);
        }
        return sources;
    }

    private static List<String> dependsOn(String service) {
        return fieldNames(services.get(service).get("depends_on"));
    }

    private static String exposedPort(String dockerfile) {
        Matcher m = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)").matcher(dockerfile);
        assertThat(m.find()).as("Dockerfile EXPOSEs the app port").isTrue();
        return m.group(1);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
