package io.capstan.apiserver.registry;

import io.capstan.apiserver.storage.Watch;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events of one API watch, queued between the storage watch (producer) and the HTTP response
 * (consumer). A consumer too slow to keep up with {@value #CAPACITY} pending events gets an error
 * event and the stream ends, as upstream's cacher drops watchers that fall behind.
 */
public final class WatchStream implements AutoCloseable {
    static final int CAPACITY = 10_000;
    private static final ApiWatchEvent END = new ApiWatchEvent(WatchEventType.ERROR, null, 0);

    private final LinkedBlockingQueue<ApiWatchEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicLong lastRevision = new AtomicLong();
    private volatile Watch storageWatch;
    private volatile boolean ended;

    WatchStream(long startRevision) {
        lastRevision.set(startRevision);
    }

    void attach(Watch w) {
        storageWatch = w;
        if (ended) {
            w.close();
        }
    }

    void offer(ApiWatchEvent e) {
        if (ended) {
            return;
        }
        if (queue.size() >= CAPACITY) {
            fail(Statuses.of(500, "InternalError", "watch consumer is too slow: more than " + CAPACITY + " events pending; restart the watch"));
            return;
        }
        queue.add(e);
    }

    /** Records that every change up to {@code revision} has been delivered (for bookmarks). */
    void progress(long revision) {
        lastRevision.accumulateAndGet(revision, Math::max);
    }

    /** Ends the stream with an ERROR event carrying {@code error}'s Status. */
    void fail(StatusException error) {
        if (!ended) {
            queue.add(new ApiWatchEvent(WatchEventType.ERROR, Json.MAPPER.valueToTree(error.status()), 0));
            end();
        }
    }

    /** Ends the stream after the events already queued. */
    public void end() {
        if (!ended) {
            ended = true;
            queue.add(END);
            Watch w = storageWatch;
            if (w != null) {
                w.close();
            }
        }
    }

    /**
     * The next event, waiting up to {@code timeoutMillis}.
     *
     * @return the event, {@code null} on timeout, or an event with a null object once the stream ended
     */
    public ApiWatchEvent poll(long timeoutMillis) throws InterruptedException {
        ApiWatchEvent e = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (e != null && e.revision() > 0) {
            lastRevision.accumulateAndGet(e.revision(), Math::max);
        }
        if (e == END) {
            queue.add(END); // stay ended for later polls
        }
        return e;
    }

    /** True once {@link #poll} returned the end marker or the stream was ended. */
    public boolean isEnd(ApiWatchEvent e) {
        return e == END;
    }

    /** The revision up to which every change has been delivered (for bookmarks). */
    public long lastRevision() {
        return lastRevision.get();
    }

    @Override
    public void close() {
        end();
    }
}
