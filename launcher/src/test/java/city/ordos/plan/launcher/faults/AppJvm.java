package city.ordos.plan.launcher.faults;

import city.ordos.plan.launcher.OrdosApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged production entry point (the launcher's {@code ordos.jar}, {@link OrdosApp}) in a JVM
 * of its own, joined to an existing cluster, so that a test can kill it the way a machine dies: SIGKILL, no shutdown hook,
 * no clean close of Kafka Streams, open transactions left behind. Each start is a fresh process on
 * the same application id, state directory and HTTP port.
 */
final class AppJvm implements AutoCloseable {

    /** Exit status of a JVM killed by SIGKILL (128 + 9) as {@link Process#exitValue()} reports it on Linux. */
    static final int SIGKILL_STATUS = 137;

    /** The jar users run, built by the package phase before the integration tests (failsafe passes its path). */
    private static final Path JAR = Path.of(System.getProperty("ordos.jar", "target/ordos.jar"));

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Map<String, String> settings;
    private final Path stateDir;
    private final Path logDir;
    private final int port;
    private Process process;
    private int starts;

    /**
     * @param settings {@code bootstrap.servers} and {@code schema.registry.url} (passed as the
     *                 command's options), any other Kafka, registry and {@code ordos.*} setting (as {@code -X key=value})
     */
    AppJvm(String name, Map<String, String> settings, Path stateDir, Path logDir) {
        this.name = name;
        this.settings = new LinkedHashMap<>(settings);
        this.stateDir = stateDir;
        this.logDir = logDir;
        this.port = freePort();
    }

    synchronized AppJvm start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " not found: the fault tests run the packaged jar "
                    + "(mvn -pl launcher -am package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                // A small heap and the serial collector: several JVMs share two cores in the suite.
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Duser.timezone=UTC"));
        // The test JVM's own JIT setting too (ordos.test.argLine: C1 only in the suite), for the same
        // reason: at each of the app's starts, C2 would compete with the tests for the two cores.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:TieredStopAtLevel=") || a.startsWith("-XX:ReservedCodeCacheSize="))
                .forEach(command::add);
        command.addAll(List.of(
                "-jar",
                JAR.toString(),
                // The options (not -X) select the external cluster: without them OrdosApp starts its own.
                "--bootstrap-servers",
                settings.get("bootstrap.servers"),
                "--schema-registry-url",
                settings.get("schema.registry.url"),
                "--no-simulate",
                "--no-publish-catalog",
                "--http-host",
                "127.0.0.1",
                "--http-port",
                Integer.toString(port)));
        settings.forEach((k, v) -> {
            if (k.equals("bootstrap.servers") || k.equals("schema.registry.url")) {
                return;
            }
            command.add("-X");
            command.add(k + "=" + v);
        });
        command.add("-X");
        command.add("state.dir=" + stateDir);
        // Monthly reports beside the logs under target/, not in the working directory's ./reports.
        command.add("-X");
        command.add("ordos.reports.dir=" + logDir.resolve(name + "-reports"));
        // The rig reads figures as the wall screen does: the read-only kiosk, no sign-in.
        command.add("-X");
        command.add("ordos.auth.kiosk=true");
        starts++;
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + "-" + starts + ".log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** SIGKILL (on Linux {@link Process#destroyForcibly()} sends it); returns the exit status. */
    synchronized int kill() throws InterruptedException {
        Process p = requireProcess();
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + p.pid() + ") still alive 30 s after SIGKILL");
        }
        return p.exitValue();
    }

    /** SIGTERM: the app's shutdown hook closes Kafka Streams cleanly; returns the exit status. */
    synchronized int stop() throws InterruptedException {
        Process p = requireProcess();
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " (pid " + p.pid() + ") did not stop within 60 s of SIGTERM");
        }
        return p.exitValue();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code /ready} answers 200: Kafka Streams is RUNNING (every active task restored). */
    boolean ready() {
        return status("/ready") == 200;
    }

    /** HTTP status of a GET, or -1 while nothing answers (starting, killed). */
    int status(String path) {
        return get(path).map(HttpResponse::statusCode).orElse(-1);
    }

    Optional<HttpResponse<String>> get(String path) {
        requireAlive();
        try {
            return Optional.of(HTTP.send(
                    HttpRequest.newBuilder(URI.create(url(path)))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty(); // not listening (yet): the caller polls
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int port() {
        return port;
    }

    Path stateDir() {
        return stateDir;
    }

    String name() {
        return name;
    }

    /** The output of the current (or last) run, for failure messages. */
    Path currentLog() {
        return logDir.resolve(name + "-" + starts + ".log");
    }

    /** A process that died on its own is a failure of the app, not a slow start: say so at once. */
    private void requireAlive() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null && !p.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + p.exitValue() + "; see " + currentLog());
        }
    }

    private Process requireProcess() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process;
    }

    /** Kills the JVM if it still runs (tests call it from @AfterEach, failed or not). */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
