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
 * Keeps a {@link Store} in step with the server, as client-go's {@code Reflector}: it lists, replaces
 * the store's content, then watches from the list's resourceVersion and applies each event. The first
 * list asks for {@code resourceVersion=0} (a watch cache answers it from memory, whole) with a page
 * size of 500 for servers without one; see {@link #relistResourceVersion()} for relists. When a watch
 * ends it watches again from the last resourceVersion it saw (bookmarks included); when the server
 * says that version is gone (410) it lists again, not older than that version. Failures back off
 * exponentially.
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
    /** The last list or watch at {@link #lastSyncResourceVersion} was refused as expired or too large. */
    private volatile boolean lastSyncResourceVersionUnavailable;
    /** A {@code resourceVersion=0} list came back in pages: the server has no watch cache to spare. */
    private volatile boolean paginatedResult;
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

    /**
     * client-go's {@code relistResourceVersion}: {@code "0"} for the first list (any version, so that
     * a watch cache answers from memory), the last version seen for a relist (not older than what the
     * store already holds), and {@code ""} (a consistent read) once that version proved unavailable.
     */
    String relistResourceVersion() {
        if (lastSyncResourceVersionUnavailable) {
            return "";
        }
        return lastSyncResourceVersion.isEmpty() ? "0" : lastSyncResourceVersion;
    }

    /**
     * Lists as client-go's reflector: through a pager with pages of {@value #PAGE_SIZE}, except that a
     * list at a specific version asks for no limit (so that a watch cache serves it whole) unless the
     * server once answered a {@code resourceVersion=0} list in pages, which means it has no watch cache.
     * When the version is expired (410) or newer than the server has (too large), lists again at once
     * with a consistent read.
     */
    private void list() {
        String rv = relistResourceVersion();
        Page<T> result;
        try {
            result = pagedList(rv, pageSize(rv));
        } catch (StatusException e) {
            if (!e.isGone() && !isTooLargeResourceVersion(e)) {
                throw e;
            }
            LOG.info(name + ": resourceVersion \"" + rv + "\" is unavailable, listing consistently: " + e.getMessage());
            lastSyncResourceVersionUnavailable = true;
            rv = relistResourceVersion();
            result = pagedList(rv, pageSize(rv));
        }
        if ("0".equals(rv) && result.paginated()) {
            paginatedResult = true;
        }
        lastSyncResourceVersionUnavailable = false;
        store.replace(result.items(), result.resourceVersion());
        lastSyncResourceVersion = result.resourceVersion();
        LOG.fine(() -> name + ": listed " + lastSyncResourceVersion);
    }

    private long pageSize(String rv) {
        if (paginatedResult) {
            return PAGE_SIZE;
        }
        return !rv.isEmpty() && !rv.equals("0") ? 0 : PAGE_SIZE;
    }

    /** A whole list: its items, the resourceVersion it was read at, and whether it came in pages. */
    private record Page<O>(List<O> items, String resourceVersion, boolean paginated) {
    }

    /**
     * client-go's {@code pager.List}: the first request carries the resourceVersion and the limit, later
     * ones only the continue token; when a token expires (410) mid-way, one unpaginated list at the
     * original resourceVersion replaces what was read.
     */
    private Page<T> pagedList(String rv, long pageSize) {
        List<T> items = new ArrayList<>();
        ListOptions first = ListOptions.NONE.withResourceVersion(rv).withPage(pageSize, "");
        ObjectNode page = listerWatcher.list(first);
        boolean paginated = false;
        while (true) {
            for (JsonNode item : page.path("items")) {
                items.add(decode(item));
            }
            String continueToken = page.path("metadata").path("continue").asText("");
            if (continueToken.isEmpty()) {
                return new Page<>(items, page.path("metadata").path("resourceVersion").asText(""), paginated);
            }
            paginated = true;
            try {
                page = listerWatcher.list(ListOptions.NONE.withPage(pageSize, continueToken));
            } catch (StatusException e) {
                if (!e.isGone()) {
                    throw e;
                }
                items.clear();
                page = listerWatcher.list(ListOptions.NONE.withResourceVersion(rv));
            }
        }
    }

    /** client-go's {@code isTooLargeResourceVersionError}: the server has not reached the version yet. */
    static boolean isTooLargeResourceVersion(StatusException e) {
        var details = e.status().getDetails();
        if (details != null && details.getCauses() != null
                && details.getCauses().stream().anyMatch(c -> "ResourceVersionTooLarge".equals(c.getReason()))) {
            return true;
        }
        String message = e.status().getMessage();
        return e.code() == 504 && message != null && message.contains("Too large resource version");
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
