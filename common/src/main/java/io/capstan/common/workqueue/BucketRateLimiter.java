package io.capstan.common.workqueue;

import io.capstan.common.client.TokenBucket;

import java.time.Duration;

/**
 * An overall token bucket shared by all items: it bounds the retry rate of the whole queue, not of
 * one item. It keeps no per-item history.
 *
 * @param <T> the item type
 */
public final class BucketRateLimiter<T> implements RateLimiter<T> {
    private final TokenBucket bucket;

    /**
     * @param qps   refill rate
     * @param burst bucket size
     */
    public BucketRateLimiter(double qps, int burst, Clock clock) {
        this.bucket = new TokenBucket(qps, burst, clock::nanoTime);
    }

    @Override
    public Duration when(T item) {
        return bucket.reserve();
    }

    @Override
    public void forget(T item) {
    }

    @Override
    public int numRequeues(T item) {
        return 0;
    }
}
