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
     * 256 MiB in all, 96 MiB of it for memtables. Beyond the heap there is the JVM's own off-heap
     * (metaspace, code cache, thread stacks, the clients' buffers) and what RocksDB uses outside any
     * cache (pinned blocks, compaction buffers, allocator fragmentation); with a 384 MiB heap the app
     * stays under 1 GiB resident (the performance target, docs/performance.md), and the Kubernetes
     * pod's 1 GiB holds its 410 MiB heap with this budget (KubernetesManifestsTest). Without any budget each store of
     * each task gets its own 50 MiB block cache and up to 3 x 16 MiB of memtables: the app's RSS
     * grew past 1.2 GiB on the 5 M-event backfill. The memtable share is the one that matters for writes: a
     * write buffer manager makes every store flush once all memtables together reach it, and with
     * 16 MiB shared by some thirty stores the two-phase topology flushed so often that a 300 k-event
     * backfill fell from 17 k to 1.8 k events/s (docs/performance.md, "Memory at 5 M"); 96 MiB kept
     * the unbounded rate. The rest is for blocks: the per-source stores have no record cache, so each
     * statement's reads reach RocksDB, and with 32 MiB for blocks (the default until 2026-12-05) most
     * of them read the file; 160 MiB made the 1 M and 5 M backfills 26 % faster (docs/performance.md,
     * "A larger block cache"). 0 turns the bound off.
     */
    public static final long DEFAULT_TOTAL_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 96L * 1024 * 1024;

    public static final RocksDbMemoryBudget DEFAULT =
            new RocksDbMemoryBudget(DEFAULT_TOTAL_BYTES, DEFAULT_WRITE_BUFFER_BYTES);

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
        return Optional.of(
                new RocksDbMemoryBudget(total, bytes(configs, WRITE_BUFFER_BYTES, DEFAULT_WRITE_BUFFER_BYTES)));
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
