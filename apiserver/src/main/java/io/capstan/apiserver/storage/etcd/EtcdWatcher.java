package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.apiserver.storage.support.SerialListener;
import io.capstan.apiserver.storage.support.WatchQueue;
import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCreateRequest;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One watch on etcd. The stream's callbacks only convert and enqueue; a virtual thread per watch
 * delivers from the queue, so a slow listener never stalls the gRPC event loop.
 *
 * <p>Resumption is done here: every {@link EtcdWatchStream} (one gRPC stream, no retry of its own)
 * belongs to a <em>generation</em>; on an error, an unexpected end, or a queue
 * overflow, the generation is retired (late callbacks from it are ignored) and a new etcd watch
 * starts right after the last event delivered to the listener. If etcd compacted that revision
 * meanwhile, the listener gets a {@link CompactedException}.
 *
 * <p>Progress: etcd 3.4 answers a progress request with its current revision, but may send that
 * answer ahead of events for lower revisions still in flight on the stream. So a progress answer
 * is passed on only when the next one arrives, one progress interval later, by which time those
 * events have been delivered.
 */
final class EtcdWatcher implements Watch {
    private static final Logger LOG = Logger.getLogger(EtcdWatcher.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final long MIN_BACKOFF_MILLIS = 100;

    private final long id = IDS.incrementAndGet();
    private final EtcdChannel channel;
    private final String prefix;
    private final ByteString start;
    private final ByteString end;
    private final SerialListener serial;
    private final WatchQueue<WatchSignal> queue;
    private final long progressNanos;
    private final long maxBackoffMillis;
    private final Runnable onClose;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final Object lock = new Object();
    // Guarded by lock: the live stream and its generation, and the last revision enqueued.
    private long generation;
    private EtcdWatchStream current;
    private long lastQueued;
    private boolean established;
    // Delivery thread only.
    private long progressCandidate = -1;
    // Reset by the callbacks when a stream is established, so backoff restarts small after an outage.
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean closed;

    EtcdWatcher(EtcdChannel channel, String prefix, long afterRevision, WatchListener listener,
                EtcdOptions options, Runnable onClose) {
        this.channel = channel;
        this.prefix = prefix;
        this.start = EtcdConversions.rangeStartKey(prefix);
        this.end = EtcdConversions.rangeEndKey(prefix);
        this.serial = new SerialListener(listener, afterRevision);
        this.queue = new WatchQueue<>(options.watchQueueEvents(), options.watchQueueBytes(), WatchSignal::sizeOf);
        this.progressNanos = options.progressInterval().toNanos();
        this.maxBackoffMillis = options.maxRetryBackoff().toMillis();
        this.onClose = onClose;
    }

    void start() {
        Thread.ofVirtual().name("capstan-etcd-watch-" + id).start(this::run);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closedLatch.countDown();
        queue.wake();
        retire();
        serial.close();
        onClose.run();
    }

    private void run() {
        try {
            rewatch();
            while (!stopped()) {
                WatchSignal signal = queue.poll(progressNanos, TimeUnit.NANOSECONDS);
                if (signal == null) {
                    if (queue.overflowed()) {
                        LOG.info(() -> "watch " + id + " on " + prefix + " fell behind (queue full after revision "
                                + serial.lastEventRevision() + "); re-watching from there");
                        rewatch();
                    } else if (!stopped()) {
                        requestProgress();
                    }
                    continue;
                }
                switch (signal) {
                    case WatchSignal.Event e -> serial.deliver(e.event());
                    case WatchSignal.Progress p -> {
                        if (progressCandidate >= 0) {
                            serial.progress(progressCandidate);
                        }
                        progressCandidate = p.revision();
                    }
                    case WatchSignal.Failure f -> serial.fail(f.error());
                    case WatchSignal.Disconnected d -> reconnectAfterBackoff(d.cause());
                }
            }
        } catch (InterruptedException e) {
            serial.fail(new StorageUnavailableException("watch interrupted", e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "watch " + id + " on " + prefix + " failed", e);
            serial.fail(new StorageException("watch failed: " + e, e));
        } finally {
            retire();
        }
    }

    private void reconnectAfterBackoff(Throwable cause) throws InterruptedException {
        retire();
        int attempt = failures.getAndIncrement();
        long backoff = Math.min(maxBackoffMillis, MIN_BACKOFF_MILLIS << Math.min(attempt, 10));
        LOG.log(attempt == 0 ? Level.INFO : Level.FINE, () -> "watch " + id + " on " + prefix + " lost its stream ("
                + (cause == null ? "ended" : cause.getMessage()) + "); re-watching after revision "
                + serial.lastEventRevision() + " in " + backoff + " ms");
        if (!closedLatch.await(backoff, TimeUnit.MILLISECONDS)) {
            rewatch();
        }
    }

    /** Starts a new generation: an etcd watch from just after the last delivered event. */
    private void rewatch() {
        long gen;
        long from;
        EtcdWatchStream old;
        synchronized (lock) {
            old = retireLocked();
            gen = generation;
            queue.reset();
            lastQueued = serial.lastEventRevision();
            from = lastQueued + 1;
        }
        if (old != null) {
            old.close();
        }
        // An answer from the old stream proves nothing about what the new one will still send.
        progressCandidate = -1;
        if (stopped()) {
            return;
        }
        WatchCreateRequest create = WatchCreateRequest.newBuilder()
                .setKey(start)
                .setRangeEnd(end)
                .setStartRevision(from)
                .setPrevKv(true)
                .setProgressNotify(true)
                .build();
        EtcdWatchStream watcher;
        try {
            watcher = EtcdWatchStream.open(channel, create, new Callbacks(gen));
        } catch (RuntimeException e) {
            // The channel refused (e.g. it is closing); treat like a broken stream.
            queue.offerControl(new WatchSignal.Disconnected(e));
            return;
        }
        boolean stale;
        synchronized (lock) {
            stale = gen != generation;
            if (!stale) {
                current = watcher;
            }
        }
        if (stale) {
            watcher.close();
        }
    }

    private void requestProgress() {
        EtcdWatchStream watcher;
        synchronized (lock) {
            watcher = established ? current : null;
        }
        if (watcher != null) {
            watcher.requestProgress();
        }
    }

    /** Ends the current generation: its callbacks are ignored from now on and its stream closed. */
    private void retire() {
        EtcdWatchStream old;
        synchronized (lock) {
            old = retireLocked();
        }
        if (old != null) {
            old.close();
        }
    }

    private EtcdWatchStream retireLocked() {
        invalidateLocked();
        EtcdWatchStream old = current;
        current = null;
        return old;
    }

    /**
     * Makes the current generation's callbacks ignored. The stream stays in {@code current} for the
     * delivery thread to close, outside the callbacks (which hold the lock), so that no stream is
     * left open unclosed.
     */
    private void invalidateLocked() {
        generation++;
        established = false;
    }

    private boolean stopped() {
        return closed || serial.isDone();
    }

    /** The stream's callbacks for one generation; they run on the network thread and never block. */
    private final class Callbacks implements EtcdWatchStream.Listener {
        private final long gen;

        Callbacks(long gen) {
            this.gen = gen;
        }

        @Override
        public void onCreated() {
            synchronized (lock) {
                if (gen == generation) {
                    established = true;
                    failures.set(0);
                }
            }
        }

        @Override
        public void onProgress(long revision) {
            synchronized (lock) {
                if (gen == generation && !queue.offer(new WatchSignal.Progress(revision))) {
                    invalidateLocked();
                }
            }
        }

        @Override
        public void onEvents(List<Event> events) {
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                long floor = lastQueued;
                for (Event event : events) {
                    long revision = event.getKv().getModRevision();
                    if (revision <= floor) {
                        continue;
                    }
                    if (!queue.offer(new WatchSignal.Event(EtcdConversions.event(event)))) {
                        // Overflow: drop this stream; the delivery thread re-watches from its last event.
                        invalidateLocked();
                        return;
                    }
                    lastQueued = revision;
                }
            }
        }

        @Override
        public void onCompacted(long compactRevision) {
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                invalidateLocked();
                queue.offerControl(new WatchSignal.Failure(new CompactedException(lastQueued, compactRevision)));
            }
        }

        @Override
        public void onEnded(Throwable error) {
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                invalidateLocked();
                if (error != null && EtcdErrors.isPermanent(error)) {
                    queue.offerControl(new WatchSignal.Failure(EtcdErrors.map("watch " + prefix, error)));
                } else {
                    queue.offerControl(new WatchSignal.Disconnected(error));
                }
            }
        }
    }
}
