package city.ordos.plan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the app keeps on disk after a backfill, per store, split into time travel's stores and the
 * live ones: RocksDB SST bytes in the state directory (measured after a clean close, which flushes
 * the memtables; the stores write no WAL) and changelog segment bytes in the broker's log
 * directories (before compaction has run, so an upper bound of what compaction keeps).
 */
final class StateFootprint {

    /** Time travel's stores share this name prefix (TimeTravelTopology). */
    private static final String TIME_TRAVEL_PREFIX = "timetravel-";

    /** {@code <task>/rocksdb/<store>/...} under the application's state directory. */
    private static final Pattern STORE_FILE = Pattern.compile(".*/rocksdb/([^/]+)/.*\\.sst$");

    private StateFootprint() {}

    /**
     * @param stateDir     the app's {@code state.dir} (the app must be stopped cleanly)
     * @param brokerData   the embedded broker's data directory
     * @param applicationId the app's {@code application.id} (the changelog topics' prefix)
     */
    static void measure(Path stateDir, Path brokerData, String applicationId, ResultTable results) throws IOException {
        Map<String, Long> sst = bytesByStore(stateDir, STORE_FILE);
        // <application.id>-<store>-changelog-<partition>/<segment>.log under the broker's log directory
        Map<String, Long> changelogs = bytesByStore(
                brokerData,
                Pattern.compile(".*/" + Pattern.quote(applicationId) + "-([^/]+)-changelog-\\d+/\\d+\\.log$"));
        BenchmarkMain.log("state on disk after the backfill (RocksDB SST bytes per store): %s", sst);
        BenchmarkMain.log("changelog segment bytes per store: %s", changelogs);
        results.add(
                "state_timetravel_sst",
                "time travel stores on disk after the backfill (RocksDB SST)",
                mib(sum(sst, true)),
                "MiB");
        results.add(
                "state_live_sst", "live stores on disk after the backfill (RocksDB SST)", mib(sum(sst, false)), "MiB");
        results.add(
                "changelog_timetravel",
                "time travel changelogs (broker segments, not yet compacted)",
                mib(sum(changelogs, true)),
                "MiB");
        results.add(
                "changelog_live",
                "live stores' changelogs (broker segments, not yet compacted)",
                mib(sum(changelogs, false)),
                "MiB");
    }

    private static Map<String, Long> bytesByStore(Path root, Pattern file) throws IOException {
        Map<String, Long> bytes = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return bytes;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Matcher m = file.matcher(p.toString());
                if (m.matches()) {
                    bytes.merge(m.group(1), Files.size(p), Long::sum);
                }
            }
        }
        return bytes;
    }

    private static long sum(Map<String, Long> bytes, boolean timeTravel) {
        return bytes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(TIME_TRAVEL_PREFIX) == timeTravel)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static double mib(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }
}
