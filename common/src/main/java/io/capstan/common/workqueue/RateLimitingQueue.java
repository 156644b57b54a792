package io.capstan.common.workqueue;

/**
 * A {@link DelayingQueue} whose retries are paced by a {@link RateLimiter}: a controller calls
 * {@link #addRateLimited} after a failure and {@link #forget} after a success.
 *
 * @param <T> the item type
 */
public interface RateLimitingQueue<T> extends DelayingQueue<T> {

    /** Adds {@code item} after the delay the rate limiter assigns it. */
    void addRateLimited(T item);

    /** Clears the item's failure history (does not remove it from the queue). */
    void forget(T item);

    /** How many times the item has been rate-limited since it was last forgotten. */
    int numRequeues(T item);
}
