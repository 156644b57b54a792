package io.capstan.common.workqueue;

import java.time.Duration;

/**
 * A {@link WorkQueue} that can also add an item later. Adding the same item again with a shorter delay
 * brings it forward; a longer delay does not push it back (as client-go).
 *
 * @param <T> the item type
 */
public interface DelayingQueue<T> extends WorkQueue<T> {

    /** Adds {@code item} once {@code delay} has passed; at once when the delay is zero or negative. */
    void addAfter(T item, Duration delay);
}
