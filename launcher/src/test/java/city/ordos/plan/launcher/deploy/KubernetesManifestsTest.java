package city.ordos.plan.launcher.deploy;

import static city.ordos.plan.launcher.deploy.DeploymentFiles.documents;
import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.app.AppConfig;
import city.ordos.plan.app.RocksDbMemoryBudget;
import city.ordos.plan.launcher.OrdosApp;
import city.ordos.plan.topics.OrdosTopics;
import city.ordos.plan.topics.TopicSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes path (infra/kubernetes: a kustomize base, the Strimzi component, an example
 * overlay) checked against the app itself: the keys it reads, the port it serves, the routes of
 * its probes, the identity it derives for static membership and IQ forwarding, the topics it
 * declares, and labels and selectors that find the pods. kubectl is not needed: every manifest is
 * parsed and patches are matched to what they patch.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = DeploymentFiles.root().resolve("infra/kubernetes");
    private static final Path BASE = KUBERNETES.resolve("base");
    private static final String POD = "ordos-app-0";
    private static final String NAMESPACE = "ordos";

    static JsonNode statefulSet;
    static JsonNode container;
    static Map<String, JsonNode> baseResources;

    @BeforeAll
    static void load() {
        baseResources = new LinkedHashMap<>();
        for (JsonNode resource : listedResources(BASE)) {
            baseResources.put(resource.get("kind").asText() + "/" + name(resource), resource);
        }
        statefulSet = baseResources.get("StatefulSet/ordos-app");
        assertThat(statefulSet).as("StatefulSet ordos-app in the base").isNotNull();
        container = onlyContainer(statefulSet);
    }

    @Test
    void everyFileIsAKustomizationOrListedInOne() {
        for (Path kustomization : DeploymentFiles.yamlFilesUnder(KUBERNETES)) {
            if (!kustomization.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            Path dir = kustomization.getParent();
            JsonNode k = DeploymentFiles.single(kustomization);
            Set<String> referenced = new TreeSet<>();
            k.path("resources").forEach(r -> referenced.add(r.asText()));
            k.path("components").forEach(r -> referenced.add(r.asText()));
            k.path("patches").forEach(p -> referenced.add(p.get("path").asText()));
            for (String generator : List.of("configMapGenerator", "secretGenerator")) {
                k.path(generator).forEach(g -> {
                    g.path("files").forEach(f -> referenced.add(f.asText()));
                    g.path("envs").forEach(f -> referenced.add(f.asText()));
                });
            }
            for (String ref : referenced) {
                assertThat(dir.resolve(ref))
                        .as(kustomization + " refers to " + ref)
                        .exists();
            }
            try (var files = Files.list(dir)) {
                List<String> unlisted = files.map(p -> p.getFileName().toString())
                        .filter(n -> !n.equals("kustomization.yaml") && !Files.isDirectory(dir.resolve(n)))
                        .filter(n -> !referenced.contains(n))
                        .toList();
                assertThat(unlisted)
                        .as("files in " + dir + " that its kustomization does not use")
                        .isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void servicesPdbAndStatefulSetSelectTheSamePods() {
        Map<String, String> podLabels = labels(statefulSet.at("/spec/template/metadata/labels"));
        assertThat(labels(statefulSet.at("/spec/selector/matchLabels"))).isEqualTo(podLabels);
        for (String ref : List.of("Service/ordos-app", "Service/ordos-app-peers")) {
            assertThat(podLabels)
                    .as(ref + " selects the app's pods")
                    .containsAllEntriesOf(labels(baseResources.get(ref).at("/spec/selector")));
        }
        JsonNode pdb = baseResources.get("PodDisruptionBudget/ordos-app");
        assertThat(podLabels).containsAllEntriesOf(labels(pdb.at("/spec/selector/matchLabels")));
        assertThat(pdb.at("/spec/maxUnavailable").asInt())
                .as("a drain leaves at least one instance serving")
                .isBetween(1, statefulSet.at("/spec/replicas").asInt() - 1);
    }

    @Test
    void servicesTargetTheHttpPortTheAppServes() {
        JsonNode port = namedPort("http");
        AppConfig config = podConfig(POD);
        assertThat(port.get("containerPort").asInt())
                .as("container port = the app's ordos.http.port = the image's EXPOSE")
                .isEqualTo(Integer.parseInt(config.get(AppConfig.HTTP_PORT)))
                .isEqualTo(DeploymentFiles.imagePort());
        assertThat(config.get(AppConfig.HTTP_HOST))
                .as("reachable from other pods")
                .isEqualTo("0.0.0.0");
        for (String ref : List.of("Service/ordos-app", "Service/ordos-app-peers")) {
            for (JsonNode p : baseResources.get(ref).at("/spec/ports")) {
                assertThat(p.get("targetPort").asText()).as(ref).isEqualTo("http");
            }
        }
    }

    @Test
    void probesUseTheAppsHealthAndReadinessRoutes() {
        Set<String> routes = DeploymentFiles.documentedRoutes();
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            JsonNode get = container.get(probe).get("httpGet");
            assertThat(routes)
                    .as(probe + " path is a route of the app")
                    .contains("GET " + get.get("path").asText());
            assertThat(get.get("port").asText()).as(probe + " port").isEqualTo("http");
        }
    }

    @Test
    void eachPodAdvertisesItsDnsNameAndUsesItsNameAsStaticMembershipId() {
        JsonNode headless = baseResources.get(
                "Service/" + statefulSet.at("/spec/serviceName").asText());
        assertThat(headless)
                .as("the StatefulSet's serviceName is a Service of the base")
                .isNotNull();
        assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean())
                .as("peers reach each other while not ready (rebalancing)")
                .isTrue();

        AppConfig pod0 = podConfig("ordos-app-0");
        AppConfig pod1 = podConfig("ordos-app-1");
        int port = namedPort("http").get("containerPort").asInt();
        assertThat(pod0.get("application.server"))
                .isEqualTo("ordos-app-0." + name(headless) + "." + NAMESPACE + ".svc.cluster.local:" + port);
        assertThat(pod0.get("group.instance.id")).isEqualTo("ordos-app-0");
        assertThat(pod1.get("group.instance.id")).isEqualTo("ordos-app-1");
    }

    @Test
    void stateLivesOnTheVolumeClaim() {
        AppConfig config = podConfig(POD);
        String claim =
                statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText();
        String mountPath = null;
        for (JsonNode mount : container.get("volumeMounts")) {
            if (mount.get("name").asText().equals(claim)) {
                mountPath = mount.get("mountPath").asText();
            }
        }
        assertThat(mountPath).as("the claim is mounted").isNotNull();
        assertThat(config.get("state.dir")).startsWith(mountPath + "/");
        assertThat(statefulSet
                        .at("/spec/template/spec/securityContext/runAsNonRoot")
                        .asBoolean())
                .isTrue();
        assertThat(statefulSet.at("/spec/template/spec/securityContext/fsGroup").asInt())
                .as("the volume writable by the app's user")
                .isEqualTo(statefulSet
                        .at("/spec/template/spec/securityContext/runAsUser")
                        .asInt());
    }

    @Test
    void everySettingIsAKeyTheAppReads() {
        List<Path> propertyFiles = new ArrayList<>();
        List<Path> envFiles = new ArrayList<>();
        for (Path kustomization : DeploymentFiles.yamlFilesUnder(KUBERNETES)) {
            if (kustomization.getFileName().toString().equals("kustomization.yaml")) {
                DeploymentFiles.single(kustomization)
                        .path("configMapGenerator")
                        .forEach(g -> g.path("files")
                                .forEach(f -> propertyFiles.add(kustomization.resolveSibling(f.asText()))));
                DeploymentFiles.single(kustomization)
                        .path("secretGenerator")
                        .forEach(g ->
                                g.path("envs").forEach(f -> envFiles.add(kustomization.resolveSibling(f.asText()))));
            }
        }
        assertThat(propertyFiles).isNotEmpty();
        Map<String, String> unknown = new TreeMap<>();
        for (Path file : propertyFiles) {
            DeploymentFiles.properties(file).keySet().stream()
                    .filter(k -> !AppConfig.isRecognised(k))
                    .forEach(k -> unknown.put(k, file.toString()));
            // Commented-out keys are instructions to the reader: they must be right too.
            commentedKeys(file).stream()
                    .filter(k -> !AppConfig.isRecognised(k))
                    .forEach(k -> unknown.put(k, file + " (commented)"));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        envFiles.forEach(f -> variables.putAll(DeploymentFiles.envFile(f)));
        for (Path file : envFiles) {
            for (String line : DeploymentFiles.read(file).lines().toList()) {
                Matcher m = Pattern.compile("^#\\s*(ORDOS_[A-Z0-9_]+)=").matcher(line);
                if (m.find()) {
                    variables.put(m.group(1), "x");
                }
            }
        }
        for (JsonNode c : allContainers()) {
            c.path("env").forEach(e -> variables.put(e.get("name").asText(), "x"));
        }
        variables.keySet().stream().filter(n -> n.startsWith("ORDOS_")).forEach(n -> {
            String key = keyOf(n);
            if (!AppConfig.isRecognised(key)) {
                unknown.put(n + " (" + key + ")", "environment");
            }
        });
        assertThat(unknown).as("settings the app does not read").isEmpty();
    }

    @Test
    void theContainerArgumentsAreOptionsOfTheApp() {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        CommandLine.ParseResult parsed = new CommandLine(new OrdosApp()).parseArgs(args.toArray(String[]::new));
        assertThat(parsed.unmatched()).isEmpty();
        Path configFile = Path.of(args.get(args.indexOf("--config") + 1));
        String mounted = null;
        for (JsonNode mount : container.get("volumeMounts")) {
            if (mount.get("mountPath").asText().equals(configFile.toString())) {
                mounted = mount.get("name").asText();
            }
        }
        assertThat(mounted).as("--config names a mounted file").isNotNull();
    }

    @Test
    void standbyReplicasFitTheInstances() {
        assertThat(Integer.parseInt(podConfig(POD).get("num.standby.replicas")))
                .as("standbys need another instance each")
                .isBetween(1, statefulSet.at("/spec/replicas").asInt() - 1);
        Path overlay = KUBERNETES.resolve("overlays/example");
        JsonNode k = DeploymentFiles.single(overlay.resolve("kustomization.yaml"));
        int replicas = k.at("/replicas/0/count").asInt();
        Map<String, String> props = DeploymentFiles.properties(overlay.resolve("app.properties"));
        assertThat(Integer.parseInt(props.get("num.standby.replicas"))).isBetween(1, replicas - 1);
    }

    /**
     * The limit must hold the heap the image gives the JVM plus everything off the heap: RocksDB's
     * bounded cache and the JVM's own (measured 250-300 MiB in docs/deploy.md#memory).
     */
    @Test
    void theMemoryLimitHoldsHeapRocksDbAndTheJvmsOwn() {
        JsonNode resources = container.get("resources");
        long limit = DeploymentFiles.bytes(resources.at("/limits/memory").asText());
        long request = DeploymentFiles.bytes(resources.at("/requests/memory").asText());
        assertThat(request)
                .as("requests = limits: not evicted first under node pressure")
                .isEqualTo(limit);
        long heap = (long) (limit * DeploymentFiles.imageMaxRamPercentage() / 100);
        long rocksDb = RocksDbMemoryBudget.from(podConfig(POD).all())
                .map(RocksDbMemoryBudget::totalBytes)
                .orElseThrow();
        long jvmOwn = 300L * 1024 * 1024;
        assertThat(heap + rocksDb + jvmOwn).as("heap + RocksDB + JVM off-heap").isLessThanOrEqualTo(limit);
    }

    @Test
    void strimziTopicsAreTheTopicsTheAppDeclares() {
        Map<String, JsonNode> declared = new TreeMap<>();
        for (JsonNode r : listedResources(KUBERNETES.resolve("components/strimzi"))) {
            if (r.get("kind").asText().equals("KafkaTopic")) {
                declared.put(r.at("/spec/topicName").asText(), r);
            }
        }
        Map<String, TopicSpec<String, ?>> topics = OrdosTopics.withPrefix("").all().stream()
                .collect(Collectors.toMap(TopicSpec::name, t -> t, (a, b) -> a, TreeMap::new));
        assertThat(declared.keySet()).isEqualTo(topics.keySet());
        topics.forEach((name, spec) -> {
            JsonNode t = declared.get(name);
            assertThat(t.at("/spec/partitions").asInt())
                    .as(name + " partitions")
                    .isEqualTo(spec.partitions());
            Map<String, String> config = new HashMap<>();
            t.at("/spec/config")
                    .fields()
                    .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            assertThat(config).as(name + " config").containsAllEntriesOf(spec.topicConfigs());
        });
    }

    @Test
    void strimziUsersHoldTheAclsTheAppAndProducersNeed() {
        String applicationId = podConfig(POD).applicationId();
        OrdosTopics topics = OrdosTopics.withPrefix("");
        Map<String, JsonNode> users = new TreeMap<>();
        for (JsonNode r : listedResources(KUBERNETES.resolve("components/strimzi"))) {
            if (r.get("kind").asText().equals("KafkaUser")) {
                users.put(name(r), r);
            }
        }
        JsonNode app = users.get("ordos-app");
        for (TopicSpec<?, ?> input : topics.inputs()) {
            assertThat(operations(app, "topic", input.name(), "literal")).contains("Read");
            assertThat(operations(users.get("ordos-producers"), "topic", input.name(), "literal"))
                    .contains("Write");
        }
        assertThat(operations(app, "topic", topics.goals().name(), "literal")).contains("Read");
        for (TopicSpec<?, ?> output :
                List.of(topics.progress(), topics.progressHistory(), topics.alerts(), topics.deadLetters())) {
            assertThat(operations(app, "topic", output.name(), "literal")).contains("Write");
        }
        for (TopicSpec<?, ?> sharedLog : List.of(
                topics.alertSilences(),
                topics.alertAcks(),
                topics.audit(),
                topics.dispatchReports(),
                topics.reportSubmissions())) {
            assertThat(operations(app, "topic", sharedLog.name(), "literal")).contains("Read", "Write");
        }
        assertThat(operations(app, "topic", applicationId, "prefix")).contains("All");
        assertThat(operations(app, "group", applicationId, "prefix")).contains("Read");
        assertThat(operations(app, "transactionalId", applicationId, "prefix")).contains("Write", "Describe");
        assertThat(operations(
                        users.get("ordos-producers"), "topic", topics.goals().name(), "literal"))
                .contains("Read", "Write");
    }

    @Test
    void theStrimziPatchAddsRecognisedSettingsToTheAppsContainer() {
        Path component = KUBERNETES.resolve("components/strimzi");
        JsonNode k = DeploymentFiles.single(component.resolve("kustomization.yaml"));
        for (JsonNode patchRef : k.get("patches")) {
            JsonNode target = patchRef.get("target");
            assertThat(baseResources)
                    .as("the patch targets a resource of the base")
                    .containsKey(target.get("kind").asText() + "/"
                            + target.get("name").asText());
            JsonNode patch = DeploymentFiles.single(
                    component.resolve(patchRef.get("path").asText()));
            for (JsonNode c : patch.at("/spec/template/spec/containers")) {
                assertThat(c.get("name").asText())
                        .isEqualTo(container.get("name").asText());
            }
            for (JsonNode v : patch.at("/spec/template/spec/volumes")) {
                assertThat(statefulSet.at("/spec/template/spec/volumes").findValuesAsText("name"))
                        .as("patched volume exists in the base")
                        .contains(v.get("name").asText());
            }
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    /** The app's settings in pod {@code pod} as the app computes them: image env, pod env, Secret, ConfigMap file. */
    static AppConfig podConfig(String pod) {
        Map<String, String> env = new LinkedHashMap<>(DeploymentFiles.imageEnvironment());
        env.putAll(DeploymentFiles.envFile(BASE.resolve("credentials.env")));
        Map<String, String> podEnv = new LinkedHashMap<>();
        for (JsonNode e : container.get("env")) {
            String name = e.get("name").asText();
            String value;
            if (e.has("value")) {
                value = e.get("value").asText();
            } else {
                String field = e.at("/valueFrom/fieldRef/fieldPath").asText();
                value = switch (field) {
                    case "metadata.name" -> pod;
                    case "metadata.namespace" -> NAMESPACE;
                    default -> throw new AssertionError("unexpected fieldRef " + field);
                };
            }
            podEnv.put(name, substitute(value, podEnv));
        }
        env.putAll(podEnv);
        AppConfig base = AppConfig.load(BASE.resolve("app.properties"), env, Map.of());
        return base.withApplicationServer(base.get("application.server"));
    }

    /** Kubernetes' $(VAR) expansion from variables defined earlier in the list. */
    private static String substitute(String value, Map<String, String> earlier) {
        Matcher m = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)").matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(earlier.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(sb).toString();
    }

    /** The configuration key an ORDOS_* variable sets. */
    private static String keyOf(String variable) {
        Map<String, String> defaults = AppConfig.of(Map.of()).all();
        AppConfig with = AppConfig.load(null, Map.of(variable, "\u0001"), Map.of());
        return with.all().entrySet().stream()
                .filter(e -> "\u0001".equals(e.getValue()) && !"\u0001".equals(defaults.get(e.getKey())))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    private static List<String> commentedKeys(Path file) {
        List<String> keys = new ArrayList<>();
        for (String line : DeploymentFiles.read(file).lines().toList()) {
            Matcher m = Pattern.compile("^#\\s*([a-z][a-z0-9._-]+)=").matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static List<JsonNode> listedResources(Path dir) {
        JsonNode k = DeploymentFiles.single(dir.resolve("kustomization.yaml"));
        List<JsonNode> resources = new ArrayList<>();
        k.path("resources").forEach(r -> resources.addAll(documents(dir.resolve(r.asText()))));
        return resources;
    }

    private static List<JsonNode> allContainers() {
        List<JsonNode> containers = new ArrayList<>();
        containers.add(container);
        for (Path file : DeploymentFiles.yamlFilesUnder(KUBERNETES)) {
            for (JsonNode doc : documents(file)) {
                doc.at("/spec/template/spec/containers").forEach(containers::add);
            }
        }
        return containers;
    }

    private static JsonNode onlyContainer(JsonNode workload) {
        JsonNode containers = workload.at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private static JsonNode namedPort(String name) {
        for (JsonNode p : container.get("ports")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    private static Set<String> operations(JsonNode user, String type, String name, String pattern) {
        Set<String> ops = new TreeSet<>();
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            JsonNode r = acl.get("resource");
            if (r.get("type").asText().equals(type)
                    && r.get("name").asText().equals(name)
                    && r.get("patternType").asText().equals(pattern)) {
                acl.get("operations").forEach(o -> ops.add(o.asText()));
            }
        }
        return ops;
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> m = new TreeMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static String name(JsonNode resource) {
        return resource.at("/metadata/name").asText();
    }
}
