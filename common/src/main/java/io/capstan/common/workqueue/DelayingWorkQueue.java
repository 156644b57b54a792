package io.capstan.common.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DelayingQueue} decorating a {@link WorkQueue}: items wait in a heap ordered by ready time,
 * and one background thread moves them to the inner queue when their time comes.
 *
 * @param <T> the item type
 */
public final class DelayingWorkQueue<T> implements DelayingQueue<T> {
    private final WorkQueue<T> inner;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Waiting<T>> heap = new PriorityQueue<>();
    private final Map<T, Waiting<T>> waiting = new HashMap<>();
    private final Thread mover;
    private long sequence;
    private boolean stopped;

    private record Waiting<T>(T item, long readyAt, long seq) implements Comparable<Waiting<T>> {
        @Override
        public int compareTo(Waiting<T> o) {
            int c = Long.compare(readyAt, o.readyAt);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Wraps {@code inner}; starts the thread that releases waiting items. */
    public DelayingWorkQueue(WorkQueue<T> inner, Clock clock, String name) {
        this.inner = inner;
        this.clock = clock;
        clock.onAdvance(this::wake);
        this.mover = Thread.ofVirtual().name("workqueue-delay-" + name).start(this::moveReady);
    }

    @Override
    public void addAfter(T item, Duration delay) {
        if (inner.shuttingDown()) {
            return;
        }
        if (delay.isZero() || delay.isNegative()) {
            inner.add(item);
            return;
        }
        long readyAt = clock.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            Waiting<T> existing = waiting.get(item);
            if (existing != null) {
                if (existing.readyAt() <= readyAt) {
                    return; // already due no later
                }
                heap.remove(existing);
            }
            Waiting<T> w = new Waiting<>(item, readyAt, sequence++);
            waiting.put(item, w);
            heap.add(w);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void moveReady() {
        lock.lock();
        try {
            while (!stopped) {
                long now = clock.nanoTime();
                while (!heap.isEmpty() && heap.peek().readyAt() <= now) {
                    Waiting<T> w = heap.poll();
                    waiting.remove(w.item());
                    inner.add(w.item());
                }
                try {
                    if (heap.isEmpty()) {
                        changed.await();
                    } else {
                        changed.awaitNanos(heap.peek().readyAt() - now);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The number of items waiting for their delay to pass. */
    public int waitingLen() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void add(T item) {
        inner.add(item);
    }

    @Override
    public int len() {
        return inner.len();
    }

    @Override
    public T get() throws InterruptedException {
        return inner.get();
    }

    @Override
    public void done(T item) {
        inner.done(item);
    }

    @Override
    public void shutDown() {
        inner.shutDown();
        lock.lock();
        try {
            stopped = true;
            heap.clear();
            waiting.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean shuttingDown() {
        return inner.shuttingDown();
    }
}
