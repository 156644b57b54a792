package io.capstan.common.workqueue;

import java.time.Duration;
import java.util.List;

/**
 * Decides how long an item waits before it is retried, as client-go's {@code workqueue.TypedRateLimiter}.
 *
 * @param <T> the item type
 */
public interface RateLimiter<T> {

    /** Records one more failure of {@code item} and returns how long it should wait. */
    Duration when(T item);

    /** Clears the item's history. */
    void forget(T item);

    /** How many failures of {@code item} were recorded since it was last forgotten. */
    int numRequeues(T item);

    /**
     * client-go's {@code DefaultControllerRateLimiter}: the slower of a per-item exponential back-off
     * (5ms doubling up to 1000s) and an overall token bucket (10 qps, bursts of 100).
     */
    static <T> RateLimiter<T> defaultControllerRateLimiter(Clock clock) {
        return new MaxOfRateLimiter<>(List.of(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new BucketRateLimiter<>(10, 100, clock)));
    }
}
