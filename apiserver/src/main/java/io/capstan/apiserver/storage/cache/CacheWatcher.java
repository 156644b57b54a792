package io.capstan.apiserver.storage.cache;

import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client watch served by a {@link Cacher}. It holds no queue of its own: it keeps a cursor (the
 * revision up to which it has delivered) and reads the cacher's event window after it on its own
 * virtual thread, so a slow listener never slows the cache or other watchers. A listener that falls
 * so far behind that the window has moved past its cursor gets a {@code CompactedException} (410),
 * as upstream's cacher terminates watchers that cannot keep up.
 */
final class CacheWatcher implements Watch {
    private static final Logger LOG = Logger.getLogger(CacheWatcher.class.getName());
    private static final int BATCH = 1_000;

    private final Cacher cacher;
    private final String prefix;
    private final WatchListener listener;
    private volatile boolean closed;
    private volatile Thread thread;
    private long cursor;
    private long progressEpoch;

    CacheWatcher(Cacher cacher, String prefix, long afterRevision, long progressEpoch, WatchListener listener) {
        this.cacher = cacher;
        this.prefix = prefix;
        this.cursor = afterRevision;
        this.progressEpoch = progressEpoch;
        this.listener = listener;
    }

    void start() {
        thread = Thread.ofVirtual().name("watch-cache " + prefix).start(this::run);
    }

    private void run() {
        try {
            while (!closed) {
                Cacher.Batch batch = cacher.next(prefix, cursor, progressEpoch, BATCH, () -> closed);
                if (closed || batch == null) {
                    break;
                }
                if (batch.error() != null) {
                    listener.onError(batch.error());
                    return;
                }
                List<WatchEvent> events = batch.events();
                for (WatchEvent e : events) {
                    if (closed) {
                        break;
                    }
                    listener.onEvent(e);
                }
                cursor = batch.upTo();
                // The delegate reported progress: pass on the cache's own revision, which this
                // watcher has now caught up with, so that bookmarks keep flowing on idle watches.
                if (batch.progressEpoch() != progressEpoch && !closed) {
                    listener.onProgress(cursor);
                }
                progressEpoch = batch.progressEpoch();
                if (batch.ended()) {
                    break;
                }
            }
            listener.onClosed();
        } catch (StorageException e) {
            listener.onError(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "watch listener failed; ending the watch on " + prefix, e);
            listener.onClosed();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cacher.wake();
        Thread t = thread;
        // "No event is delivered after close returns": wait for an in-flight delivery, unless the
        // listener itself closes its watch from inside a callback.
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
