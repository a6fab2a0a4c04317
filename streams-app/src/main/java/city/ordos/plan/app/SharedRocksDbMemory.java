package city.ordos.plan.app;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One block cache and one write buffer manager charged to it, shared by every RocksDB store they
 * are applied to, so that the stores' memory together stays within one {@link RocksDbMemoryBudget}.
 *
 * <p>Kafka Streams creates a new {@code rocksdb.config.setter} instance for every store it opens and
 * gives it nothing but the streams configuration, so the instance the whole JVM shares has to be
 * reachable statically: {@link #forProcess(RocksDbMemoryBudget)} creates it from the budget of the
 * first store opened and returns that same instance afterwards. It is never closed: stores of other tasks
 * keep using it until the JVM exits. Consequently the budget is per JVM, not per KafkaStreams
 * instance; a second application in the same JVM asking for a different budget gets the first one,
 * with a warning.
 */
final class SharedRocksDbMemory {

    private static final Logger log = LoggerFactory.getLogger(SharedRocksDbMemory.class);

    /*
     * Share of the cache reserved for index and filter blocks (cached with high priority), so a
     * burst of data-block reads cannot evict the blocks every lookup needs first. RocksDB's own
     * guidance for this ratio is 0.05-0.1; the stores here have small keys, so their index and
     * filter blocks are small too.
     */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;

    private static SharedRocksDbMemory processWide; // written once, under the class lock

    private final RocksDbMemoryBudget budget;
    private final Cache cache;
    private final WriteBufferManager writeBuffers;

    private SharedRocksDbMemory(RocksDbMemoryBudget budget) {
        RocksDB.loadLibrary();
        this.budget = budget;
        // -1: let RocksDB pick the shard count; false: a lookup that needs a block is never refused
        // for lack of room (the cache may overshoot briefly rather than fail a read).
        this.cache = new LRUCache(budget.totalBytes(), -1, false, INDEX_AND_FILTER_SHARE);
        this.writeBuffers = new WriteBufferManager(budget.writeBufferBytes(), cache);
    }

    /** A shared memory of its own (each call a new one): for a caller that manages its lifetime. */
    static SharedRocksDbMemory create(RocksDbMemoryBudget budget) {
        return new SharedRocksDbMemory(budget);
    }

    /** The JVM's shared memory, created with the {@code requested} budget by the first call. */
    static synchronized SharedRocksDbMemory forProcess(RocksDbMemoryBudget requested) {
        if (processWide == null) {
            processWide = new SharedRocksDbMemory(requested);
            log.info(
                    "RocksDB stores of this JVM share {} bytes of block cache, {} of it for memtables",
                    requested.totalBytes(),
                    requested.writeBufferBytes());
        } else if (!processWide.budget.equals(requested)) {
            log.warn(
                    "RocksDB memory of this JVM was already sized to {}; ignoring the request for {} "
                            + "(the budget is per JVM)",
                    processWide.budget,
                    requested);
        }
        return processWide;
    }

    RocksDbMemoryBudget budget() {
        return budget;
    }

    Cache cache() {
        return cache;
    }

    /**
     * Points {@code options} at the shared cache and write buffer manager. Index and filter blocks
     * go into the cache too (otherwise they live outside any budget and grow with the data), at
     * high priority, with the top level of partitioned ones pinned, as Kafka Streams' memory
     * management guide prescribes for bounded memory.
     */
    void applyTo(Options options) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
    }
}
