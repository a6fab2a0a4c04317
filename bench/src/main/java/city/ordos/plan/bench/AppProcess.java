package city.ordos.plan.bench;

import city.ordos.plan.app.AppConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The product as a user runs it: the packaged {@code OrdosApp} (streams app + query API) in its
 * own JVM, joined to the benchmark's broker and registry, so its memory is its own and the load
 * generators do not share its heap. Readiness and the served figure are read over its HTTP API;
 * it is stopped with SIGTERM (its shutdown hook closes Kafka Streams and leaves the group).
 */
final class AppProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    /** The API token the app was started with ({@code ordos.api.admin-token}): reads need a sign-in. */
    private final String apiToken;

    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ChildJvm jvm;

    private AppProcess(Process process, int port, Path log, String apiToken) {
        this.process = process;
        this.apiToken = apiToken;
        this.jvm = new ChildJvm(process);
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code jar} with {@code jvmOptions} (heap, JFR, ...) and the product's settings
     * {@code settings} ({@code -X key=value}); output goes to {@code log}.
     */
    static AppProcess start(
            Path jar, List<String> jvmOptions, BenchEnvironment env, Map<String, String> settings, Path log)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("app jar " + jar.toAbsolutePath() + " not found: build it with "
                    + "mvn -B -q -pl launcher,bench -am package -DskipTests");
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-jar",
                jar.toString(),
                "--bootstrap-servers",
                env.bootstrap(),
                "--schema-registry-url",
                env.registryUrl(),
                "--no-simulate",
                "--no-publish-catalog",
                "--http-port",
                Integer.toString(port)));
        settings.forEach((k, v) -> cmd.addAll(List.of("-X", k + "=" + v)));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new AppProcess(p, port, log, settings.get(AppConfig.ADMIN_TOKEN));
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for /ready (Kafka Streams RUNNING, every store restored); returns System.nanoTime() then. */
    long awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            if (status("/ready") == 200) {
                return System.nanoTime();
            }
            Thread.sleep(10); // polling the app's readiness endpoint
        }
        throw new IllegalStateException("app not ready within " + timeout + "; see " + log);
    }

    /** Waits until the API serves the benchmark goal with this actual; returns System.nanoTime() then. */
    long awaitServed(BigDecimal expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            BigDecimal served = servedActual();
            if (served != null && served.compareTo(expected) == 0) {
                return System.nanoTime();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("app never served " + expected + " within " + timeout + "; see " + log);
    }

    private BigDecimal servedActual() {
        try {
            HttpResponse<String> r =
                    http.send(request("/api/goals/" + PlanYearWorkload.GOAL), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode actual = JSON.readTree(r.body()).at("/progress/actual");
            return actual.isMissingNode() || actual.isNull() ? null : actual.decimalValue();
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int status(String path) throws InterruptedException {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpRequest request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .GET();
        if (apiToken != null) {
            request.header("Authorization", "Bearer " + apiToken);
        }
        return request.build();
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("app exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** Peak resident set of the app's JVM so far, MiB. */
    double peakRssMiB() {
        return jvm.peakRssMiB();
    }

    /** SIGTERM, then wait for the app's own clean shutdown (it leaves the consumer group). */
    @Override
    public void close() throws InterruptedException {
        jvm.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
