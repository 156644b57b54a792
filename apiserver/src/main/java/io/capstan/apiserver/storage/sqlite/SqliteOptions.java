package io.capstan.apiserver.storage.sqlite;

import java.time.Duration;

/**
 * Tuning of {@link SqliteStorage}. {@link #defaults()} is what production should use.
 *
 * @param synchronous      how hard a commit waits for the disk
 * @param progressInterval how long a watch may be idle before it gets a progress notification
 * @param readConnections  size of the read connection pool (reads run in parallel with the writer)
 * @param compactBatchRows revisions compacted per transaction; writes interleave between batches
 * @param watchQueueEvents most live events buffered per watch before it falls back to re-reading history
 * @param watchQueueBytes  most bytes buffered per watch, same fallback
 */
public record SqliteOptions(
        Synchronous synchronous,
        Duration progressInterval,
        int readConnections,
        int compactBatchRows,
        int watchQueueEvents,
        long watchQueueBytes) {

    /** SQLite's {@code PRAGMA synchronous}, restricted to the two settings that are safe with WAL. */
    public enum Synchronous {
        /** fsync on every commit: an acknowledged write survives power loss. The default. */
        FULL,
        /**
         * fsync only at checkpoints: an acknowledged write survives a process crash (kill -9) but the
         * last commits may be lost on power loss or an OS crash. Faster; meant for tests and dev.
         */
        NORMAL
    }

    public SqliteOptions {
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("progressInterval must be positive");
        }
        if (readConnections < 1 || compactBatchRows < 1 || watchQueueEvents < 1 || watchQueueBytes < 1) {
            throw new IllegalArgumentException("pool, batch and queue sizes must be positive");
        }
    }

    /** FULL durability, 1 s progress, 4 readers, 500-revision compaction batches, 10 000 events / 64 MiB per watch. */
    public static SqliteOptions defaults() {
        return new SqliteOptions(Synchronous.FULL, Duration.ofSeconds(1), 4, 500, 10_000, 64L << 20);
    }

    public SqliteOptions withSynchronous(Synchronous value) {
        return new SqliteOptions(value, progressInterval, readConnections, compactBatchRows, watchQueueEvents, watchQueueBytes);
    }

    public SqliteOptions withProgressInterval(Duration value) {
        return new SqliteOptions(synchronous, value, readConnections, compactBatchRows, watchQueueEvents, watchQueueBytes);
    }

    public SqliteOptions withCompactBatchRows(int value) {
        return new SqliteOptions(synchronous, progressInterval, readConnections, value, watchQueueEvents, watchQueueBytes);
    }

    public SqliteOptions withWatchQueue(int events, long bytes) {
        return new SqliteOptions(synchronous, progressInterval, readConnections, compactBatchRows, events, bytes);
    }
}
