package io.capstan.apiserver.storage.cache;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The cache of one resource prefix (upstream's {@code Cacher} with its {@code watchCache}): the
 * current objects, the revision they are current at, and a window of recent events from which
 * watches are served. Fed by {@link WatchCache} in revision order; read by many threads.
 */
final class Cacher {
    private final String prefix;
    private final WatchCacheOptions options;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition eventsChanged = lock.newCondition();
    private final Condition revisionChanged = lock.newCondition();
    private final TreeMap<String, KeyValue> store = new TreeMap<>(Cacher::compareUtf8);

    // The window: events[head..] in revision order, with the time each arrived.
    private final ArrayList<WatchEvent> events = new ArrayList<>();
    private final ArrayList<Long> arrivals = new ArrayList<>();
    private int head;
    /** Watches may start after any revision >= this one (the revision before the oldest event kept). */
    private long windowStart;
    /** The revision every change of this prefix up to which has been applied. */
    private long revision;
    /** The revision of the newest change applied (or of the list); snapshots are equal from here to {@code revision}. */
    private long lastChange;
    private long progressEpoch;
    private boolean ended;

    Cacher(String prefix, WatchCacheOptions options, LongSupplier nanoClock) {
        this.prefix = prefix;
        this.options = options;
        this.nanoClock = nanoClock;
    }

    String prefix() {
        return prefix;
    }

    /** Replaces everything with a fresh list at {@code listRevision}; watchers behind it will get 410. */
    void replace(List<KeyValue> items, long listRevision) {
        lock.lock();
        try {
            store.clear();
            for (KeyValue kv : items) {
                store.put(kv.key(), kv);
            }
            events.clear();
            arrivals.clear();
            head = 0;
            windowStart = listRevision;
            revision = listRevision;
            lastChange = listRevision;
            eventsChanged.signalAll();
            revisionChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Applies one change of this prefix. */
    void apply(WatchEvent e) {
        lock.lock();
        try {
            if (e.revision() <= revision) {
                return; // already seen (a re-watch may repeat the last revision)
            }
            if (e.type() == WatchEvent.Type.DELETE) {
                store.remove(e.kv().key());
            } else {
                store.put(e.kv().key(), e.kv());
            }
            events.add(e);
            arrivals.add(nanoClock.getAsLong());
            revision = e.revision();
            lastChange = e.revision();
            evict();
            eventsChanged.signalAll();
            revisionChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Every change up to {@code rev} has been applied (a change elsewhere, or the delegate's progress). */
    void advance(long rev, boolean progressNotify) {
        lock.lock();
        try {
            if (rev > revision) {
                revision = rev;
                revisionChanged.signalAll();
            }
            if (progressNotify) {
                progressEpoch++;
                eventsChanged.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops window events at or below {@code compacted}: history the storage no longer has is not served either. */
    void compacted(long compacted) {
        lock.lock();
        try {
            while (head < events.size() && events.get(head).revision() <= compacted) {
                windowStart = events.get(head).revision();
                drop();
            }
            windowStart = Math.max(windowStart, Math.min(compacted, revision));
            trim();
        } finally {
            lock.unlock();
        }
    }

    private void evict() {
        long now = nanoClock.getAsLong();
        long fresh = options.eventFreshDuration().toNanos();
        while (size() > options.maxEvents()
                || size() > options.minEvents() && now - arrivals.get(head) > fresh) {
            windowStart = events.get(head).revision();
            drop();
        }
        trim();
    }

    private int size() {
        return events.size() - head;
    }

    private void drop() {
        events.set(head, null);
        head++;
    }

    private void trim() {
        if (head > 1024 && head > events.size() / 2) {
            events.subList(0, head).clear();
            arrivals.subList(0, head).clear();
            head = 0;
        }
    }

    /** Ends every watcher (the storage is closing). */
    void end() {
        lock.lock();
        try {
            ended = true;
            eventsChanged.signalAll();
            revisionChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void wake() {
        lock.lock();
        try {
            eventsChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the cache has applied every change up to {@code rev}.
     *
     * @return false on timeout
     */
    boolean waitUntilFresh(long rev, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (revision < rev && !ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                revisionChanged.awaitNanos(left);
            }
            return revision >= rev;
        } finally {
            lock.unlock();
        }
    }

    /** The key's value in memory now, or null when absent. */
    KeyValue get(String key) {
        lock.lock();
        try {
            return store.get(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads from memory at {@code at}, or returns null when the snapshot in memory is not the one at
     * {@code at} (a change after it was applied, or {@code at} is not yet reached).
     *
     * @param at the revision to read at, or {@code 0} for whatever the cache holds now
     */
    RangeResult range(String keyPrefix, String startKey, int limit, long at) {
        lock.lock();
        try {
            if (at != 0 && (at < lastChange || at > revision)) {
                return null;
            }
            String from = startKey != null && compareUtf8(startKey, keyPrefix) > 0 ? startKey : keyPrefix;
            List<KeyValue> items = new ArrayList<>(limit > 0 ? Math.min(limit, 1024) : 16);
            boolean more = false;
            for (Map.Entry<String, KeyValue> entry : store.tailMap(from, true).entrySet()) {
                if (!entry.getKey().startsWith(keyPrefix)) {
                    break;
                }
                if (limit > 0 && items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(entry.getValue());
            }
            return new RangeResult(items, at != 0 ? at : revision, more);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts in memory the keys {@link #range} would return at {@code at}, or returns -1 when the
     * snapshot in memory is not the one at {@code at}.
     */
    long count(String keyPrefix, String startKey, long at) {
        lock.lock();
        try {
            if (at < lastChange || at > revision) {
                return -1;
            }
            String from = startKey != null && compareUtf8(startKey, keyPrefix) > 0 ? startKey : keyPrefix;
            long n = 0;
            for (String key : store.tailMap(from, true).keySet()) {
                if (!key.startsWith(keyPrefix)) {
                    break;
                }
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Registers a watcher after {@code afterRevision}; 410 when that is older than the window. */
    CacheWatcher watch(String keyPrefix, long afterRevision, WatchListener listener) {
        lock.lock();
        try {
            if (afterRevision < windowStart) {
                throw new CompactedException(afterRevision, windowStart);
            }
            return new CacheWatcher(this, keyPrefix, afterRevision, progressEpoch, listener);
        } finally {
            lock.unlock();
        }
    }

    /** What a watcher delivers next: events, the revision it is then caught up to, or an error. */
    record Batch(List<WatchEvent> events, long upTo, long progressEpoch, StorageException error, boolean ended) {
    }

    /**
     * Blocks until there is something after {@code cursor} for a watcher: events of {@code keyPrefix},
     * a progress notification, the end, or an error when the window has moved past the cursor.
     *
     * @return null when {@code closed} became true
     */
    Batch next(String keyPrefix, long cursor, long seenEpoch, int max, BooleanSupplier closed) throws StorageException {
        lock.lock();
        try {
            while (!closed.getAsBoolean() && !ended && progressEpoch == seenEpoch && !hasEventAfter(cursor)
                    && cursor >= windowStart) {
                eventsChanged.await(1, TimeUnit.SECONDS);
            }
            if (closed.getAsBoolean()) {
                return null;
            }
            if (cursor < windowStart) {
                return new Batch(List.of(), cursor, progressEpoch,
                        new CompactedException(cursor, windowStart), false);
            }
            List<WatchEvent> out = new ArrayList<>();
            int i = firstAfter(cursor);
            long upTo = cursor;
            for (; i < events.size() && out.size() < max; i++) {
                WatchEvent e = events.get(i);
                if (e.kv().key().startsWith(keyPrefix)) {
                    out.add(e);
                }
                upTo = e.revision();
            }
            if (i >= events.size()) {
                upTo = Math.max(upTo, revision); // nothing else of this prefix up to the cache's revision
            }
            return new Batch(out, upTo, progressEpoch, null, ended && i >= events.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasEventAfter(long cursor) {
        return size() > 0 && events.get(events.size() - 1).revision() > cursor;
    }

    private int firstAfter(long cursor) {
        int lo = head;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).revision() <= cursor) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /** Objects held, for metrics and benchmarks. */
    int objectCount() {
        lock.lock();
        try {
            return store.size();
        } finally {
            lock.unlock();
        }
    }

    /** Compares keys by their UTF-8 bytes, the order of every backend: code point order. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
