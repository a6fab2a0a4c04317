package city.ordos.plan.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.ordos.plan.infra.platform.EmbeddedPlatform;
import city.ordos.plan.infra.registry.RegistryAccess;
import city.ordos.plan.topics.OrdosTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product as users deploy it, in containers under podman: the image built the documented way
 * (the Containerfile on a Java 17 base, here the local Debian one), two app containers configured
 * like the compose file's app-1 and app-2, the producers' command line as containers publishing
 * the catalog and a simulated month, and reconcile as a container checking the books. The
 * platform (broker and registry) runs on the host. One platform and one pair of app containers
 * serve every check, in order: both ready; a goal owned by one answered through the other;
 * SIGTERM stops one cleanly and the other serves every goal; a killed container, restarted,
 * recovers; the books balance. Containers use the host's network and publish nothing; the
 * recovery times are written to target/container-deployment.json, never asserted.
 *
 * <p>Skipped, with the reason printed, only where podman cannot run a container.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerDeploymentIT {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerDeploymentIT.class);
    private static final String LOCAL_BASE = "localhost/ordos-base:bookworm-jre17";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration START = Duration.ofMinutes(4);
    private static final int GOALS = 69;

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path WORK =
            Path.of("target", "container-deployment", RUN).toAbsolutePath();
    private static final Podman PODMAN = new Podman(WORK.resolve("podman"));
    private static final Map<String, Object> MEASURED = new LinkedHashMap<>();

    private static String image;
    private static EmbeddedPlatform platform;
    private static JsonNode compose;
    /** The compose file's API token: the test reads figures as an operator with it would. */
    private static String adminToken;

    private static App app1;
    private static App app2;
    private static Map<String, BigDecimal> figures;
    private static Map<String, BigDecimal> lastFigures = Map.of();
    private static long lastChange;

    /** One app container: its name, the compose service it is configured like, its HTTP port. */
    record App(String service, String container, int port) {
        String address() {
            return "127.0.0.1:" + port;
        }

        String url(String path) {
            return "http://" + address() + path;
        }
    }

    @BeforeAll
    static void startPlatformAndApps() throws Exception {
        long t0 = System.nanoTime();
        String base = System.getProperty("ordos.image.base", LOCAL_BASE);
        Podman.Result info;
        try {
            info = PODMAN.run(60, "info", "--format", "{{.Host.OCIRuntime.Name}}");
        } catch (UncheckedIOException e) {
            skip("podman is not installed: " + e.getCause().getMessage());
            return;
        }
        if (!info.ok()) {
            skip("podman does not work here: " + info.err().strip());
        }
        if (base.equals(LOCAL_BASE) && !PODMAN.run(60, "image", "exists", base).ok()) {
            Path script = DeploymentFiles.root().resolve("infra/container/build-base-image.sh");
            Podman.Result built =
                    Podman.runScript(WORK.resolve("base-image.log"), 900, "bash", script.toString(), base);
            assertThat(built.exitCode())
                    .as("building the base image: " + built.out())
                    .isZero();
        }
        Podman.Result probe = PODMAN.run(120, "run", "--rm", "--network", "host", base, "java", "-version");
        if (!probe.ok()) {
            skip("podman cannot run a container here: " + probe.err().strip());
        }
        cleanUpLeftovers();

        Path context =
                DeploymentFiles.root().resolve(System.getProperty("ordos.image.context", "launcher/target/container"));
        assertThat(context.resolve("Containerfile"))
                .as("mvn package lays out the image context")
                .exists();
        image = "localhost/ordos-plan-monitor:it-" + RUN;
        long b0 = System.nanoTime();
        PODMAN.run(
                        600,
                        "build",
                        "--network",
                        "none",
                        "--build-arg",
                        "BASE_IMAGE=" + base,
                        "-t",
                        image,
                        context.toString())
                .orFail("podman build");
        measure("imageBuildMillis", b0);

        compose = DeploymentFiles.compose(DeploymentFiles.root().resolve("infra/docker-compose.yml"))
                .get("services");
        platform = EmbeddedPlatform.builder(WORK.resolve("platform"))
                .topics(OrdosTopics.withPrefix(""))
                // As the compose file's Confluent registry: the catalog and the simulator register
                // their schemas themselves.
                .registryAccess(RegistryAccess.open())
                .start();
        adminToken = environment("app-1", null).get("ORDOS_API_ADMIN_TOKEN");
        assertThat(adminToken)
                .as("the compose file gives the apps an API token")
                .isNotBlank();
        app1 = new App("app-1", "ordos-it-" + RUN + "-app-1", freePort());
        app2 = new App("app-2", "ordos-it-" + RUN + "-app-2", freePort());
        for (App app : List.of(app1, app2)) {
            PODMAN.run(60, "volume", "create", "--label", "ordos-it=" + RUN, app.container())
                    .orFail("volume create");
            List<String> args = new ArrayList<>(List.of(
                    "run",
                    "-d",
                    "--name",
                    app.container(),
                    "--label",
                    "ordos-it=" + RUN,
                    "--network",
                    "host",
                    // The Kubernetes limit (infra/kubernetes/base/statefulset.yaml): the app must live in it.
                    "--memory",
                    "1g",
                    "-v",
                    app.container() + ":/var/lib/ordos"));
            environment(app.service(), app).forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
            args.add(image);
            PODMAN.run(120, args.toArray(String[]::new)).orFail("podman run " + app.service());
        }
        // The compose file's one-shot services, with the platform's addresses.
        producers("catalog", command("catalog")).orFail("catalog publish");
        List<String> month = new ArrayList<>(List.of("producers", "simulate", "--scenario", "lagging"));
        // January: its reports arrive by mid-February.
        month.addAll(List.of("--clock", "none", "--until", "2025-02-15"));
        producers("simulator", month).orFail("simulate a month");
        measure("setupMillis", t0);
    }

    @Test
    @Order(1)
    void bothInstancesAreReadyAndAnswerForEveryGoalWithTheSameFigures() {
        await("both app containers ready")
                .atMost(START)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    requireRunning(app1);
                    requireRunning(app2);
                    return status(app1, "/ready") == 200 && status(app2, "/ready") == 200;
                });
        figures = await("the month's figures served by both and settled")
                .atMost(START)
                .pollInterval(Duration.ofSeconds(1))
                .until(ContainerDeploymentIT::settledFigures, Optional::isPresent)
                .orElseThrow();
        await().atMost(START).until(() -> everyGoal(app2, 2), Optional.of(figures)::equals);
        assertThat(figures.values()).as("the month moved some figures").anyMatch(v -> v != null && v.signum() > 0);
    }

    @Test
    @Order(2)
    void aGoalOwnedByOneInstanceIsAnsweredThroughTheOther() throws Exception {
        Map<App, Integer> forwarded = new LinkedHashMap<>();
        for (App via : List.of(app1, app2)) {
            App other = via == app1 ? app2 : app1;
            int count = 0;
            for (String goal : figures.keySet()) {
                String goalId = goal.substring(goal.indexOf('/') + 1);
                HttpResponse<String> r = get(via, "/api/goals/" + goalId).orElseThrow();
                assertThat(r.statusCode()).isEqualTo(200);
                if (r.headers().firstValue("X-Ordos-Served-By").orElse("").equals(other.address())) {
                    count++;
                    JsonNode fromOwner = JSON.readTree(
                            get(other, "/api/goals/" + goalId).orElseThrow().body());
                    assertThat(JSON.readTree(r.body()).get("actual"))
                            .as(goalId + " through " + via.service() + " as its owner says")
                            .isEqualTo(fromOwner.get("actual"));
                }
            }
            forwarded.put(via, count);
        }
        assertThat(forwarded.values())
                .as("goals answered by the other instance")
                .allMatch(n -> n > 0);
    }

    @Test
    @Order(3)
    void sigtermStopsOneInstanceCleanlyAndTheOtherServesEveryGoal() {
        long t0 = System.nanoTime();
        PODMAN.run(120, "stop", "-t", "60", app1.container()).orFail("podman stop");
        measure("sigtermToStoppedMillis", t0);
        assertThat(inspect(app1, "{{.State.ExitCode}}"))
                .as("exit status after SIGTERM")
                .isEqualTo("143");
        Podman.Result log = PODMAN.run(60, "logs", app1.container());
        String logs = log.out() + log.err();
        assertThat(logs).contains("PENDING_SHUTDOWN -> NOT_RUNNING").doesNotContain("did not close within");

        await("the other instance alone serves every goal")
                .atMost(START)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> everyGoal(app2, 1), Optional.of(figures)::equals);
        measure("sigtermToSurvivorServesEveryGoalMillis", t0);

        PODMAN.run(120, "start", app1.container()).orFail("podman start");
        await("both instances again")
                .atMost(START)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> everyGoal(app1, 2), Optional.of(figures)::equals);
    }

    @Test
    @Order(4)
    void aKilledContainerRestartedRecoversAndTheOtherServesMeanwhile() {
        long t0 = System.nanoTime();
        PODMAN.run(60, "kill", "--signal", "KILL", app2.container()).orFail("podman kill");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(inspect(app2, "{{.State.Status}}")));
        assertThat(inspect(app2, "{{.State.ExitCode}}"))
                .as("exit status after SIGKILL")
                .isEqualTo("137");
        await("the survivor serves every goal")
                .atMost(START)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> everyGoal(app1, 1), Optional.of(figures)::equals);
        measure("sigkillToSurvivorServesEveryGoalMillis", t0);

        long s0 = System.nanoTime();
        PODMAN.run(120, "start", app2.container()).orFail("podman start");
        await("the restarted container ready")
                .atMost(START)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status(app2, "/ready") == 200);
        measure("restartToReadyMillis", s0);
        await("the restarted container answers for every goal")
                .atMost(START)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> everyGoal(app2, 2), Optional.of(figures)::equals);
        measure("restartToEveryGoalMillis", s0);
    }

    @Test
    @Order(5)
    void theBooksBalance() {
        Podman.Result reconcile = PODMAN.run(
                300,
                "run",
                "--rm",
                "--network",
                "host",
                "--label",
                "ordos-it=" + RUN,
                image,
                "reconcile",
                "--bootstrap-servers",
                platform.bootstrapServers(),
                "--schema-registry-url",
                platform.schemaRegistryUrl(),
                "--wait",
                "2m");
        assertThat(reconcile.exitCode()).as(reconcile.out() + reconcile.err()).isZero();
        for (App app : List.of(app1, app2)) {
            String peak = PODMAN.run(
                            30,
                            "exec",
                            app.container(),
                            "bash",
                            "-c",
                            "cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak")
                    .out()
                    .strip();
            MEASURED.put(app.service() + "PeakMemoryBytes", peak);
        }
        writeMeasurements();
    }

    @AfterAll
    static void removeEverything() {
        try {
            writeMeasurements();
            if (image != null) {
                for (App app : List.of(app1, app2)) {
                    if (app != null) {
                        Path log = WORK.resolve(app.service() + ".log");
                        Podman.Result logs = PODMAN.run(60, "logs", app.container());
                        Files.writeString(log, logs.out() + logs.err());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the containers' logs", e);
        } finally {
            cleanUpLeftovers();
            if (image != null) {
                PODMAN.run(120, "rmi", "-f", image);
            }
            if (platform != null) {
                platform.close();
            }
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    /** The compose service's variables with this machine's addresses. */
    private static Map<String, String> environment(String service, App app) {
        Map<String, String> env = new LinkedHashMap<>();
        compose.get(service)
                .path("environment")
                .fields()
                .forEachRemaining(
                        e -> env.put(e.getKey(), e.getValue().asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
        env.put("ORDOS_BOOTSTRAP_SERVERS", platform.bootstrapServers());
        env.put("ORDOS_SCHEMA_REGISTRY_URL", platform.schemaRegistryUrl());
        if (app != null) {
            // Host network: each instance its own port, loopback only.
            env.put("ORDOS_APPLICATION_SERVER", app.address());
            env.put("ORDOS_HTTP_PORT", Integer.toString(app.port()));
            env.put("ORDOS_HTTP_HOST", "127.0.0.1");
        }
        return env;
    }

    private static List<String> command(String service) {
        List<String> command = new ArrayList<>();
        compose.get(service).get("command").forEach(c -> command.add(c.asText()));
        return command;
    }

    private static Podman.Result producers(String service, List<String> command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "host", "--label", "ordos-it=" + RUN));
        environment(service, null).forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        args.add(image);
        args.addAll(command);
        return PODMAN.run(600, args.toArray(String[]::new));
    }

    /** Actual per goal from /api/goals when complete, with every goal, from {@code instances} instances, and every /api/goals/{id} answering. */
    private static Optional<Map<String, BigDecimal>> everyGoal(App app, int instances) {
        requireRunning(app);
        Optional<HttpResponse<String>> r = get(app, "/api/goals");
        if (r.isEmpty() || r.get().statusCode() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode list = JSON.readTree(r.get().body());
            if (!list.get("complete").asBoolean()
                    || list.get("instances").asInt() != instances
                    || list.get("goals").size() != GOALS) {
                return Optional.empty();
            }
            Map<String, BigDecimal> actuals = new TreeMap<>();
            for (JsonNode g : list.get("goals")) {
                JsonNode a = g.get("actual");
                actuals.put(
                        g.get("key").asText(),
                        a == null || a.isNull() ? null : a.decimalValue().stripTrailingZeros());
                if (status(app, "/api/goals/" + g.get("goalId").asText()) != 200) {
                    return Optional.empty();
                }
            }
            return Optional.of(actuals);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "not JSON from " + app.service() + ": " + r.get().body(), e);
        }
    }

    /**
     * The figures once the month has moved some and they then stayed the same for 5 s: actuals
     * change only with input (the wall-clock plan clock moves expected values, not actuals).
     */
    private static Optional<Map<String, BigDecimal>> settledFigures() {
        Optional<Map<String, BigDecimal>> now = everyGoal(app1, 2);
        if (now.isEmpty() || !now.get().equals(lastFigures)) {
            lastFigures = now.orElse(Map.of());
            lastChange = System.nanoTime();
            return Optional.empty();
        }
        boolean moved = now.get().values().stream().anyMatch(v -> v != null && v.signum() > 0);
        return moved && System.nanoTime() - lastChange > 5_000_000_000L ? now : Optional.empty();
    }

    private static int status(App app, String path) {
        return get(app, path).map(HttpResponse::statusCode).orElse(-1);
    }

    private static Optional<HttpResponse<String>> get(App app, String path) {
        try {
            return Optional.of(HTTP.send(
                    HttpRequest.newBuilder(URI.create(app.url(path)))
                            .header("Authorization", "Bearer " + adminToken)
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty(); // not listening (yet)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A container that stopped on its own is a failure, not a slow start: say so at once. */
    private static void requireRunning(App app) {
        String state = inspect(app, "{{.State.Status}}");
        if (!"running".equals(state)) {
            throw new IllegalStateException(app.service() + " is " + state + ": "
                    + PODMAN.run(60, "logs", "--tail", "40", app.container()).err());
        }
    }

    private static String inspect(App app, String format) {
        return PODMAN.run(30, "inspect", "--format", format, app.container())
                .out()
                .strip();
    }

    private static void cleanUpLeftovers() {
        // This run's containers and volumes, and those of an earlier run that died before its clean-up.
        Podman.Result containers = PODMAN.run(60, "ps", "-a", "-q", "--filter", "label=ordos-it");
        for (String id : containers.out().split("\\s+")) {
            if (!id.isBlank()) {
                PODMAN.run(120, "rm", "-f", "-t", "5", id);
            }
        }
        Podman.Result volumes = PODMAN.run(60, "volume", "ls", "-q", "--filter", "label=ordos-it");
        for (String name : volumes.out().split("\\s+")) {
            if (!name.isBlank()) {
                PODMAN.run(60, "volume", "rm", "-f", name);
            }
        }
    }

    private static void measure(String what, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        MEASURED.put(what, millis);
        LOG.info("CONTAINERS {}: {} ms", what, millis);
    }

    private static void writeMeasurements() {
        try {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("at", Instant.now().toString());
            doc.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            doc.putAll(MEASURED);
            Path file = Path.of("target", "container-deployment.json");
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
        } catch (IOException e) {
            LOG.warn("cannot write the measurements", e);
        }
    }

    private static void skip(String reason) {
        System.out.println("ContainerDeploymentIT skipped: " + reason);
        Assumptions.abort(reason);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
