package io.capstan.apiserver.storage.support;

import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;

import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps a {@link WatchListener} so that the backends keep its promises: calls never overlap, no
 * call follows {@code onError}/{@code onClosed}, no event at or below the watch's start revision
 * or older than one already delivered is passed on, and progress never goes backwards.
 *
 * <p>{@link #close()} takes the same lock as a delivery, so once it returns no further event can
 * be delivered; that is what lets {@code Watch.close()} promise silence after it returns.
 */
public final class SerialListener {
    private static final Logger LOG = Logger.getLogger(SerialListener.class.getName());

    private final WatchListener listener;
    private final long afterRevision;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean done;
    private volatile long lastEventRevision;
    private long lastProgress;

    /**
     * @param listener      the listener to protect
     * @param afterRevision the watch delivers only events with a greater revision
     */
    public SerialListener(WatchListener listener, long afterRevision) {
        this.listener = listener;
        this.afterRevision = afterRevision;
        this.lastEventRevision = afterRevision;
        this.lastProgress = afterRevision;
    }

    /**
     * Passes an event on, unless the watch has ended or the event is a replay.
     *
     * @return false when the watch has ended
     */
    public boolean deliver(WatchEvent event) {
        lock.lock();
        try {
            if (done) {
                return false;
            }
            long revision = event.revision();
            if (revision <= afterRevision) {
                return true;
            }
            if (revision < lastEventRevision) {
                // A backend bug would show up here as a duplicate; dropping keeps the listener's view sane.
                LOG.warning(() -> "dropping out-of-order watch event at revision " + revision
                        + " after " + lastEventRevision + " for " + event.kv().key());
                return true;
            }
            if (revision < lastProgress) {
                LOG.warning(() -> "watch event at revision " + revision + " arrived after progress " + lastProgress);
            }
            lastEventRevision = revision;
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                // A listener bug must not kill the stream for everyone; the listener owns the consequences.
                LOG.log(Level.SEVERE, "watch listener failed on event at revision " + revision, e);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Passes a progress notification on if it does not go backwards. */
    public void progress(long revision) {
        lock.lock();
        try {
            if (done || revision < lastProgress || revision < lastEventRevision) {
                return;
            }
            lastProgress = revision;
            try {
                listener.onProgress(revision);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "watch listener failed on progress " + revision, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the watch with an error; later calls are ignored. */
    public void fail(StorageException error) {
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            try {
                listener.onError(error);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "watch listener failed in onError", e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the watch normally; waits for a delivery in progress; later calls are ignored. */
    public void close() {
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            try {
                listener.onClosed();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "watch listener failed in onClosed", e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once the watch has ended. */
    public boolean isDone() {
        return done;
    }

    /** The revision of the last delivered event, or the start revision; resuming after it loses nothing. */
    public long lastEventRevision() {
        return lastEventRevision;
    }

    /** Approximate memory held by an event, for bounding watch queues. */
    public static long sizeOf(WatchEvent event) {
        long size = 64 + 2L * event.kv().key().length();
        size += event.kv().value() == null ? 0 : event.kv().value().length;
        if (event.prevKv() != null && event.prevKv().value() != event.kv().value()) {
            size += event.prevKv().value() == null ? 0 : event.prevKv().value().length;
        }
        return size;
    }
}
