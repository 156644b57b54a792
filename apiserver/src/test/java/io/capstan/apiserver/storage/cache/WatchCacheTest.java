package io.capstan.apiserver.storage.cache;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.FutureRevisionException;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.RecordingListener;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageContractTest;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.sqlite.SqliteOptions;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the storage contract against a {@link WatchCache} over SQLite, with one cacher for pods and
 * one for everything else, so that both routing and "a change elsewhere advances my revision" are
 * exercised by every contract case.
 */
class WatchCacheTest extends StorageContractTest {
    private static final Duration PROGRESS = Duration.ofMillis(200);
    static final List<String> PREFIXES = List.of("/registry/pods/", "");

    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new WatchCache(new SqliteStorage(dir.resolve("capstan.db"), SqliteOptions.defaults().withProgressInterval(PROGRESS)),
                PREFIXES, WatchCacheOptions.defaults());
    }

    @Override
    protected Storage newStorageWithWatchQueue(int events) {
        return new WatchCache(new SqliteStorage(dir.resolve("small-queue.db"),
                SqliteOptions.defaults().withProgressInterval(PROGRESS).withWatchQueue(events, 1 << 20)),
                PREFIXES, WatchCacheOptions.defaults());
    }

    // ---- what only the cache does --------------------------------------------------------------

    private FaultyStorage faulty(String name) {
        return new FaultyStorage(new SqliteStorage(dir.resolve(name), SqliteOptions.defaults().withProgressInterval(PROGRESS)));
    }

    private static byte[] v(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> revs(List<WatchEvent> events) {
        return events.stream().map(WatchEvent::revision).toList();
    }

    @Test
    void resourceVersionZeroAndConsistentReadsAreServedFromMemory() {
        FaultyStorage backend = faulty("mem.db");
        try (WatchCache cache = new WatchCache(backend, List.of("/registry/pods/"), WatchCacheOptions.defaults())) {
            long last = 0;
            for (int i = 0; i < 3; i++) {
                last = cache.create("/registry/pods/ns/p" + i, v("p" + i));
            }
            int before = backend.rangeCalls();
            RangeResult consistent = cache.range("/registry/pods/", null, 0, 0);
            assertEquals(3, consistent.items().size(), "a consistent read sees every acknowledged write");
            assertTrue(consistent.revision() >= last);
            assertEquals(3, cache.rangeNotOlderThan("/registry/pods/ns/", null, 0, 0).items().size());
            RangeResult page1 = cache.range("/registry/pods/", null, 2, 0);
            assertTrue(page1.more());
            assertEquals(1, cache.count("/registry/pods/", page1.items().get(1).key() + "\u0000", page1.revision()),
                    "the keys after the page, counted in memory");
            RangeResult page2 = cache.range("/registry/pods/", page1.items().get(1).key() + "\u0000", 2, page1.revision());
            assertEquals(List.of("/registry/pods/ns/p2"), page2.items().stream().map(kv -> kv.key()).toList());
            assertEquals("p1", new String(cache.getNotOlderThan("/registry/pods/ns/p1", 0).value(), StandardCharsets.UTF_8));
            assertEquals(last, cache.getNotOlderThan("/registry/pods/ns/p2", last).modRevision());
            assertEquals(before, backend.rangeCalls(), "no read reached the storage");
            assertEquals(0, backend.readCalls(), "no get or count reached the storage");

            cache.create("/registry/pods/ns/p3", v("p3"));
            assertEquals(4, cache.range("/registry/pods/", null, 0, 0).items().size()); // the cache has applied p3
            int afterP3 = backend.rangeCalls();
            assertEquals(List.of("/registry/pods/ns/p2"),
                    cache.range("/registry/pods/", page1.items().get(1).key() + "\u0000", 1, page1.revision()).items().stream().map(kv -> kv.key()).toList(),
                    "a page at an older revision than the memory snapshot is read from storage, consistently");
            assertEquals(afterP3 + 1, backend.rangeCalls());
            assertEquals(2, cache.count("/registry/pods/", page1.items().get(0).key() + "\u0000", page1.revision()));
            assertEquals(1, backend.readCalls(), "a count at an older revision than the memory snapshot is the storage's");
            long p4 = cache.create("/registry/pods/ns/p4", v("p4"));
            assertEquals("p4", new String(cache.getNotOlderThan("/registry/pods/ns/p4", p4).value(), StandardCharsets.UTF_8),
                    "a get not older than a write just made waits for the cache to apply it");
            assertEquals(1, backend.readCalls(), "and is still answered from memory");

            long future = cache.currentRevision() + 100;
            FutureRevisionException tooNew = assertThrows(FutureRevisionException.class,
                    () -> cache.rangeNotOlderThan("/registry/pods/", null, 0, future));
            assertEquals(future, tooNew.requested());
            assertEquals(cache.currentRevision(), tooNew.current());
            assertEquals(1, tooNew.retryAfterSeconds(), "upstream's cacher tells the client to retry after 1 s");
        }
    }

    @Test
    void watchesOlderThanTheWindowGet410WithTheOldestServableRevision() {
        WatchCacheOptions tiny = WatchCacheOptions.defaults().withWindow(2, 2, Duration.ZERO);
        try (WatchCache cache = new WatchCache(faulty("window.db"), List.of("/registry/pods/"), tiny)) {
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                written.add(cache.create("/registry/pods/ns/p" + i, v("p" + i)));
            }
            cache.range("/registry/pods/", null, 0, 0); // wait until the cache has applied them
            CompactedException tooOld = assertThrows(CompactedException.class,
                    () -> cache.watch("/registry/pods/", written.get(0), new RecordingListener()));
            assertEquals(written.get(2), tooOld.compactedRevision(), "the window holds the last two events");
            RecordingListener fromWindow = new RecordingListener();
            try (Watch ignored = cache.watch("/registry/pods/", written.get(2), fromWindow)) {
                assertEquals(written.subList(3, 5), revs(fromWindow.awaitEvents(2, WAIT)));
            }
        }
    }

    @Test
    void aBrokenStorageWatchIsResumedWithoutAGap() {
        FaultyStorage backend = faulty("resume.db");
        try (WatchCache cache = new WatchCache(backend, List.of("/registry/pods/"), WatchCacheOptions.defaults())) {
            long start = cache.create("/registry/pods/ns/a", v("a"));
            RecordingListener client = new RecordingListener();
            List<Long> written = new ArrayList<>();
            try (Watch ignored = cache.watch("/registry/pods/", start, client)) {
                written.add(cache.create("/registry/pods/ns/b", v("b")));
                client.awaitEvents(1, WAIT);
                backend.breakWatches(new StorageUnavailableException("connection reset", null));
                for (int i = 0; i < 5; i++) {
                    written.add(cache.create("/registry/pods/ns/c" + i, v("c" + i)));
                }
                assertEquals(written, revs(client.awaitEvents(6, WAIT)));
                assertNull(client.error());
                assertFalse(client.violatedContract());
                assertTrue(backend.watchCalls() >= 2, "the cache watched the storage again");
                assertEquals(7, cache.range("/registry/pods/", null, 0, 0).items().size());
            }
        }
    }

    @Test
    void aGapThatCannotBeBridgedRelistsAndWatchersBehindItGet410() {
        FaultyStorage backend = faulty("relist.db");
        try (WatchCache cache = new WatchCache(backend, List.of("/registry/pods/"), WatchCacheOptions.defaults())) {
            long start = cache.create("/registry/pods/ns/a", v("a"));
            RecordingListener client = new RecordingListener();
            try (Watch ignored = cache.watch("/registry/pods/", start, client)) {
                backend.dropEvents(true);
                long lost = cache.create("/registry/pods/ns/lost", v("lost"));
                backend.breakWatches(new CompactedException(start, lost));
                backend.dropEvents(false);
                assertInstanceOf(CompactedException.class, client.awaitError(WAIT), "the client must relist");
                assertEquals(List.of(), client.events());
            }
            RangeResult relisted = cache.range("/registry/pods/", null, 0, 0);
            assertEquals(2, relisted.items().size(), "the cache relisted and holds the change its watch lost");
            RecordingListener after = new RecordingListener();
            try (Watch ignored = cache.watch("/registry/pods/", relisted.revision(), after)) {
                long next = cache.create("/registry/pods/ns/next", v("next"));
                assertEquals(List.of(next), revs(after.awaitEvents(1, WAIT)));
            }
        }
    }
}
