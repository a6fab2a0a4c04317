package city.ordos.plan.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app under test across its restarts: same jar, JVM options, application id and state
 * directory; a restart may change settings (commit-interval sweep). Remembers the highest peak RSS
 * of all its processes.
 */
final class AppRun implements AutoCloseable {

    private final BenchEnvironment env;
    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> settings;
    private final Path log;
    private AppProcess current;
    private double peakRssMiB = Double.NaN;

    AppRun(BenchEnvironment env, Path jar, List<String> jvmOptions, Map<String, String> settings, Path log) {
        this.env = env;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.settings = Map.copyOf(settings);
        this.log = log;
    }

    /** Stops the running process (if any) and starts one with the base settings plus {@code overrides}. */
    AppProcess start(Map<String, String> overrides) throws IOException, InterruptedException {
        close();
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.putAll(overrides);
        current = AppProcess.start(jar, jvmOptions, env, s, log);
        return current;
    }

    AppProcess start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    Path stateDir() {
        return Path.of(settings.get("state.dir"));
    }

    double peakRssMiB() {
        if (current != null) {
            track(current.peakRssMiB());
        }
        return peakRssMiB;
    }

    private void track(double mib) {
        if (Double.isNaN(peakRssMiB) || mib > peakRssMiB) {
            peakRssMiB = mib;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (current != null) {
            current.close();
            track(current.peakRssMiB());
            current = null;
        }
    }
}
