package io.capstan.apiserver.storage.cache;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.DeleteResult;
import io.capstan.apiserver.storage.FutureRevisionException;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.apiserver.storage.support.Keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server's watch cache (upstream's {@code cacher} package), a decorator over any
 * {@link Storage}. It keeps one {@link Cacher} per resource prefix, fed by a single watch on the
 * delegate (so every cacher knows the delegate's revision, not only its own resource's), and serves
 * from memory:
 * <ul>
 *   <li>watches from any revision inside the window of recent events (older: {@link CompactedException}, 410);</li>
 *   <li>{@link #range} at revision 0 (consistent read, KEP-2340): it first waits, up to
 *       {@link WatchCacheOptions#consistentReadTimeout()}, until it has applied every change up to the
 *       delegate's current revision, else it reads from the delegate;</li>
 *   <li>{@link #rangeNotOlderThan} ({@code resourceVersion=0}) at once;</li>
 *   <li>{@link #range} at an exact revision when the snapshot in memory is the one at that revision
 *       (continue tokens of a list it served); other exact reads go to the delegate.</li>
 * </ul>
 * Writes, {@link #get} and {@link #currentRevision} go to the delegate. When its own watch breaks the
 * cache re-watches from the last revision it applied, so clients see no gap; when that revision was
 * compacted it relists, and client watches behind the new list get 410 and relist, as upstream.
 *
 * <p>Behaviour that differs from a backend, by design: compaction through this decorator also
 * drops the cached window below the compacted revision; and until its first list succeeds (the
 * delegate is down at start) every call goes to the delegate. The cache owns the delegate: closing
 * the cache closes it.
 */
public final class WatchCache implements Storage {
    private static final Logger LOG = Logger.getLogger(WatchCache.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Storage delegate;
    private final WatchCacheOptions options;
    /** Longest prefix first, so that a key goes to the most specific cacher. */
    private final List<Cacher> cachers;
    private final String feedPrefix;
    private final Thread reflector;
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile Feed feed;
    private volatile long fedRevision;

    /**
     * Caches each of {@code prefixes} (one per resource, e.g. {@code /registry/pods/}); calls for keys
     * outside them go to the delegate. Lists the delegate before returning when it is reachable.
     */
    public WatchCache(Storage delegate, Collection<String> prefixes, WatchCacheOptions options) {
        this.delegate = delegate;
        this.options = options;
        List<Cacher> list = new ArrayList<>();
        for (String p : prefixes) {
            list.add(new Cacher(p, options, System::nanoTime));
        }
        list.sort(Comparator.comparingInt((Cacher c) -> c.prefix().length()).reversed());
        this.cachers = List.copyOf(list);
        this.feedPrefix = commonPrefix(prefixes);
        try {
            relist();
            feed = startFeed();
            ready = true;
        } catch (StorageException e) {
            LOG.warning("watch cache: initial list failed, serving from storage until it succeeds: " + e.getMessage());
        }
        reflector = Thread.ofPlatform().daemon().name("watch-cache-reflector").start(this::reflect);
    }

    // ---- the feed ---------------------------------------------------------------------------

    /** One delegate watch feeding every cacher; ends with an error or when closed. */
    private final class Feed implements WatchListener {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile StorageException error;
        private volatile Watch watch;

        @Override
        public void onEvent(WatchEvent e) {
            Cacher target = route(e.kv().key());
            for (Cacher c : cachers) {
                if (c == target) {
                    c.apply(e);
                } else {
                    c.advance(e.revision(), false);
                }
            }
            fedRevision = e.revision();
        }

        @Override
        public void onProgress(long revision) {
            for (Cacher c : cachers) {
                c.advance(revision, true);
            }
            fedRevision = Math.max(fedRevision, revision);
        }

        @Override
        public void onError(StorageException e) {
            error = e;
            done.countDown();
        }

        @Override
        public void onClosed() {
            done.countDown();
        }
    }

    private Feed startFeed() {
        Feed f = new Feed();
        f.watch = delegate.watch(feedPrefix, fedRevision, f);
        return f;
    }

    /** Lists every prefix at one revision and replaces the cachers' contents. */
    private void relist() {
        long at = 0;
        List<RangeResult> lists = new ArrayList<>();
        for (Cacher c : cachers) {
            RangeResult r = delegate.range(c.prefix(), null, 0, at);
            at = r.revision();
            lists.add(r);
        }
        for (int i = 0; i < cachers.size(); i++) {
            // Keys of a longer prefix also start with a shorter one; each cacher keeps only its own.
            Cacher c = cachers.get(i);
            List<KeyValue> own = lists.get(i).items().stream().filter(kv -> route(kv.key()) == c).toList();
            c.replace(own, at);
        }
        fedRevision = at;
    }

    private void reflect() {
        long backoff = 100;
        boolean needList = !ready;
        while (!closed) {
            try {
                if (needList) {
                    relist();
                    needList = false;
                    if (ready) {
                        LOG.info("watch cache: relisted at revision " + fedRevision);
                    }
                }
                Feed f = feed;
                if (f == null) {
                    f = startFeed();
                    feed = f;
                    ready = true;
                }
                f.done.await();
                f.watch.close();
                feed = null;
                if (closed) {
                    break;
                }
                if (f.error instanceof CompactedException) {
                    LOG.warning("watch cache: revision " + fedRevision + " was compacted; relisting");
                    needList = true;
                } else if (f.error != null) {
                    LOG.warning("watch cache: storage watch failed (" + f.error.getMessage() + "); re-watching from revision " + fedRevision);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
                } else {
                    break; // the delegate was closed
                }
            } catch (CompactedException e) {
                needList = true;
            } catch (StorageException e) {
                LOG.log(Level.WARNING, "watch cache: storage unavailable, retrying in " + backoff + "ms: " + e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (feed != null) {
                backoff = 100;
            }
        }
    }

    private Cacher route(String key) {
        for (Cacher c : cachers) {
            if (key.startsWith(c.prefix())) {
                return c;
            }
        }
        return null;
    }

    /** The cacher holding every key of {@code prefix}, when ready. */
    private Cacher cacherFor(String prefix) {
        if (!ready) {
            return null;
        }
        Cacher c = route(prefix);
        if (c == null) {
            return null;
        }
        for (Cacher other : cachers) {
            if (other != c && other.prefix().startsWith(prefix)) {
                return null; // the range spans several cachers; only the delegate has it all
            }
        }
        return c;
    }

    // ---- Storage ----------------------------------------------------------------------------

    @Override
    public KeyValue get(String key) {
        return delegate.get(key);
    }

    @Override
    public KeyValue getNotOlderThan(String key, long minRevision) {
        Cacher c = cacherFor(key);
        if (c == null) {
            return delegate.getNotOlderThan(key, minRevision);
        }
        if (minRevision > 0 && !awaitFresh(c, minRevision)) {
            long current = delegate.currentRevision();
            if (minRevision > current) {
                throw new FutureRevisionException(minRevision, current, 1);
            }
            return delegate.getNotOlderThan(key, minRevision);
        }
        return c.get(key);
    }

    @Override
    public RangeResult range(String prefix, String startKey, int limit, long revision) {
        Keys.requireWithinPrefix(prefix, startKey);
        Cacher c = cacherFor(prefix);
        if (c == null) {
            return delegate.range(prefix, startKey, limit, revision);
        }
        if (revision != 0) {
            RangeResult r = c.range(prefix, startKey, limit, revision);
            return r != null ? r : delegate.range(prefix, startKey, limit, revision);
        }
        long current = delegate.currentRevision();
        if (!awaitFresh(c, current)) {
            return delegate.range(prefix, startKey, limit, 0);
        }
        return c.range(prefix, startKey, limit, 0);
    }

    @Override
    public long count(String prefix, String startKey, long revision) {
        Keys.requireWithinPrefix(prefix, startKey);
        Cacher c = cacherFor(prefix);
        long n = c == null || revision == 0 ? -1 : c.count(prefix, startKey, revision);
        return n >= 0 ? n : delegate.count(prefix, startKey, revision);
    }

    @Override
    public RangeResult rangeNotOlderThan(String prefix, String startKey, int limit, long minRevision) {
        Keys.requireWithinPrefix(prefix, startKey);
        Cacher c = cacherFor(prefix);
        if (c == null) {
            return delegate.rangeNotOlderThan(prefix, startKey, limit, minRevision);
        }
        if (minRevision > 0 && !awaitFresh(c, minRevision)) {
            long current = delegate.currentRevision();
            if (minRevision > current) {
                // upstream's cacher: after waiting, "retry in 1 second"
                throw new FutureRevisionException(minRevision, current, 1);
            }
            return delegate.rangeNotOlderThan(prefix, startKey, limit, minRevision);
        }
        return c.range(prefix, startKey, limit, 0);
    }

    private boolean awaitFresh(Cacher c, long rev) {
        try {
            return c.waitUntilFresh(rev, options.consistentReadTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public long create(String key, byte[] value) {
        return delegate.create(key, value);
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        return delegate.update(key, value, expectedModRevision);
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        return delegate.delete(key, expectedModRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        Cacher c = cacherFor(prefix);
        if (c == null) {
            return delegate.watch(prefix, afterRevision, listener);
        }
        long after = afterRevision != 0 ? afterRevision : Math.max(c.revision(), delegate.currentRevision());
        CacheWatcher w = c.watch(prefix, after, listener);
        w.start();
        return w;
    }

    @Override
    public void compact(long revision) {
        delegate.compact(revision);
        for (Cacher c : cachers) {
            c.compacted(revision);
        }
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    /** The objects held in memory, over every prefix (for benchmarks and metrics). */
    public int objectCount() {
        return cachers.stream().mapToInt(Cacher::objectCount).sum();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reflector.interrupt();
        Feed f = feed;
        if (f != null && f.watch != null) {
            f.watch.close();
        }
        for (Cacher c : cachers) {
            c.end();
        }
        delegate.close();
    }

    private static String commonPrefix(Collection<String> prefixes) {
        String common = null;
        for (String p : prefixes) {
            if (common == null) {
                common = p;
            } else {
                int i = 0;
                while (i < common.length() && i < p.length() && common.charAt(i) == p.charAt(i)) {
                    i++;
                }
                common = common.substring(0, i);
            }
        }
        return common == null ? "" : common;
    }
}
