package city.ordos.plan.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against a sorted map doing the same puts and deletes: every read the time-travel
 * branch and its queries make must answer what a sorted store (RocksDB, before) answered.
 */
class AppendLogStoreTest {

    /** "|yyyy-MM-dd", as the days store's keys end. */
    private static final int SUFFIX = 11;

    @TempDir
    Path dir;

    private final List<AppendLogStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(AppendLogStore::close);
    }

    @Test
    void everyReadAgreesWithASortedMapOverRandomWritesBeyondTheInMemoryTail() {
        Context context = new Context(dir);
        AppendLogStore store = open(context);
        TreeMap<Bytes, byte[]> model = new TreeMap<>();
        Random random = new Random(20251231);
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < 300; g++) {
            // Groups of different lengths, one a prefix of another, and source ids with '|'.
            groups.add("ordos-2025/fai|PROJECT|P" + g + (g % 7 == 0 ? "|a|b" : "") + "|2025");
        }
        // Enough bytes that most records are read back from the file, not the tail; some values
        // larger than the tail itself.
        for (int i = 0; i < 40_000; i++) {
            Bytes key = key(groups.get(random.nextInt(groups.size())), 1 + random.nextInt(60));
            if (random.nextInt(20) == 0) {
                store.delete(key);
                model.remove(key);
            } else {
                byte[] value = value(i, random.nextInt(500) == 0 ? 1_200_000 : 40 + random.nextInt(200));
                store.put(key, value);
                model.put(key, value);
            }
        }

        for (int i = 0; i < 2_000; i++) {
            Bytes key = key(groups.get(random.nextInt(groups.size())), 1 + random.nextInt(60));
            assertThat(store.get(key)).isEqualTo(model.get(key));
        }
        for (String group : groups.subList(0, 40)) {
            Bytes from = key(group, 1 + random.nextInt(30));
            Bytes to = key(group, 30 + random.nextInt(31));
            assertThat(entries(store.range(from, to))).isEqualTo(entries(model.subMap(from, true, to, true)));
            assertThat(entries(store.reverseRange(from, to)))
                    .isEqualTo(entries(model.subMap(from, true, to, true).descendingMap()));
        }
        // Across groups (a goal's drill-down): in key order for range(), every live key once for a
        // query in any order.
        Bytes from = Bytes.wrap("ordos-2025/fai|PROJECT|P1".getBytes(StandardCharsets.UTF_8));
        Bytes to = Bytes.wrap("ordos-2025/fai|PROJECT|P2\uffff".getBytes(StandardCharsets.UTF_8));
        assertThat(entries(store.range(from, to))).isEqualTo(entries(model.subMap(from, true, to, true)));
        assertThat(entries(store.all())).isEqualTo(entries(model));
        assertThat(sortedEntries(anyOrder(store, from, to))).isEqualTo(entries(model.subMap(from, true, to, true)));
        assertThat(sortedEntries(anyOrder(store, null, null))).isEqualTo(entries(model));
    }

    @Test
    void aStoreStartsEmptyWhateverAnEarlierRunLeftAndIsRebuiltFromItsChangelog() {
        Context context = new Context(dir);
        AppendLogStore crashed = new AppendLogStore("days", SUFFIX);
        crashed.init(context, crashed);
        Bytes may = key("g|PROJECT|P1|2025", 151);
        Bytes june = key("g|PROJECT|P1|2025", 181);
        crashed.put(may, value(1, 50));
        // Not closed: the process died. The changelog holds what was committed, including a
        // restatement of June and a deleted day, in the order they were written.
        Context restarted = new Context(dir);
        AppendLogStore store = open(restarted);
        assertThat(store.get(may))
                .as("nothing read from the earlier run's file")
                .isNull();
        assertThat(store.approximateNumEntries()).isZero();

        restarted.restore.restore(may.get(), value(1, 50));
        restarted.restore.restore(june.get(), value(2, 60));
        restarted.restore.restore(june.get(), value(3, 70));
        restarted.restore.restore(may.get(), null);

        assertThat(store.get(may)).isNull();
        assertThat(store.get(june)).isEqualTo(value(3, 70));
        assertThat(entries(store.range(key("g|PROJECT|P1|2025", 1), key("g|PROJECT|P1|2025", 365))))
                .containsExactly(KeyValue.pair(june.toString(), new String(value(3, 70), StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aQueryOfAStoreClosedOnARebalanceIsToldSo() {
        AppendLogStore store = open(new Context(dir));
        Bytes key = key("g|PROJECT|P1|2025", 151);
        store.put(key, value(1, 50));
        store.close();

        assertThatThrownBy(() -> store.get(key)).isInstanceOf(InvalidStateStoreException.class);
        assertThatThrownBy(() -> anyOrder(store, null, null)).isInstanceOf(InvalidStateStoreException.class);
    }

    private AppendLogStore open(Context context) {
        AppendLogStore store = new AppendLogStore("days", SUFFIX);
        store.init(context, store);
        opened.add(store);
        return store;
    }

    private static KeyValueIterator<Bytes, byte[]> anyOrder(AppendLogStore store, Bytes from, Bytes to) {
        RangeQuery<Bytes, byte[]> query = from == null ? RangeQuery.withNoBounds() : RangeQuery.withRange(from, to);
        QueryResult<KeyValueIterator<Bytes, byte[]>> result =
                store.query(query, PositionBound.unbounded(), new QueryConfig(false));
        assertThat(result.isSuccess()).isTrue();
        return result.getResult();
    }

    /** A days-store key: the group, then "|" and an ISO date of 2025. */
    private static Bytes key(String group, int dayOfYear) {
        String day = LocalDate.ofYearDay(2025, dayOfYear).toString();
        return Bytes.wrap((group + "|" + day).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] value(int seed, int length) {
        byte[] v = new byte[length];
        new Random(seed).nextBytes(v);
        return v;
    }

    private static List<KeyValue<String, String>> entries(KeyValueIterator<Bytes, byte[]> it) {
        List<KeyValue<String, String>> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(kv -> out.add(readable(kv.key, kv.value)));
        }
        return out;
    }

    private static List<KeyValue<String, String>> sortedEntries(KeyValueIterator<Bytes, byte[]> it) {
        Map<Bytes, byte[]> byKey = new TreeMap<>();
        try (it) {
            it.forEachRemaining(kv ->
                    assertThat(byKey.put(kv.key, kv.value)).as("each key once").isNull());
        }
        List<KeyValue<String, String>> out = new ArrayList<>();
        byKey.forEach((k, v) -> out.add(readable(k, v)));
        return out;
    }

    private static List<KeyValue<String, String>> entries(Map<Bytes, byte[]> map) {
        List<KeyValue<String, String>> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(readable(k, v)));
        return out;
    }

    private static KeyValue<String, String> readable(Bytes key, byte[] value) {
        return KeyValue.pair(key.toString(), new String(value, StandardCharsets.ISO_8859_1));
    }

    /** The part of a task's context a store uses: its directory, its task, the restore callback. */
    private static final class Context implements StateStoreContext {
        private final File stateDir;
        StateRestoreCallback restore;

        Context(Path dir) {
            this.stateDir = dir.toFile();
        }

        @Override
        public String applicationId() {
            return "append-log-test";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return Optional.empty();
        }

        @Override
        public Serde<?> keySerde() {
            return Serdes.Bytes();
        }

        @Override
        public Serde<?> valueSerde() {
            return Serdes.ByteArray();
        }

        @Override
        public File stateDir() {
            return stateDir;
        }

        @Override
        public StreamsMetrics metrics() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void register(StateStore store, StateRestoreCallback callback) {
            restore = callback;
        }

        @Override
        public void register(StateStore store, StateRestoreCallback callback, CommitCallback onCommit) {
            restore = callback;
        }

        @Override
        public Map<String, Object> appConfigs() {
            return new HashMap<>();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return new HashMap<>();
        }
    }
}
