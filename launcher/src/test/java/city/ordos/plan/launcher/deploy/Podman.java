package city.ordos.plan.launcher.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The podman command line, run as a process (the machine has podman with runc, no Docker daemon). */
final class Podman {

    private static final Logger LOG = LoggerFactory.getLogger(Podman.class);

    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        Result orFail(String what) {
            if (!ok()) {
                throw new IllegalStateException(
                        what + " failed (exit " + exitCode + "): " + err.strip() + " " + out.strip());
            }
            return this;
        }
    }

    private final Path logDir;

    Podman(Path logDir) {
        this.logDir = logDir;
    }

    /** Runs {@code podman args...} and waits up to {@code timeoutSeconds}; output is kept and returned. */
    Result run(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(List.of(args));
        try {
            Files.createDirectories(logDir);
            Path out = Files.createTempFile(logDir, "podman-", ".out");
            Path err = Files.createTempFile(logDir, "podman-", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "podman " + String.join(" ", args) + " still running after " + timeoutSeconds + " s");
            }
            Result r = new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            LOG.info("podman {} -> {}", abbreviate(String.join(" ", args)), r.exitCode());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run podman", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs a command line that is not podman (the base-image script), output to a log file. */
    static Result runScript(Path log, long timeoutSeconds, String... command) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " still running after " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(log), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
