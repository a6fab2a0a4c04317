package city.ordos.plan.app;

import java.util.Map;
import java.util.Optional;

/**
 * How much off-heap memory all RocksDB stores of one JVM may use together, and how much of that
 * the memtables (write buffers) may take. Read from the streams configuration, which is the only
 * thing Kafka Streams hands a {@code rocksdb.config.setter}.
 *
 * @param totalBytes       the shared block cache: data blocks, index and filter blocks, and the
 *                         memtables charged to it
 * @param writeBufferBytes the part of {@code totalBytes} the memtables of all stores may fill
 *                         before the largest one is flushed
 */
public record RocksDbMemoryBudget(long totalBytes, long writeBufferBytes) {

    public static final String TOTAL_BYTES = "ordos.rocksdb.memory.bytes";
    public static final String WRITE_BUFFER_BYTES = "ordos.rocksdb.write.buffer.bytes";

    /*
     * 64 MiB in all, 16 MiB of it for memtables. The app runs with a 512 MiB heap and has to stay
     * under 1 GiB resident (issue 9). Beyond the heap there is also the JVM's own off-heap
     * (metaspace, code cache, thread stacks, the clients' buffers) and the memory RocksDB uses
     * outside any cache (blocks pinned by open iterators, compaction buffers, allocator
     * fragmentation): the benchmark measured ~350 MiB beyond the heap with this budget (870 MiB
     * peak on 5 M events, 949 MiB with 128 MiB), so 64 MiB fits with room to spare. Reads of hot
     * keys are absorbed by Kafka Streams' record cache on the heap before they reach RocksDB. The
     * memtable share equals one store's default memtable size. Without any budget each store of
     * each task gets its own 50 MiB block cache and up to 3 x 16 MiB of memtables: the app's RSS
     * grew past 1.2 GiB on the 5 M-event backfill. Bounded, that backfill takes about a third
     * longer (docs/performance.md); 0 turns the bound off.
     */
    public static final long DEFAULT_TOTAL_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 16L * 1024 * 1024;

    public static final RocksDbMemoryBudget DEFAULT = new RocksDbMemoryBudget(DEFAULT_TOTAL_BYTES,
            DEFAULT_WRITE_BUFFER_BYTES);

    public RocksDbMemoryBudget {
        if (totalBytes <= 0) {
            throw new IllegalArgumentException("setting " + TOTAL_BYTES + " must be a positive number of bytes "
                    + "(or 0: no budget), was " + totalBytes);
        }
        if (writeBufferBytes <= 0 || writeBufferBytes >= totalBytes) {
            throw new IllegalArgumentException("setting " + WRITE_BUFFER_BYTES + " must be positive and less than "
                    + TOTAL_BYTES + " (" + totalBytes + "), was " + writeBufferBytes);
        }
    }

    /**
     * The budget the configuration asks for; a key that is absent takes its default. Values may be
     * strings (properties files, {@code -X}) or numbers (settings built in code). A total of 0 asks
     * for no budget: each store keeps Kafka Streams' own per-store cache and memtables.
     */
    public static Optional<RocksDbMemoryBudget> from(Map<String, ?> configs) {
        long total = bytes(configs, TOTAL_BYTES, DEFAULT_TOTAL_BYTES);
        if (total == 0) {
            return Optional.empty();
        }
        return Optional.of(new RocksDbMemoryBudget(total, bytes(configs, WRITE_BUFFER_BYTES, DEFAULT_WRITE_BUFFER_BYTES)));
    }

    private static long bytes(Map<String, ?> configs, String key, long fallback) {
        Object v = configs.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number of bytes, was '" + v + "'", e);
        }
    }
}
