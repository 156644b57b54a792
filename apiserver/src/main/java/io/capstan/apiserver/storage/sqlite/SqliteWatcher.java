package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.apiserver.storage.support.Keys;
import io.capstan.apiserver.storage.support.SerialListener;
import io.capstan.apiserver.storage.support.WatchQueue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One watch, delivered by its own virtual thread: first the rows after the start revision are read
 * from the table ("catch-up", in pages, each page on one snapshot that also checks compaction), then
 * live events come from the {@link WatchHub} queue.
 *
 * <p>When the listener is slower than the writers and the queue overflows, the watcher does not
 * fail: it re-attaches and catches up from the table again, starting after the last event it
 * delivered. Only if compaction has meanwhile removed that history does the listener get a
 * {@link CompactedException}, exactly as a watch from an old revision would.
 */
final class SqliteWatcher implements Watch {
    private static final Logger LOG = Logger.getLogger(SqliteWatcher.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final int PAGE_ROWS = 256;
    private static final long PAGE_BYTES = 8L << 20;

    private final long id = IDS.incrementAndGet();
    private final String prefix;
    private final byte[] from;
    private final byte[] end;
    private final WatchHub hub;
    private final Readers readers;
    private final long progressNanos;
    private final WatchQueue<WatchEvent> queue;
    private final SerialListener serial;
    private final long initialTarget;
    private volatile boolean closed;

    /** Attaches to the hub at once, so that "from now on" means the revision current at this call. */
    SqliteWatcher(String prefix, long afterRevision, WatchListener listener, WatchHub hub, Readers readers,
                  SqliteOptions options) {
        this.prefix = prefix;
        this.from = Keys.utf8(prefix);
        this.end = Keys.prefixEnd(from);
        this.hub = hub;
        this.readers = readers;
        this.progressNanos = options.progressInterval().toNanos();
        this.queue = new WatchQueue<>(options.watchQueueEvents(), options.watchQueueBytes(), SerialListener::sizeOf);
        this.initialTarget = hub.attach(this);
        this.serial = new SerialListener(listener, afterRevision == 0 ? initialTarget : afterRevision);
    }

    void start() {
        Thread.ofVirtual().name("capstan-sqlite-watch-" + id).start(this::run);
    }

    String prefix() {
        return prefix;
    }

    WatchQueue<WatchEvent> queue() {
        return queue;
    }

    @Override
    public void close() {
        closed = true;
        hub.forget(this);
        queue.wake();
        serial.close();
    }

    private void run() {
        long target = initialTarget;
        try {
            while (!stopped()) {
                catchUp(target);
                if (live()) {
                    break;
                }
                LOG.info(() -> "watch " + id + " on " + prefix + " fell behind (queue full after revision "
                        + serial.lastEventRevision() + "); re-reading from the table");
                target = hub.attach(this);
            }
        } catch (StorageException e) {
            serial.fail(e);
        } catch (InterruptedException e) {
            serial.fail(new StorageUnavailableException("watch interrupted", e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "watch " + id + " on " + prefix + " failed", e);
            serial.fail(new StorageException("watch failed: " + e, e));
        } finally {
            hub.detach(this);
        }
    }

    /** Delivers the table's rows after the last delivered event, up to {@code target}. */
    private void catchUp(long target) {
        long last = serial.lastEventRevision();
        while (last < target && !stopped()) {
            long after = last;
            Queries.Page page = readers.snapshot("watch catch-up", c -> {
                long compacted = Queries.meta(c, Schema.COMPACT_REVISION);
                if (after < compacted) {
                    throw new CompactedException(after, compacted);
                }
                return Queries.history(c, after, target, from, end, PAGE_ROWS, PAGE_BYTES);
            });
            for (Row row : page.rows()) {
                serial.deliver(row.toEvent());
            }
            last = page.more() ? page.rows().getLast().id() : target;
        }
    }

    /**
     * Delivers queued live events, with a progress notification whenever the watch was idle for the
     * progress interval.
     *
     * @return false when the queue overflowed and the watcher must catch up again
     */
    private boolean live() throws InterruptedException {
        while (!stopped()) {
            WatchEvent event = queue.poll(progressNanos, TimeUnit.NANOSECONDS);
            if (event != null) {
                serial.deliver(event);
                continue;
            }
            if (queue.overflowed()) {
                return false;
            }
            // Read the published revision before looking at the queue: the hub enqueues before it
            // advances the revision, so an empty queue now means every change up to it was delivered.
            long published = hub.published();
            if (!closed && queue.isEmpty() && !queue.overflowed()) {
                serial.progress(published);
            }
        }
        return true;
    }

    private boolean stopped() {
        return closed || serial.isDone();
    }
}
