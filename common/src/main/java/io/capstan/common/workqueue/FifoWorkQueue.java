package io.capstan.common.workqueue;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The basic {@link WorkQueue}: first in, first out, with client-go's dirty and processing sets.
 *
 * @param <T> the item type
 */
public final class FifoWorkQueue<T> implements WorkQueue<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    /** Items that need processing: queued, or added again while processing. */
    private final Set<T> dirty = new HashSet<>();
    private final Set<T> processing = new HashSet<>();
    private final Map<T, Long> addedAt = new HashMap<>();
    private final Map<T, Long> startedAt = new HashMap<>();
    private final Clock clock;
    private final WorkQueueMetrics metrics;
    private boolean shuttingDown;

    /**
     * @param name     the {@code name} tag of the queue's metrics
     * @param clock    the clock metrics are measured with
     * @param registry where metrics go, or null for none
     */
    public FifoWorkQueue(String name, Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.metrics = new WorkQueueMetrics(name, registry);
        metrics.gauges(this, FifoWorkQueue::len, this::unfinishedSeconds, this::longestRunningSeconds);
    }

    @Override
    public void add(T item) {
        lock.lock();
        try {
            if (shuttingDown || dirty.contains(item)) {
                return;
            }
            metrics.added();
            dirty.add(item);
            addedAt.putIfAbsent(item, clock.nanoTime());
            if (processing.contains(item)) {
                return;
            }
            queue.addLast(item);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                available.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            T item = queue.pollFirst();
            long now = clock.nanoTime();
            Long added = addedAt.remove(item);
            if (added != null) {
                metrics.waited(now - added);
            }
            startedAt.put(item, now);
            processing.add(item);
            dirty.remove(item);
            return item;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void done(T item) {
        lock.lock();
        try {
            if (!processing.remove(item)) {
                return;
            }
            Long started = startedAt.remove(item);
            if (started != null) {
                metrics.worked(clock.nanoTime() - started);
            }
            if (dirty.contains(item)) {
                queue.addLast(item);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean shuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    private double unfinishedSeconds() {
        lock.lock();
        try {
            long now = clock.nanoTime();
            return startedAt.values().stream().mapToLong(s -> now - s).sum() / 1e9;
        } finally {
            lock.unlock();
        }
    }

    private double longestRunningSeconds() {
        lock.lock();
        try {
            long now = clock.nanoTime();
            return startedAt.values().stream().mapToLong(s -> now - s).max().orElse(0) / 1e9;
        } finally {
            lock.unlock();
        }
    }
}
