package city.ordos.plan.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The setter against real RocksDB databases (the JNI library kafka-streams brings): what it sets on
 * the {@link Options} Kafka Streams hands it, and that the memory really is shared and bounded.
 */
class BoundedRocksDbMemoryTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void budgetIsReadFromTheStreamsConfigAsStringsOrNumbers() {
        assertThat(RocksDbMemoryBudget.from(Map.of(
                        "ordos.rocksdb.memory.bytes", "134217728", "ordos.rocksdb.write.buffer.bytes", " 33554432 ")))
                .contains(new RocksDbMemoryBudget(128 * MIB, 32 * MIB));
        assertThat(RocksDbMemoryBudget.from(Map.of(
                        "ordos.rocksdb.memory.bytes", 100_000_000L, "ordos.rocksdb.write.buffer.bytes", 10_000_000)))
                .contains(new RocksDbMemoryBudget(100_000_000L, 10_000_000L));
        assertThat(RocksDbMemoryBudget.from(Map.of("bootstrap.servers", "b:9092")))
                .contains(new RocksDbMemoryBudget(256 * MIB, 96 * MIB));
        assertThat(RocksDbMemoryBudget.from(Map.of("ordos.rocksdb.memory.bytes", "0")))
                .isEmpty();
    }

    @Test
    void aTotalOfZeroLeavesKafkaStreamsPerStoreDefaultsAlone() {
        try (Options options = storeOptions()) {
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            new BoundedRocksDbMemory().setConfig("statements", options, Map.of("ordos.rocksdb.memory.bytes", "0"));
            assertThat(options.writeBufferManager()).isNull();
            assertThat(options.tableFormatConfig()).isSameAs(table);
            assertThat(table.cacheIndexAndFilterBlocks()).isFalse();
        }
    }

    @Test
    void aBudgetThatCannotWorkIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> RocksDbMemoryBudget.from(Map.of("ordos.rocksdb.memory.bytes", "64MB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ordos.rocksdb.memory.bytes")
                .hasMessageContaining("64MB");
        assertThatThrownBy(() -> RocksDbMemoryBudget.from(Map.of("ordos.rocksdb.memory.bytes", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ordos.rocksdb.memory.bytes");
        assertThatThrownBy(() -> RocksDbMemoryBudget.from(Map.of(
                        "ordos.rocksdb.memory.bytes", "8388608", "ordos.rocksdb.write.buffer.bytes", "16777216")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ordos.rocksdb.write.buffer.bytes");
    }

    @Test
    void everyStoreGetsTheOneSharedCacheAndWriteBufferManagerWithIndexAndFiltersInIt() throws RocksDBException {
        Map<String, Object> streamsConfig = Map.of(
                "application.id",
                "a",
                "ordos.rocksdb.memory.bytes",
                "67108864",
                "ordos.rocksdb.write.buffer.bytes",
                "16777216");
        try (Options statements = storeOptions();
                Options contributions = storeOptions()) {
            // Kafka Streams makes a new setter per store
            new BoundedRocksDbMemory().setConfig("statements", statements, streamsConfig);
            new BoundedRocksDbMemory().setConfig("contributions", contributions, streamsConfig);

            assertThat(statements.writeBufferManager()).isNotNull().isSameAs(contributions.writeBufferManager());
            for (Options o : new Options[] {statements, contributions}) {
                BlockBasedTableConfig table = (BlockBasedTableConfig) o.tableFormatConfig();
                assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
                assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
                assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            }

            // Memtable memory of both stores is charged to the one process-wide cache: writes alone,
            // no reads, make its usage grow.
            SharedRocksDbMemory shared = SharedRocksDbMemory.forProcess(
                    RocksDbMemoryBudget.from(streamsConfig).orElseThrow());
            long before = shared.cache().getUsage();
            try (RocksDB a = RocksDB.open(statements, dir.resolve("statements").toString());
                    RocksDB b = RocksDB.open(
                            contributions, dir.resolve("contributions").toString())) {
                write(a, 2 * MIB);
                long afterA = shared.cache().getUsage();
                write(b, 2 * MIB);
                assertThat(afterA).isGreaterThan(before);
                assertThat(shared.cache().getUsage()).isGreaterThan(afterA);
            }
        }
    }

    @Test
    void memtablesAreFlushedOnceAllStoresTogetherFillTheWriteBufferShare() throws RocksDBException {
        SharedRocksDbMemory shared = SharedRocksDbMemory.create(new RocksDbMemoryBudget(8 * MIB, MIB));
        try (Options options = storeOptions().setWriteBufferSize(64 * MIB)) {
            shared.applyTo(options);
            try (RocksDB db = RocksDB.open(options, dir.resolve("store").toString())) {
                // 4 MiB fits one 64 MiB memtable many times over: only the 1 MiB share can cause a flush
                write(db, 4 * MIB);
                // Unbounded, a 64 MiB memtable holding 4 MiB is never flushed: an SST file proves the
                // shared write-buffer manager forced it. (How much stays in memtables right after is
                // RocksDB's arena accounting, not ours to pin: it read just above 4 MiB in one run.)
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> db.getLongProperty("rocksdb.total-sst-files-size") > 0);
            }
        }
    }

    @Test
    void closingOneStoreLeavesTheSharedCacheWorkingForTheOthers() throws RocksDBException {
        Map<String, Object> streamsConfig = Map.of("application.id", "a");
        SharedRocksDbMemory shared = SharedRocksDbMemory.forProcess(RocksDbMemoryBudget.DEFAULT);
        BoundedRocksDbMemory first = new BoundedRocksDbMemory();
        try (Options other = storeOptions()) {
            new BoundedRocksDbMemory().setConfig("other", other, streamsConfig);
            Options closing = storeOptions();
            first.setConfig("closing", closing, streamsConfig);
            try (RocksDB db = RocksDB.open(closing, dir.resolve("closing").toString())) {
                write(db, MIB);
            }
            // what Kafka Streams does when a task's store closes
            first.close("closing", closing);
            closing.close();

            assertThat(shared.cache().isOwningHandle()).isTrue();
            try (RocksDB db = RocksDB.open(other, dir.resolve("other").toString())) {
                db.put(bytes("k"), bytes("v"));
                db.flush(new FlushOptions().setWaitForFlush(true));
                assertThat(db.get(bytes("k"))).isEqualTo(bytes("v"));
            }
        }
    }

    private static Options storeOptions() {
        return new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
    }

    private static void write(RocksDB db, long total) throws RocksDBException {
        byte[] value = new byte[1024];
        for (long written = 0, i = 0; written < total; written += value.length, i++) {
            ThreadLocalRandom.current().nextBytes(value);
            db.put(bytes("source-" + i), value);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
