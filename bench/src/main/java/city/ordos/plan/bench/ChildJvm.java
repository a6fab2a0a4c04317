package city.ordos.plan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A measured pipeline's own JVM (the app, the Flink peer): its peak memory, and a graceful stop. */
final class ChildJvm {

    private final Process process;
    private double lastHwmMiB = Double.NaN;

    ChildJvm(Process process) {
        this.process = process;
    }

    Process process() {
        return process;
    }

    /** Peak resident set so far (VmHWM of /proc/&lt;pid&gt;/status), MiB; the last reading once it has exited. */
    double peakRssMiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            lastHwmMiB = lines.filter(l -> l.startsWith("VmHWM:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0)
                    .orElse(lastHwmMiB);
        } catch (IOException | RuntimeException e) {
            // process gone or not Linux: keep the last reading
        }
        return lastHwmMiB;
    }

    /** Reads the memory one last time, then SIGTERM and the process's own clean shutdown (SIGKILL after 60 s). */
    void stop() throws InterruptedException {
        peakRssMiB();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
