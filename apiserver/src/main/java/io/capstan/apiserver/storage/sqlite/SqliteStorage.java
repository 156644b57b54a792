package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.ConflictException;
import io.capstan.apiserver.storage.DeleteResult;
import io.capstan.apiserver.storage.FutureRevisionException;
import io.capstan.apiserver.storage.KeyExistsException;
import io.capstan.apiserver.storage.KeyNotFoundException;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.apiserver.storage.support.Keys;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded default backend: one SQLite database file in WAL mode, laid out as kine's
 * log-structured table (see {@link Schema}). Writes are serialised in-process by one lock on one
 * connection; reads use a pool of connections and never wait for the writer. After each commit the
 * new row is published to the watches (see {@link WatchHub}, {@link SqliteWatcher}).
 *
 * <p>One process owns the file: revisions are assigned in memory under the write lock, so two
 * processes writing the same file would collide (their inserts fail; nothing is corrupted).
 */
public final class SqliteStorage implements Storage {
    private static final Logger LOG = Logger.getLogger(SqliteStorage.class.getName());

    private final SqliteOptions options;
    private final Connection writer;
    // Fair, so that a compaction batch re-acquiring the lock queues behind waiting writers.
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Readers readers;
    private final WatchHub hub;
    private final Compactor compactor;
    // Written only under writeLock, after the commit.
    private volatile long revision;
    private volatile boolean closed;

    /** Opens (creating if needed) the database file with {@link SqliteOptions#defaults()}. */
    public SqliteStorage(Path file) {
        this(file, SqliteOptions.defaults());
    }

    /** Opens (creating if needed) the database file; its parent directory must exist. */
    public SqliteStorage(Path file, SqliteOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        Connection w = null;
        Readers r = null;
        try {
            w = Schema.open(file, options);
            Schema.create(w);
            this.revision = Queries.sequence(w);
            r = new Readers(file, options);
            this.compactor = new Compactor(w, writeLock, () -> revision, () -> closed, options.compactBatchRows());
        } catch (SQLException e) {
            closeQuietly(w);
            if (r != null) {
                r.close();
            }
            throw SqlErrors.map("open " + file, e);
        }
        this.writer = w;
        this.readers = r;
        this.hub = new WatchHub(revision);
        LOG.info(() -> "opened " + file + " at revision " + revision + " (synchronous=" + options.synchronous() + ")");
    }

    @Override
    public KeyValue get(String key) {
        Objects.requireNonNull(key, "key");
        return readers.read("get " + key, c -> {
            Row row = Queries.latest(c, key);
            return row == null || row.deleted() ? null : row.toKeyValue();
        });
    }

    @Override
    public RangeResult range(String prefix, String startKey, int limit, long revision) {
        Objects.requireNonNull(prefix, "prefix");
        Keys.requireWithinPrefix(prefix, startKey);
        if (limit < 0 || revision < 0) {
            throw new IllegalArgumentException("limit and revision must not be negative");
        }
        byte[] from = Keys.utf8(startKey == null ? prefix : startKey);
        byte[] end = Keys.prefixEnd(Keys.utf8(prefix));
        return readers.snapshot("range " + prefix, c -> {
            long at = readableRevision(c, revision);
            // One row more than asked tells whether another page follows.
            List<Row> rows = Queries.range(c, from, end, at, limit == 0 ? 0 : limit + 1);
            boolean more = limit > 0 && rows.size() > limit;
            List<KeyValue> items = (more ? rows.subList(0, limit) : rows).stream().map(Row::toKeyValue).toList();
            return new RangeResult(items, at, more);
        });
    }

    @Override
    public long count(String prefix, String startKey, long revision) {
        Keys.requireCountable(prefix, startKey, revision);
        byte[] from = Keys.utf8(startKey == null ? prefix : startKey);
        byte[] end = Keys.prefixEnd(Keys.utf8(prefix));
        return readers.snapshot("count " + prefix, c -> Queries.count(c, from, end, readableRevision(c, revision)));
    }

    /** {@code revision}, or the current one for 0, if it is neither compacted nor in the future. */
    private static long readableRevision(java.sql.Connection c, long revision) throws java.sql.SQLException {
        long current = Queries.sequence(c);
        long compacted = Queries.meta(c, Schema.COMPACT_REVISION);
        long at = revision == 0 ? current : revision;
        if (at > current) {
            throw new FutureRevisionException(revision, current);
        }
        if (at < compacted) {
            throw new CompactedException(revision, compacted);
        }
        return at;
    }

    @Override
    public long create(String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        return write(key, (current, next) -> {
            if (current != null && !current.deleted()) {
                throw new KeyExistsException(key);
            }
            return Row.creation(next, key, current == null ? 0 : current.id(), value);
        }).id();
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        Objects.requireNonNull(value, "value");
        return write(key, (current, next) -> {
            Row live = requireLive(key, current);
            requireModRevision(live, expectedModRevision);
            return live.update(next, value);
        }).id();
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        Row[] deleted = new Row[1];
        Row tombstone = write(key, (current, next) -> {
            Row live = requireLive(key, current);
            if (expectedModRevision != 0) {
                requireModRevision(live, expectedModRevision);
            }
            deleted[0] = live;
            return live.deletion(next);
        });
        return new DeleteResult(deleted[0].toKeyValue(), tombstone.id());
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (afterRevision < 0) {
            throw new IllegalArgumentException("afterRevision must not be negative");
        }
        ensureOpen();
        long compacted = compactor.compactRevision();
        if (afterRevision != 0 && afterRevision < compacted) {
            throw new CompactedException(afterRevision, compacted);
        }
        // A compaction racing past afterRevision after this check is caught by the watcher's
        // catch-up, which re-checks on the snapshot it reads, and then ends with onError.
        SqliteWatcher watcher = new SqliteWatcher(prefix, afterRevision, listener, hub, readers, options);
        watcher.start();
        return watcher;
    }

    @Override
    public void compact(long revision) {
        try {
            compactor.compact(revision);
        } catch (SQLException e) {
            throw SqlErrors.map("compact " + revision, e);
        }
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return revision;
    }

    /** The compacted revision: reads and watches below it fail with {@link CompactedException}. */
    public long compactedRevision() {
        return compactor.compactRevision();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SqliteWatcher watcher : hub.open()) {
            watcher.close();
        }
        writeLock.lock();
        try {
            readers.close();
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
        LOG.fine("closed sqlite storage");
    }

    /** Decides the row a write inserts, given the key's newest row; throws to refuse the write. */
    @FunctionalInterface
    private interface Mutation {
        Row apply(Row current, long nextRevision);
    }

    private Row write(String key, Mutation mutation) {
        Objects.requireNonNull(key, "key");
        writeLock.lock();
        try {
            ensureOpen();
            long next = revision + 1;
            Row row;
            try {
                row = Queries.transaction(writer, "BEGIN IMMEDIATE", c -> {
                    Row decided = mutation.apply(Queries.latest(c, key), next);
                    Queries.insert(c, decided);
                    return decided;
                });
            } catch (SQLException e) {
                throw SqlErrors.map("write " + key, e);
            }
            revision = next;
            hub.publish(row.toEvent());
            return row;
        } finally {
            writeLock.unlock();
        }
    }

    private static Row requireLive(String key, Row current) {
        if (current == null || current.deleted()) {
            throw new KeyNotFoundException(key);
        }
        return current;
    }

    private static void requireModRevision(Row live, long expectedModRevision) {
        if (live.id() != expectedModRevision) {
            throw new ConflictException(live.toKeyValue());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw SqlErrors.closed();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing a connection failed", e);
        }
    }

    @Override
    public String toString() {
        return "SqliteStorage[revision=" + revision + ", compacted=" + compactor.compactRevision() + "]";
    }
}
