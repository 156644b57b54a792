package io.capstan.common.workqueue;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * A {@link RateLimitingQueue} decorating a {@link DelayingQueue} with a {@link RateLimiter}.
 *
 * @param <T> the item type
 */
public final class RateLimitingWorkQueue<T> implements RateLimitingQueue<T> {
    private final DelayingQueue<T> inner;
    private final RateLimiter<T> rateLimiter;
    private final WorkQueueMetrics metrics;

    private RateLimitingWorkQueue(DelayingQueue<T> inner, RateLimiter<T> rateLimiter, WorkQueueMetrics metrics) {
        this.inner = inner;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
    }

    /**
     * The full stack: a {@link FifoWorkQueue} in a {@link DelayingWorkQueue} in a rate-limiting queue.
     *
     * @param name        the {@code name} tag of the metrics
     * @param rateLimiter paces {@link #addRateLimited}
     * @param clock       the clock for delays and metrics
     * @param registry    where metrics go, or null for none
     */
    public static <T> RateLimitingWorkQueue<T> create(String name, RateLimiter<T> rateLimiter, Clock clock, MeterRegistry registry) {
        WorkQueueMetrics metrics = new WorkQueueMetrics(name, registry);
        FifoWorkQueue<T> fifo = new FifoWorkQueue<>(name, clock, registry);
        return new RateLimitingWorkQueue<>(new DelayingWorkQueue<>(fifo, clock, name), rateLimiter, metrics);
    }

    @Override
    public void addRateLimited(T item) {
        metrics.retried();
        inner.addAfter(item, rateLimiter.when(item));
    }

    @Override
    public void forget(T item) {
        rateLimiter.forget(item);
    }

    @Override
    public int numRequeues(T item) {
        return rateLimiter.numRequeues(item);
    }

    @Override
    public void addAfter(T item, Duration delay) {
        inner.addAfter(item, delay);
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
    }

    @Override
    public boolean shuttingDown() {
        return inner.shuttingDown();
    }
}
