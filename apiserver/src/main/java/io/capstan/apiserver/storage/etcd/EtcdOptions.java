package io.capstan.apiserver.storage.etcd;

import java.time.Duration;

/**
 * Tuning of {@link EtcdStorage}. {@link #defaults()} is what production should use.
 *
 * @param requestTimeout   bound on every call; past it the call fails with StorageUnavailableException
 * @param progressInterval how long a watch may be idle before it asks etcd for a progress notification
 * @param watchQueueEvents most events buffered per watch before it re-watches from its last event
 * @param watchQueueBytes  most bytes buffered per watch, same fallback
 * @param maxRetryBackoff  longest pause between attempts to re-establish a broken watch
 */
public record EtcdOptions(
        Duration requestTimeout,
        Duration progressInterval,
        int watchQueueEvents,
        long watchQueueBytes,
        Duration maxRetryBackoff) {

    public EtcdOptions {
        for (Duration d : new Duration[] {requestTimeout, progressInterval, maxRetryBackoff}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive");
            }
        }
        if (watchQueueEvents < 1 || watchQueueBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
    }

    /** 10 s requests, 1 s progress, 10 000 events / 64 MiB per watch, re-watch backoff up to 5 s. */
    public static EtcdOptions defaults() {
        return new EtcdOptions(Duration.ofSeconds(10), Duration.ofSeconds(1), 10_000, 64L << 20, Duration.ofSeconds(5));
    }

    public EtcdOptions withRequestTimeout(Duration value) {
        return new EtcdOptions(value, progressInterval, watchQueueEvents, watchQueueBytes, maxRetryBackoff);
    }

    public EtcdOptions withProgressInterval(Duration value) {
        return new EtcdOptions(requestTimeout, value, watchQueueEvents, watchQueueBytes, maxRetryBackoff);
    }

    public EtcdOptions withWatchQueue(int events, long bytes) {
        return new EtcdOptions(requestTimeout, progressInterval, events, bytes, maxRetryBackoff);
    }

    public EtcdOptions withMaxRetryBackoff(Duration value) {
        return new EtcdOptions(requestTimeout, progressInterval, watchQueueEvents, watchQueueBytes, value);
    }
}
