package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.StorageUnavailableException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fixed pool of read connections. In WAL mode readers never block the writer nor each other, and
 * a read transaction sees one snapshot, which is what makes "check the compacted revision, then
 * read" consistent.
 */
final class Readers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Readers.class.getName());

    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    Readers(Path file, SqliteOptions options) throws SQLException {
        idle = new ArrayBlockingQueue<>(options.readConnections());
        try {
            for (int i = 0; i < options.readConnections(); i++) {
                Connection c = Schema.open(file, options);
                Queries.exec(c, "PRAGMA query_only = 1");
                all.add(c);
                idle.add(c);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /** Runs one statement (or several) outside an explicit transaction. */
    <T> T read(String what, SqlFunction<T> work) {
        Connection c = take();
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw SqlErrors.map(what, e);
        } finally {
            idle.add(c);
        }
    }

    /** Runs several statements on one consistent snapshot. */
    <T> T snapshot(String what, SqlFunction<T> work) {
        return read(what, c -> Queries.transaction(c, "BEGIN", work));
    }

    private Connection take() {
        if (closed) {
            throw SqlErrors.closed();
        }
        try {
            Connection c = idle.take();
            if (closed) {
                idle.add(c);
                throw SqlErrors.closed();
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while waiting for a read connection", e);
        }
    }

    /**
     * Closes the connections, first waiting a little for borrowed ones to come back so that a
     * statement still running (say, a watch catching up) finishes instead of failing mid-way.
     */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        for (int returned = 0; returned < all.size(); returned++) {
            try {
                if (idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) == null) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing a read connection failed", e);
            }
        }
    }
}
