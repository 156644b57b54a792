package io.capstan.common.informer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.StatusException;
import io.capstan.common.client.Backoff;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.Watch;
import io.capstan.common.client.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a {@link Store} in step with the server, as client-go's {@code Reflector}: it lists (in pages),
 * replaces the store's content, then watches from the list's resourceVersion and applies each event.
 * When a watch ends it watches again from the last resourceVersion it saw (bookmarks included); when
 * the server says that version is gone (410) it lists again. Failures back off exponentially.
 *
 * @param <T> the object type
 */
public final class Reflector<T extends HasMetadata> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Reflector.class.getName());
    private static final long PAGE_SIZE = 500;
    /** Watches last 5 to 10 minutes so that not every client reconnects at once. */
    private static final long MIN_WATCH_TIMEOUT_SECONDS = 300;

    private final String name;
    private final ListerWatcher listerWatcher;
    private final Class<T> type;
    private final Store<T> store;
    private final Backoff backoff;
    private volatile String lastSyncResourceVersion = "";
    private volatile boolean stopped;
    private volatile Watch currentWatch;
    private volatile Thread thread;
    private volatile UnaryOperator<T> transform = UnaryOperator.identity();
    private final CompactDecoder<T> decoder;

    /**
     * @param name          for logs, e.g. {@code v1/pods}
     * @param listerWatcher where objects come from
     * @param type          the class objects are decoded into
     * @param store         where they go
     * @param backoff       the delays between failed attempts
     */
    public Reflector(String name, ListerWatcher listerWatcher, Class<T> type, Store<T> store, Backoff backoff) {
        this.name = name;
        this.listerWatcher = listerWatcher;
        this.type = type;
        this.store = store;
        this.backoff = backoff;
        this.decoder = new CompactDecoder<>(type);
    }

    /**
     * Sets the function every listed or watched object passes through before it reaches the store, as
     * client-go's {@code TransformFunc} (e.g. to drop {@code managedFields}); it must return an object
     * with the same namespace and name. Set it before {@link #start()}.
     */
    public void setTransform(UnaryOperator<T> transform) {
        this.transform = transform == null ? UnaryOperator.identity() : transform;
    }

    private T decode(JsonNode object) {
        return transform.apply(decoder.decode(object));
    }

    /** Runs {@link #run()} on a new virtual thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("reflector " + name + " already started");
        }
        thread = Thread.ofVirtual().name("reflector-" + name).start(this::run);
    }

    /** Lists and watches until {@link #close()}; never throws. */
    public void run() {
        int failures = 0;
        while (!stopped) {
            try {
                listAndWatch();
                failures = 0;
            } catch (RuntimeException e) {
                if (stopped) {
                    break;
                }
                Duration wait = backoff.delay(failures++);
                LOG.warning(name + ": list and watch failed, retrying in " + wait.toMillis() + "ms: " + e.getMessage());
                if (!pause(wait)) {
                    break;
                }
            }
        }
    }

    /** The resourceVersion of the last list, event or bookmark applied; empty before the first list. */
    public String lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    /**
     * One list followed by watches until a relist is needed (410 Gone) or the reflector stops.
     *
     * @throws RuntimeException when the list fails, or a watch fails in a way that needs a relist
     */
    void listAndWatch() {
        list();
        int watchFailures = 0;
        while (!stopped) {
            Watch watch;
            try {
                long timeout = MIN_WATCH_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextLong(MIN_WATCH_TIMEOUT_SECONDS);
                watch = listerWatcher.watch(ListOptions.NONE.withResourceVersion(lastSyncResourceVersion)
                        .withWatch(timeout, true));
            } catch (StatusException e) {
                if (e.isGone()) {
                    LOG.info(name + ": resourceVersion " + lastSyncResourceVersion + " is too old, relisting: " + e.getMessage());
                    return;
                }
                throw e;
            } catch (UncheckedIOException e) {
                // The server is likely restarting: resume where we were rather than relist everything.
                Duration wait = backoff.delay(watchFailures++);
                LOG.warning(name + ": cannot watch, retrying in " + wait.toMillis() + "ms: " + e.getMessage());
                if (!pause(wait)) {
                    return;
                }
                continue;
            }
            currentWatch = watch;
            if (stopped) {
                watch.close();
                return;
            }
            long started = System.nanoTime();
            int events;
            try {
                events = watchHandler(watch);
            } catch (IOException e) {
                events = 0;
                LOG.log(Level.FINE, () -> name + ": watch stream broke: " + e);
            } catch (StatusException e) {
                if (e.isGone()) {
                    LOG.info(name + ": watch expired at " + lastSyncResourceVersion + ", relisting: " + e.getMessage());
                    return;
                }
                throw e;
            } finally {
                watch.close();
                currentWatch = null;
            }
            // A watch that closes at once with nothing in it would otherwise spin.
            if (events == 0 && System.nanoTime() - started < 1_000_000_000L) {
                if (!pause(backoff.delay(watchFailures++))) {
                    return;
                }
            } else {
                watchFailures = 0;
            }
        }
    }

    private void list() {
        List<T> items = new ArrayList<>();
        String continueToken = "";
        String resourceVersion;
        while (true) {
            ObjectNode page;
            try {
                page = listerWatcher.list(ListOptions.NONE.withPage(PAGE_SIZE, continueToken));
            } catch (StatusException e) {
                if (e.isGone() && !continueToken.isEmpty()) {
                    // The continue token expired mid-list: start over in one request.
                    items.clear();
                    page = listerWatcher.list(ListOptions.NONE);
                    continueToken = "";
                } else {
                    throw e;
                }
            }
            for (JsonNode item : page.path("items")) {
                items.add(decode(item));
            }
            resourceVersion = page.path("metadata").path("resourceVersion").asText("");
            continueToken = page.path("metadata").path("continue").asText("");
            if (continueToken.isEmpty()) {
                break;
            }
        }
        store.replace(items, resourceVersion);
        lastSyncResourceVersion = resourceVersion;
        LOG.fine(() -> name + ": listed " + lastSyncResourceVersion);
    }

    /** Applies a watch's events until it ends; returns how many arrived. */
    private int watchHandler(Watch watch) throws IOException {
        int count = 0;
        WatchEvent event;
        while (!stopped && (event = watch.next()) != null) {
            count++;
            switch (event.type()) {
                case ERROR -> throw event.error();
                case BOOKMARK -> { }
                case ADDED -> store.add(decode(event.object()));
                case MODIFIED -> store.update(decode(event.object()));
                case DELETED -> store.delete(decode(event.object()));
            }
            String rv = event.resourceVersion();
            if (!rv.isEmpty()) {
                lastSyncResourceVersion = rv;
            }
        }
        return count;
    }

    /** Sleeps; false when stopped meanwhile. */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopped;
    }

    /** Stops: ends the current watch and the loop. */
    @Override
    public void close() {
        stopped = true;
        Watch w = currentWatch;
        if (w != null) {
            w.close();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
