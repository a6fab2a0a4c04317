package city.ordos.plan.launcher.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measured recovery durations of the fault tests: logged as they are taken and written to
 * {@code target/recovery-times/<test class>.json}. Reported, never asserted (the machine is shared).
 */
final class RecoveryTimes {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryTimes.class);

    record Measurement(String test, String fault, String until, long millis, String at) {}

    private final String testClass;
    private final List<Measurement> measurements = new ArrayList<>();

    RecoveryTimes(Class<?> testClass) {
        this.testClass = testClass.getSimpleName();
    }

    /** Starts a clock for one recovery. */
    static long start() {
        return System.nanoTime();
    }

    /** Records the time from {@code startNanos} to now. */
    synchronized long record(String test, String fault, String until, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        measurements.add(
                new Measurement(test, fault, until, millis, Instant.now().toString()));
        LOG.info("RECOVERY {} / {}: {} after {} ms", test, fault, until, millis);
        write();
        return millis;
    }

    private void write() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("testClass", testClass);
        doc.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        doc.put("processors", Runtime.getRuntime().availableProcessors());
        doc.put("measurements", measurements);
        Path file = Paths.get("target", "recovery-times", testClass + ".json");
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
