package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.DeleteResult;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.apiserver.storage.cache.WatchCache;
import io.capstan.apiserver.storage.cache.WatchCacheOptions;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The namespace admission lookup: from the watch cache when it has the namespace, else a live read. */
class NamespaceListerTest {
    @TempDir
    Path dir;

    @Test
    void readsACachedNamespaceFromMemoryAndAMissingOneLive() throws Exception {
        GetCounting backend = new GetCounting(new SqliteStorage(dir.resolve("ns.db")));
        try (WatchCache cache = new WatchCache(backend, List.of("/registry/namespaces/"), WatchCacheOptions.defaults())) {
            GenericStore namespaces = new GenericStore(namespacesDefinition(), cache, null);
            NamespaceLister lister = new NamespaceLister(cache, namespaces);
            long rev = cache.create("/registry/namespaces/a", json("{\"metadata\":{\"name\":\"a\"},\"status\":{\"phase\":\"Active\"}}"));
            awaitCached(cache, rev);

            int before = backend.gets.get();
            ObjectNode a = lister.apply("a");
            assertNotNull(a);
            assertEquals("Active", a.path("status").path("phase").asText());
            assertEquals(Long.toString(rev), a.path("metadata").path("resourceVersion").asText());
            assertEquals(before, backend.gets.get(), "a cached namespace is read from memory");

            assertNull(lister.apply("b"));
            assertEquals(before + 1, backend.gets.get(), "a namespace the cache lacks is read live");

            // A change reaches the lister once the cache has it, not the earlier decoded form.
            KeyValue kv = cache.get("/registry/namespaces/a");
            long rev2 = cache.update("/registry/namespaces/a",
                    json("{\"metadata\":{\"name\":\"a\"},\"status\":{\"phase\":\"Terminating\"}}"), kv.modRevision());
            awaitCached(cache, rev2);
            assertEquals("Terminating", lister.apply("a").path("status").path("phase").asText());
        }
    }

    @Test
    void findsANamespaceCreatedBehindTheCachesBackByALiveRead() throws Exception {
        GetCounting backend = new GetCounting(new SqliteStorage(dir.resolve("ns2.db")));
        try (WatchCache cache = new WatchCache(backend, List.of("/registry/namespaces/"), WatchCacheOptions.defaults())) {
            NamespaceLister lister = new NamespaceLister(cache, new GenericStore(namespacesDefinition(), cache, null));
            // Written to the backend directly, the cache may not have it yet; the lister still finds it.
            backend.create("/registry/namespaces/fresh", json("{\"metadata\":{\"name\":\"fresh\"}}"));
            assertEquals("fresh", lister.apply("fresh").path("metadata").path("name").asText());
        }
    }

    @Test
    void aNamespaceJustDeletedIsReadLiveWhileTheCacheStillShowsItActive() {
        GetCounting backend = new GetCounting(new SqliteStorage(dir.resolve("ns3.db")));
        try (backend) {
            NamespaceLister lister = new NamespaceLister(backend, new GenericStore(namespacesDefinition(), backend, null));
            long active = backend.create("/registry/namespaces/doomed", json("{\"metadata\":{\"name\":\"doomed\"},\"status\":{\"phase\":\"Active\"}}"));
            backend.update("/registry/namespaces/doomed",
                    json("{\"metadata\":{\"name\":\"doomed\"},\"status\":{\"phase\":\"Terminating\"}}"), active);
            backend.staleAt = active; // a cache that has not seen the update yet
            assertEquals("Active", lister.apply("doomed").path("status").path("phase").asText(), "the stale view, trusted");

            lister.deleting("doomed");
            int before = backend.gets.get();
            assertEquals("Terminating", lister.apply("doomed").path("status").path("phase").asText(),
                    "after its DELETE the namespace is read live, as upstream's forceLiveLookupCache");
            assertEquals(before + 1, backend.gets.get());
        }
    }

    private static ResourceDefinition namespacesDefinition() {
        return BuiltinResources.all().stream().filter(d -> d.group().isEmpty() && d.resource().equals("namespaces"))
                .findFirst().orElseThrow();
    }

    private static void awaitCached(WatchCache cache, long rev) throws InterruptedException {
        for (int i = 0; i < 500 && cache.rangeNotOlderThan("/registry/namespaces/", null, 0, 0).revision() < rev; i++) {
            Thread.sleep(10);
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts the point reads reaching the backend. */
    private static final class GetCounting implements Storage {
        final AtomicInteger gets = new AtomicInteger();
        /** When set, reads "not older than" answer from this revision, as a watch cache that lags. */
        volatile long staleAt;
        private final Storage delegate;

        GetCounting(Storage delegate) {
            this.delegate = delegate;
        }

        @Override
        public KeyValue get(String key) {
            gets.incrementAndGet();
            return delegate.get(key);
        }

        @Override
        public RangeResult range(String prefix, String startKey, int limit, long revision) {
            return delegate.range(prefix, startKey, limit, revision);
        }

        @Override
        public RangeResult rangeNotOlderThan(String prefix, String startKey, int limit, long minRevision) {
            return staleAt > 0 ? delegate.range(prefix, startKey, limit, staleAt)
                    : delegate.rangeNotOlderThan(prefix, startKey, limit, minRevision);
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
            return delegate.watch(prefix, afterRevision, listener);
        }

        @Override
        public void compact(long revision) {
            delegate.compact(revision);
        }

        @Override
        public long currentRevision() {
            return delegate.currentRevision();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
