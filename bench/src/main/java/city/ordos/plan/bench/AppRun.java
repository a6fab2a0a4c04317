package city.ordos.plan.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app under test across its restarts: same jar, JVM options, application id and state
 * directory; a restart may change settings (commit-interval sweep). With more than one instance,
 * each is its own JVM with its own state directory (instance-N under the run's) and HTTP port, in
 * one consumer group: the app as a city scales it out. Remembers the highest peak RSS of any one
 * of its processes.
 */
final class AppRun implements AutoCloseable {

    private final BenchEnvironment env;
    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> settings;
    private final Path log;
    private final int instances;
    private final List<AppProcess> current = new ArrayList<>();
    private double peakRssMiB = Double.NaN;

    AppRun(
            BenchEnvironment env,
            Path jar,
            List<String> jvmOptions,
            Map<String, String> settings,
            Path log,
            int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, not " + instances);
        }
        this.env = env;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.settings = Map.copyOf(settings);
        this.log = log;
        this.instances = instances;
    }

    /** Stops the running processes (if any) and starts every instance with the base settings plus {@code overrides}. */
    AppRun start(Map<String, String> overrides) throws IOException, InterruptedException {
        close();
        for (int i = 0; i < instances; i++) {
            Map<String, String> s = new LinkedHashMap<>(settings);
            s.putAll(overrides);
            Path instanceLog = log;
            if (instances > 1) {
                s.put("state.dir", stateDir().resolve("instance-" + i).toString());
                instanceLog = log.resolveSibling(log.getFileName() + "." + i);
            }
            current.add(AppProcess.start(jar, jvmOptions, env, s, instanceLog));
        }
        return this;
    }

    AppRun start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /** Waits until every instance is ready; returns System.nanoTime() when the last one was. */
    long awaitReady(Duration timeout) throws InterruptedException {
        long ready = 0;
        for (AppProcess p : running()) {
            ready = p.awaitReady(timeout);
        }
        return ready;
    }

    /** Waits until the first instance's API serves this actual (from whichever instance owns the goal). */
    long awaitServed(BigDecimal expected, Duration timeout) throws InterruptedException {
        return running().get(0).awaitServed(expected, timeout);
    }

    /** The running instances' JVMs. */
    List<ProcessHandle> processes() {
        return running().stream().map(AppProcess::handle).toList();
    }

    /** Throws if an instance's JVM has exited. */
    void requireAlive() {
        running().forEach(AppProcess::requireAlive);
    }

    String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** The run's state directory (every instance's, when there are several). */
    Path stateDir() {
        return Path.of(settings.get("state.dir"));
    }

    double peakRssMiB() {
        current.forEach(p -> track(p.peakRssMiB()));
        return peakRssMiB;
    }

    private List<AppProcess> running() {
        if (current.isEmpty()) {
            throw new IllegalStateException("the app is not running");
        }
        return current;
    }

    private void track(double mib) {
        if (Double.isNaN(peakRssMiB) || mib > peakRssMiB) {
            peakRssMiB = mib;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (AppProcess p : current) {
            p.close();
            track(p.peakRssMiB());
        }
        current.clear();
    }
}
