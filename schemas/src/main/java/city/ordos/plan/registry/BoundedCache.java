package city.ordos.plan.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A small least-recently-used map; registry answers are immutable, so entries never go stale. */
final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    BoundedCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    /** The cached value, or loads it outside the lock (a registry call must not block other lookups). */
    V computeIfAbsent(K key, Supplier<V> loader) {
        V cached = get(key);
        if (cached != null) {
            return cached;
        }
        V loaded = loader.get();
        put(key, loaded);
        return loaded;
    }
}
