package city.ordos.plan.app;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * The app's default {@code rocksdb.config.setter}: every RocksDB store of the JVM shares one block
 * cache, and their memtables are charged to that cache, so RocksDB's off-heap memory is bounded
 * by {@value RocksDbMemoryBudget#TOTAL_BYTES} (of which {@value RocksDbMemoryBudget#WRITE_BUFFER_BYTES}
 * for memtables) however many stores and tasks the instance hosts. Without it, each store of each
 * task has its own cache and memtables, and memory grows with the partition count and the data.
 *
 * <p>Kafka Streams instantiates this class once per store and passes it the streams configuration;
 * the first call sizes the JVM-wide cache from it ({@link SharedRocksDbMemory#forProcess}). With
 * {@value RocksDbMemoryBudget#TOTAL_BYTES}{@code =0} it changes nothing (Kafka Streams' per-store
 * defaults); setting {@code rocksdb.config.setter} to another class replaces it.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        RocksDbMemoryBudget.from(configs)
                .ifPresent(budget -> SharedRocksDbMemory.forProcess(budget).applyTo(options));
    }

    /** Closes nothing: the cache and write buffer manager are shared with the stores still open. */
    @Override
    public void close(String storeName, Options options) {}
}
