package io.capstan.apiserver.storage.support;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * A watch's bounded hand-off between the thread that produces its events (a writer, or the etcd
 * client) and the watch's own delivery thread, so that a slow listener never blocks a producer.
 *
 * <p>The queue is bounded by item count and by approximate bytes. When an item does not fit, the
 * queue enters the <em>overflowed</em> state and refuses every further item until {@link #reset()}.
 * What it already holds is still handed out, so the consumer delivers those items, then notices
 * ({@link #poll} returns {@code null} and {@link #overflowed()} is true) and re-reads the refused
 * changes from the backend's history, starting after the last item it delivered. An overflow thus
 * costs a re-read, never an event, and every round delivers at least a full queue, so a consumer
 * slower than the producers still makes progress.
 *
 * @param <T> the item type
 */
public final class WatchQueue<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ToLongFunction<T> weigher;
    private final int maxItems;
    private final long maxBytes;
    private long bytes;
    private boolean overflowed;
    private boolean woken;

    /**
     * @param maxItems most items held at once
     * @param maxBytes most bytes held at once (as the weigher counts them); one item larger than
     *                 this is still accepted into an empty queue so that big values can pass
     * @param weigher  approximate size of an item in bytes
     */
    public WatchQueue(int maxItems, long maxBytes, ToLongFunction<T> weigher) {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.weigher = weigher;
    }

    /**
     * Appends an item if it fits.
     *
     * @return false when the queue is (or just became) overflowed; the item was not queued, and no
     *         later one will be until {@link #reset()}, so the order of accepted items has no gaps
     */
    public boolean offer(T item) {
        long weight = weigher.applyAsLong(item);
        lock.lock();
        try {
            if (overflowed) {
                return false;
            }
            boolean fits = items.size() < maxItems && (items.isEmpty() || bytes + weight <= maxBytes);
            if (!fits) {
                overflowed = true;
                changed.signalAll();
                return false;
            }
            items.addLast(item);
            bytes += weight;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a control item (an error or a disconnect mark) regardless of the bounds; such items
     * are few and must not be lost. Refused only while overflowed, when the consumer re-reads anyway.
     */
    public boolean offerControl(T item) {
        lock.lock();
        try {
            if (overflowed) {
                return false;
            }
            items.addLast(item);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest item, waiting up to the timeout.
     *
     * @return the item, or {@code null} on timeout, on {@link #wake()}, or when overflowed and empty
     */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (items.isEmpty() && !overflowed && !woken && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            woken = false;
            T item = items.pollFirst();
            if (item != null) {
                bytes -= weigher.applyAsLong(item);
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** True when nothing is queued. */
    public boolean isEmpty() {
        lock.lock();
        try {
            return items.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** True after an item did not fit, until {@link #reset()}. */
    public boolean overflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the queue and accepts items again. */
    public void reset() {
        lock.lock();
        try {
            items.clear();
            bytes = 0;
            overflowed = false;
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting (or the next) {@link #poll} return at once, e.g. because the watch was closed. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
