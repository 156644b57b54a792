package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.FutureRevisionException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Compaction in two steps. First the compacted revision is recorded (one tiny transaction), from
 * which point reads and watches below it fail; then the superseded rows are deleted in batches of
 * {@code compactBatchRows} revisions, each batch its own short transaction under the write lock, so
 * writers queue behind at most one batch. The batch cursor is persisted with each batch, so work
 * interrupted by a crash resumes with the next {@code compact} call.
 */
final class Compactor {
    private static final Logger LOG = Logger.getLogger(Compactor.class.getName());

    private final Connection writer;
    private final ReentrantLock writeLock;
    private final LongSupplier currentRevision;
    private final BooleanSupplier closed;
    private final int batchRows;
    // Only one compaction runs at a time; writes are not blocked by this lock.
    private final ReentrantLock compactLock = new ReentrantLock();
    private volatile long compactRevision;

    Compactor(Connection writer, ReentrantLock writeLock, LongSupplier currentRevision, BooleanSupplier closed,
              int batchRows) throws SQLException {
        this.writer = writer;
        this.writeLock = writeLock;
        this.currentRevision = currentRevision;
        this.closed = closed;
        this.batchRows = batchRows;
        this.compactRevision = Queries.meta(writer, Schema.COMPACT_REVISION);
    }

    /** The compacted revision: reads below it fail. */
    long compactRevision() {
        return compactRevision;
    }

    /** Compacts up to {@code revision}; a revision at or below the compacted one only finishes earlier work. */
    void compact(long revision) throws SQLException {
        compactLock.lock();
        try {
            long target;
            long cursor;
            writeLock.lock();
            try {
                if (closed.getAsBoolean()) {
                    throw SqlErrors.closed();
                }
                long current = currentRevision.getAsLong();
                if (revision > current) {
                    throw new FutureRevisionException(revision, current);
                }
                if (revision > compactRevision) {
                    Queries.transaction(writer, "BEGIN IMMEDIATE", w -> {
                        Queries.setMeta(w, Schema.COMPACT_REVISION, revision);
                        return null;
                    });
                    compactRevision = revision;
                }
                target = compactRevision;
                cursor = Queries.meta(writer, Schema.COMPACT_CURSOR);
            } finally {
                writeLock.unlock();
            }
            deleteSuperseded(cursor, target);
        } finally {
            compactLock.unlock();
        }
    }

    private void deleteSuperseded(long cursor, long target) throws SQLException {
        if (cursor >= target) {
            return;
        }
        long started = System.nanoTime();
        long first = cursor;
        int deleted = 0;
        while (cursor < target) {
            long upTo = Math.min(target, cursor + batchRows);
            long after = cursor;
            writeLock.lock();
            try {
                if (closed.getAsBoolean()) {
                    LOG.info("storage closed during compaction; it resumes at revision " + cursor + " next time");
                    return;
                }
                deleted += Queries.transaction(writer, "BEGIN IMMEDIATE", w -> {
                    int rows = Queries.compact(w, after, upTo);
                    Queries.setMeta(w, Schema.COMPACT_CURSOR, upTo);
                    return rows;
                });
            } finally {
                writeLock.unlock();
            }
            cursor = upTo;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int total = deleted;
        LOG.info(() -> "compacted revisions " + first + ".." + target + ": deleted " + total + " rows in " + millis + " ms");
    }
}
