package io.capstan.apiserver.storage.cache;

import java.time.Duration;

/**
 * How much history a {@link WatchCache} keeps and how long a consistent read waits for it.
 *
 * @param minEvents             events kept per resource whatever their age (upstream's default cache size, 100)
 * @param maxEvents             events kept per resource at most (upstream's dynamic-size ceiling, 100 × 1024)
 * @param eventFreshDuration    events younger than this are kept while fewer than {@code maxEvents}
 *                              (upstream's {@code eventFreshDuration}, 75 s)
 * @param consistentReadTimeout how long a read at the current revision waits for the cache to catch
 *                              up before it falls back to storage (upstream's 3 s)
 */
public record WatchCacheOptions(int minEvents, int maxEvents, Duration eventFreshDuration, Duration consistentReadTimeout) {

    public WatchCacheOptions {
        if (minEvents < 1 || maxEvents < minEvents) {
            throw new IllegalArgumentException("need 1 <= minEvents <= maxEvents, got " + minEvents + ", " + maxEvents);
        }
        if (eventFreshDuration.isNegative() || consistentReadTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Upstream's values: 100 to 102 400 events, 75 s fresh, 3 s consistent-read wait. */
    public static WatchCacheOptions defaults() {
        return new WatchCacheOptions(100, 100 * 1024, Duration.ofSeconds(75), Duration.ofSeconds(3));
    }

    public WatchCacheOptions withWindow(int min, int max, Duration fresh) {
        return new WatchCacheOptions(min, max, fresh, consistentReadTimeout);
    }
}
