package io.capstan.apiserver.webhook;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A bounded cache whose entries expire, as upstream's {@code LRUExpireCache}: each entry has its own time to live,
 * and beyond {@code maxSize} entries the least recently used goes. Thread-safe.
 *
 * @param <K> key
 * @param <V> value
 */
public final class ExpiringCache<K, V> {
    private record Timed<V>(V value, long expiresAtNanos) {
    }

    private final LongSupplier nanoClock;
    private final Map<K, Timed<V>> entries;

    /**
     * @param maxSize   how many entries are kept at most
     * @param nanoClock the clock ({@link System#nanoTime} outside tests)
     */
    public ExpiringCache(int maxSize, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Timed<V>> eldest) {
                return size() > maxSize;
            }
        };
    }

    /** The value cached for {@code key}, or null when there is none or it expired. */
    public synchronized V get(K key) {
        Timed<V> e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (nanoClock.getAsLong() - e.expiresAtNanos() >= 0) {
            entries.remove(key);
            return null;
        }
        return e.value();
    }

    /** Caches {@code value} for {@code ttl}; a zero or negative ttl caches nothing. */
    public synchronized void put(K key, V value, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        entries.put(key, new Timed<>(value, nanoClock.getAsLong() + ttl.toNanos()));
    }
}
