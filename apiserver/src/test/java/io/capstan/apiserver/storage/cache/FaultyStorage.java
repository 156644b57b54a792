package io.capstan.apiserver.storage.cache;

import io.capstan.apiserver.storage.DeleteResult;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test decorator that counts the reads and watches reaching the real storage and can break its
 * watches or silently drop their events, to see how the {@link WatchCache} above it copes.
 */
final class FaultyStorage implements Storage {
    private final Storage delegate;
    private final AtomicInteger ranges = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger watches = new AtomicInteger();
    private final List<Broken> active = new CopyOnWriteArrayList<>();
    private volatile boolean dropEvents;

    FaultyStorage(Storage delegate) {
        this.delegate = delegate;
    }

    int rangeCalls() {
        return ranges.get();
    }

    /** Reads other than ranges that reached this storage: gets and counts. */
    int readCalls() {
        return reads.get();
    }

    int watchCalls() {
        return watches.get();
    }

    /** While true, watch events are lost on the way (a gap the cache cannot see). */
    void dropEvents(boolean drop) {
        dropEvents = drop;
    }

    /** Ends every open watch with {@code error}, as a storage watch that breaks. */
    void breakWatches(StorageException error) {
        for (Broken b : active) {
            active.remove(b);
            b.dead.set(true); // nothing from the old watch reaches the listener any more
            b.watch[0].close();
            b.listener.onError(error);
        }
    }

    private record Broken(Watch[] watch, WatchListener listener, AtomicBoolean dead) {
    }

    @Override
    public KeyValue get(String key) {
        reads.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public long count(String prefix, String startKey, long revision) {
        reads.incrementAndGet();
        return delegate.count(prefix, startKey, revision);
    }

    @Override
    public RangeResult range(String prefix, String startKey, int limit, long revision) {
        ranges.incrementAndGet();
        return delegate.range(prefix, startKey, limit, revision);
    }

    @Override
    public long create(String key, byte[] value) {
        return delegate.create(key, value);
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        return delegate.update(key, value, expectedModRevision);
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        return delegate.delete(key, expectedModRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        watches.incrementAndGet();
        AtomicBoolean dead = new AtomicBoolean();
        Watch[] handle = new Watch[1];
        Broken b = new Broken(handle, listener, dead);
        handle[0] = delegate.watch(prefix, afterRevision, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                if (!dropEvents && !dead.get()) {
                    listener.onEvent(event);
                }
            }

            @Override
            public void onProgress(long revision) {
                if (!dropEvents && !dead.get()) {
                    listener.onProgress(revision);
                }
            }

            @Override
            public void onError(StorageException error) {
                if (!dead.get()) {
                    listener.onError(error);
                }
            }

            @Override
            public void onClosed() {
                if (!dead.get()) {
                    listener.onClosed();
                }
            }
        });
        active.add(b);
        return handle[0];
    }

    @Override
    public void compact(long revision) {
        delegate.compact(revision);
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
