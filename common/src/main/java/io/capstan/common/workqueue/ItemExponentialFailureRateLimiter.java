package io.capstan.common.workqueue;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-item exponential back-off: the n-th failure (from 0) waits {@code base * 2^n}, at most {@code max}.
 *
 * @param <T> the item type
 */
public final class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
    private final Duration base;
    private final Duration max;
    private final ConcurrentHashMap<T, Integer> failures = new ConcurrentHashMap<>();

    public ItemExponentialFailureRateLimiter(Duration base, Duration max) {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= max");
        }
        this.base = base;
        this.max = max;
    }

    @Override
    public Duration when(T item) {
        int exp = failures.merge(item, 1, Integer::sum) - 1;
        // 2^62 nanoseconds overflows nothing below; beyond it we are far past any sane max.
        if (exp >= 62) {
            return max;
        }
        double nanos = base.toNanos() * Math.pow(2, exp);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    @Override
    public void forget(T item) {
        failures.remove(item);
    }

    @Override
    public int numRequeues(T item) {
        return failures.getOrDefault(item, 0);
    }
}
