package city.ordos.plan.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.ResultOrder;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;

/**
 * A key-value store for keys written about once each and read back rarely, such as the day record
 * of time travel: one record per statement and day, read only for late statements and drill-downs.
 * A sorted store pays a sorted insert, flushes and compactions for every such key (in RocksDB about
 * 4 µs per event of a 5 M replay, half of the day record's cost; a sorted map on the heap was no
 * cheaper: docs/performance.md); this one appends each put to a file in arrival order.
 *
 * <p>Keys that share all but their last {@code suffixBytes} bytes form a group (a statement key and
 * its days). An index on the heap holds, per group, where its newest record is (a slot of 16 bytes
 * per group, not per key, in a table at most half full), and each record where its group's previous
 * one is. A key, or a range within one group, is read by walking that group's records, newest first
 * (the first record of a key is its value; a tombstone hides older ones). A range over several
 * groups walks every group: in key order when asked for (it then sorts in memory: {@link #range} on
 * such a range costs the data it holds), group after group for an interactive query in any order
 * ({@link ResultOrder#ANY}), which needs memory for one group at a time.
 *
 * <p>Not persistent to Kafka Streams: the file is emptied at every start and the store restored
 * from its changelog, as an in-memory store is; so it needs no checkpoint and is never read half
 * written after a crash. Thread safe: the stream thread writes, interactive queries read.
 */
public final class AppendLogStore implements KeyValueStore<Bytes, byte[]> {

    /** prev (8), key length (4), value length or -1 for a tombstone (4). */
    private static final int HEADER = 16;

    private static final int TAIL_BYTES = 1 << 20;
    private static final int FIRST_READ = 512;

    private final String name;
    private final int suffixBytes;
    private final Position position = Position.emptyPosition();
    /** Records not yet in the file: the newest, read from here, not from the file. */
    private final ByteBuffer tail = ByteBuffer.allocate(TAIL_BYTES);

    private StateStoreContext context;
    private Path file;
    private FileChannel channel;
    /** Bytes in the file; a record's offset at or past it is in {@link #tail}. */
    private long fileEnd;

    private GroupHeads heads;
    private long records;
    private volatile boolean open;

    /** A supplier for {@code Stores.keyValueStoreBuilder}, which adds the changelog and the serdes. */
    public static KeyValueBytesStoreSupplier supplier(String name, int suffixBytes) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new AppendLogStore(name, suffixBytes);
            }

            @Override
            public String metricsScope() {
                return "append-log";
            }
        };
    }

    public AppendLogStore(String name, int suffixBytes) {
        if (suffixBytes < 0) {
            throw new IllegalArgumentException("suffixBytes must not be negative: " + suffixBytes);
        }
        this.name = name;
        this.suffixBytes = suffixBytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void init(StateStoreContext context, StateStore root) {
        this.context = context;
        Path dir = context.stateDir().toPath().resolve("append-log").resolve(name);
        try {
            Files.createDirectories(dir);
            file = dir.resolve("records");
            channel = FileChannel.open(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new ProcessorStateException("cannot open the append log of store " + name + " in " + dir, e);
        }
        fileEnd = 0;
        tail.clear();
        heads = new GroupHeads();
        records = 0;
        if (root != null) {
            context.register(root, this::restore);
        }
        open = true;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void put(Bytes key, byte[] value) {
        append(key.get(), value);
        StoreQueryUtils.updatePosition(position, context);
    }

    @Override
    public synchronized byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] held = get(key);
        if (held == null) {
            put(key, value);
        }
        return held;
    }

    @Override
    public synchronized void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        for (KeyValue<Bytes, byte[]> e : entries) {
            put(e.key, e.value);
        }
    }

    @Override
    public synchronized byte[] delete(Bytes key) {
        byte[] held = get(key);
        put(key, null);
        return held;
    }

    @Override
    public synchronized byte[] get(Bytes key) {
        checkOpen();
        byte[] k = key.get();
        for (long at = heads.head(groupHash(k)); at >= 0; ) {
            LogRecord r = read(at);
            if (Arrays.equals(r.key, k)) {
                return r.value;
            }
            at = r.prev;
        }
        return null;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return sorted(from, to, false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return sorted(from, to, true);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return sorted(null, null, false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return sorted(null, null, true);
    }

    @Override
    public synchronized long approximateNumEntries() {
        return records;
    }

    /**
     * The live position (its maps are concurrent): the change-logging layer asks for it on every
     * put, and a copy each time was a cost of RocksDB's store this one need not repeat.
     */
    @Override
    public Position getPosition() {
        return position;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        if (query instanceof RangeQuery<?, ?> range && range.resultOrder() == ResultOrder.ANY) {
            RangeQuery<Bytes, byte[]> raw = (RangeQuery<Bytes, byte[]>) range;
            Bytes from = raw.getLowerBound().orElse(null);
            Bytes to = raw.getUpperBound().orElse(null);
            if (!withinOneGroup(from, to)) {
                synchronized (this) {
                    checkOpen();
                    int partition = context.taskId().partition();
                    if (!StoreQueryUtils.isPermitted(position, positionBound, partition)) {
                        return QueryResult.notUpToBound(position.copy(), positionBound, partition);
                    }
                    QueryResult<R> result = (QueryResult<R>) QueryResult.forResult(new GroupByGroup(from, to));
                    result.setPosition(position.copy());
                    return result;
                }
            }
        }
        return StoreQueryUtils.handleBasicQueries(query, positionBound, config, this, position, context);
    }

    @Override
    public synchronized void close() {
        open = false;
        heads = null;
        try {
            if (channel != null) {
                channel.close();
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new ProcessorStateException("cannot close the append log of store " + name, e);
        }
    }

    /** A query that outlives the task here (closed on a rebalance) is told so, as by Kafka Streams' own stores. */
    private void checkOpen() {
        if (!open) {
            throw new InvalidStateStoreException("store " + name + " is closed");
        }
    }

    private synchronized void restore(byte[] key, byte[] value) {
        append(key, value);
    }

    private void append(byte[] key, byte[] value) {
        long hash = groupHash(key);
        int length = HEADER + key.length + (value == null ? 0 : value.length);
        if (tail.remaining() < length) {
            drain();
        }
        long offset = fileEnd + tail.position();
        ByteBuffer target = length <= tail.capacity() ? tail : ByteBuffer.allocate(length);
        target.putLong(heads.head(hash))
                .putInt(key.length)
                .putInt(value == null ? -1 : value.length)
                .put(key);
        if (value != null) {
            target.put(value);
        }
        if (target != tail) {
            target.flip();
            writeFully(target);
        }
        heads.put(hash, offset);
        records++;
    }

    private void drain() {
        tail.flip();
        writeFully(tail);
        tail.clear();
    }

    private void writeFully(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                fileEnd += channel.write(buffer, fileEnd);
            }
        } catch (IOException e) {
            throw new ProcessorStateException("cannot append to store " + name, e);
        }
    }

    private LogRecord read(long offset) {
        if (offset >= fileEnd) {
            int at = Math.toIntExact(offset - fileEnd);
            byte[] key = new byte[tail.getInt(at + 8)];
            int valueLength = tail.getInt(at + 12);
            tail.get(at + HEADER, key);
            byte[] value = null;
            if (valueLength >= 0) {
                value = new byte[valueLength];
                tail.get(at + HEADER + key.length, value);
            }
            return new LogRecord(tail.getLong(at), key, value);
        }
        ByteBuffer head = readAt(offset, FIRST_READ);
        int keyLength = head.getInt(8);
        int valueLength = head.getInt(12);
        int length = HEADER + keyLength + Math.max(valueLength, 0);
        ByteBuffer whole = length <= head.limit() ? head : readAt(offset, length);
        byte[] key = new byte[keyLength];
        whole.get(HEADER, key);
        byte[] value = null;
        if (valueLength >= 0) {
            value = new byte[valueLength];
            whole.get(HEADER + keyLength, value);
        }
        return new LogRecord(whole.getLong(0), key, value);
    }

    /** Up to {@code length} bytes from {@code offset}, fewer only at the end of the file (at least a header). */
    private ByteBuffer readAt(long offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, fileEnd - offset));
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new ProcessorStateException("store " + name + ": record at " + offset + " cut short");
                }
            }
        } catch (IOException e) {
            throw new ProcessorStateException("cannot read store " + name, e);
        }
        return buffer.flip();
    }

    /** The newest record of each key of the group whose newest record is at {@code head}, in bounds. */
    private synchronized List<KeyValue<Bytes, byte[]>> group(long head, Bytes from, Bytes to) {
        checkOpen();
        List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
        Set<Bytes> seen = new HashSet<>();
        for (long at = head; at >= 0; ) {
            LogRecord r = read(at);
            Bytes key = Bytes.wrap(r.key);
            if (seen.add(key) && r.value != null && inBounds(key, from, to)) {
                out.add(KeyValue.pair(key, r.value));
            }
            at = r.prev;
        }
        return out;
    }

    private KeyValueIterator<Bytes, byte[]> sorted(Bytes from, Bytes to, boolean descending) {
        TreeMap<Bytes, byte[]> found = new TreeMap<>();
        long[] starts;
        synchronized (this) {
            checkOpen();
            starts = withinOneGroup(from, to) ? new long[] {heads.head(groupHash(from.get()))} : heads.snapshot();
        }
        for (long start : starts) {
            if (start >= 0) {
                group(start, from, to).forEach(kv -> found.put(kv.key, kv.value));
            }
        }
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>(found.size());
        (descending ? found.descendingMap() : found).forEach((k, v) -> entries.add(KeyValue.pair(k, v)));
        return new ListIterator(entries);
    }

    private boolean withinOneGroup(Bytes from, Bytes to) {
        if (from == null || to == null) {
            return false;
        }
        byte[] a = from.get();
        byte[] b = to.get();
        int groupLength = a.length - suffixBytes;
        return groupLength > 0 && b.length == a.length && Arrays.equals(a, 0, groupLength, b, 0, groupLength);
    }

    private static boolean inBounds(Bytes key, Bytes from, Bytes to) {
        return (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0);
    }

    /** FNV-1a over the group's bytes, then a finaliser that spreads them over the table. */
    private long groupHash(byte[] key) {
        int end = key.length > suffixBytes ? key.length - suffixBytes : key.length;
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < end; i++) {
            h = (h ^ (key[i] & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private record LogRecord(long prev, byte[] key, byte[] value) {}

    /** An interactive query's range over several groups, read one group at a time. */
    private final class GroupByGroup implements KeyValueIterator<Bytes, byte[]> {
        private final Bytes from;
        private final Bytes to;
        private final long[] starts;
        private int next;
        private Iterator<KeyValue<Bytes, byte[]>> current = Collections.emptyIterator();

        GroupByGroup(Bytes from, Bytes to) {
            this.from = from;
            this.to = to;
            this.starts = heads.snapshot();
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next < starts.length) {
                current = group(starts[next++], from, to).iterator();
            }
            return current.hasNext();
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        @Override
        public Bytes peekNextKey() {
            throw new UnsupportedOperationException("a range in any order has no next key to peek at");
        }

        @Override
        public void close() {
            current = Collections.emptyIterator();
            next = starts.length;
        }
    }

    private static final class ListIterator implements KeyValueIterator<Bytes, byte[]> {
        private final List<KeyValue<Bytes, byte[]>> entries;
        private int next;

        ListIterator(List<KeyValue<Bytes, byte[]>> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return next < entries.size();
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return entries.get(next++);
        }

        @Override
        public Bytes peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return entries.get(next).key;
        }

        @Override
        public void close() {
            next = entries.size();
        }
    }

    /**
     * Open addressing from a group's hash to its newest record. Two groups with one hash share a
     * chain; readers compare whole keys, so that costs a longer walk, never a wrong answer.
     */
    static final class GroupHeads {
        private long[] hashes = new long[1024];
        private long[] offsets = new long[1024];
        private int size;

        long head(long hash) {
            long h = hash == 0 ? 1 : hash;
            int mask = hashes.length - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                if (hashes[i] == h) {
                    return offsets[i];
                }
                if (hashes[i] == 0) {
                    return -1;
                }
            }
        }

        void put(long hash, long offset) {
            if (2 * (size + 1) > hashes.length) {
                grow();
            }
            insert(hash == 0 ? 1 : hash, offset);
        }

        long[] snapshot() {
            long[] out = new long[size];
            int n = 0;
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] != 0) {
                    out[n++] = offsets[i];
                }
            }
            return out;
        }

        private void insert(long h, long offset) {
            int mask = hashes.length - 1;
            for (int i = (int) h & mask; ; i = (i + 1) & mask) {
                if (hashes[i] == h) {
                    offsets[i] = offset;
                    return;
                }
                if (hashes[i] == 0) {
                    hashes[i] = h;
                    offsets[i] = offset;
                    size++;
                    return;
                }
            }
        }

        private void grow() {
            long[] oldHashes = hashes;
            long[] oldOffsets = offsets;
            hashes = new long[oldHashes.length * 2];
            offsets = new long[oldOffsets.length * 2];
            size = 0;
            for (int i = 0; i < oldHashes.length; i++) {
                if (oldHashes[i] != 0) {
                    insert(oldHashes[i], oldOffsets[i]);
                }
            }
        }
    }
}
