package io.capstan.apiserver.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link Storage} must show; each backend's test extends this class. Tests
 * never assume absolute revision numbers, only their order, so a backend may share one server
 * across tests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StorageContractTest {
    /** Generous bound for asynchronous deliveries; tests normally finish far sooner. */
    protected static final Duration WAIT = Duration.ofSeconds(15);
    /** Close to the 1.5 MiB etcd request limit, leaving room for the key and the request framing. */
    protected static final int LARGE_VALUE_BYTES = 1536 * 1024 - 8 * 1024;

    protected Storage storage;

    /** A storage with an empty key space and a progress interval of at most ~200 ms. */
    protected abstract Storage newStorage() throws Exception;

    /** Like {@link #newStorage()}, with each watch buffering at most {@code events} live events. */
    protected abstract Storage newStorageWithWatchQueue(int events) throws Exception;

    /** Extra cleanup after each test. */
    protected void cleanup() throws Exception {
    }

    @BeforeEach
    void openStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() throws Exception {
        if (storage != null) {
            storage.close();
        }
        cleanup();
    }

    // ---- single-key operations ----

    @Test
    void createThenGetReturnsTheValueWithItsRevisions() {
        long before = storage.currentRevision();
        long rev = storage.create("/registry/pods/ns1/a", b("v1"));
        assertTrue(rev > before, "create must take a new revision");
        KeyValue kv = storage.get("/registry/pods/ns1/a");
        assertEquals("/registry/pods/ns1/a", kv.key());
        assertEquals("v1", s(kv.value()));
        assertEquals(rev, kv.createRevision());
        assertEquals(rev, kv.modRevision());
        assertEquals(rev, storage.currentRevision());
    }

    @Test
    void createOfAnExistingKeyThrowsKeyExists() {
        storage.create("/registry/pods/ns1/a", b("v1"));
        long rev = storage.currentRevision();
        KeyExistsException e = assertThrows(KeyExistsException.class, () -> storage.create("/registry/pods/ns1/a", b("v2")));
        assertEquals("/registry/pods/ns1/a", e.key());
        assertEquals("v1", s(storage.get("/registry/pods/ns1/a").value()));
        assertEquals(rev, storage.currentRevision(), "a refused write takes no revision");
    }

    @Test
    void getOfAMissingKeyReturnsNull() {
        assertNull(storage.get("/registry/pods/ns1/missing"));
    }

    @Test
    void emptyValuesRoundTrip() {
        storage.create("/registry/empty/a", new byte[0]);
        assertArrayEquals(new byte[0], storage.get("/registry/empty/a").value());
    }

    @Test
    void updateWithTheCurrentModRevisionReplacesTheValue() {
        long created = storage.create("/registry/pods/ns1/a", b("v1"));
        long updated = storage.update("/registry/pods/ns1/a", b("v2"), created);
        assertTrue(updated > created);
        KeyValue kv = storage.get("/registry/pods/ns1/a");
        assertEquals("v2", s(kv.value()));
        assertEquals(created, kv.createRevision(), "an update keeps the create revision");
        assertEquals(updated, kv.modRevision());
    }

    @Test
    void updateWithAStaleModRevisionConflictsAndCarriesTheCurrentValue() {
        long created = storage.create("/registry/pods/ns1/a", b("v1"));
        long updated = storage.update("/registry/pods/ns1/a", b("v2"), created);
        ConflictException e = assertThrows(ConflictException.class,
                () -> storage.update("/registry/pods/ns1/a", b("v3"), created));
        assertEquals("v2", s(e.current().value()));
        assertEquals(updated, e.current().modRevision());
        assertEquals(created, e.current().createRevision());
        assertEquals("v2", s(storage.get("/registry/pods/ns1/a").value()));
        assertEquals(updated, storage.currentRevision(), "a refused write takes no revision");
    }

    @Test
    void updateOfAMissingKeyThrowsKeyNotFound() {
        assertThrows(KeyNotFoundException.class, () -> storage.update("/registry/pods/ns1/none", b("v"), 5));
        assertThrows(KeyNotFoundException.class, () -> storage.update("/registry/pods/ns1/none", b("v"), 0),
                "expected revision 0 must not turn an update into a create");
        long created = storage.create("/registry/pods/ns1/gone", b("v"));
        storage.delete("/registry/pods/ns1/gone", 0);
        assertThrows(KeyNotFoundException.class, () -> storage.update("/registry/pods/ns1/gone", b("v2"), created));
        assertNull(storage.get("/registry/pods/ns1/none"));
        assertNull(storage.get("/registry/pods/ns1/gone"));
    }

    @Test
    void deleteWithoutPreconditionReturnsTheDeletedValue() {
        long created = storage.create("/registry/pods/ns1/a", b("v1"));
        long updated = storage.update("/registry/pods/ns1/a", b("v2"), created);
        DeleteResult result = storage.delete("/registry/pods/ns1/a", 0);
        assertEquals("v2", s(result.deleted().value()));
        assertEquals(created, result.deleted().createRevision());
        assertEquals(updated, result.deleted().modRevision());
        assertTrue(result.revision() > updated);
        assertEquals(result.revision(), storage.currentRevision());
        assertNull(storage.get("/registry/pods/ns1/a"));

        long recreated = storage.create("/registry/pods/ns1/a", b("v3"));
        assertTrue(recreated > result.revision());
        assertEquals(recreated, storage.get("/registry/pods/ns1/a").createRevision(), "a re-created key starts anew");
    }

    @Test
    void deleteWithAMatchingPreconditionDeletes() {
        long created = storage.create("/registry/pods/ns1/a", b("v1"));
        DeleteResult result = storage.delete("/registry/pods/ns1/a", created);
        assertEquals("v1", s(result.deleted().value()));
        assertNull(storage.get("/registry/pods/ns1/a"));
    }

    @Test
    void deleteWithAStalePreconditionConflictsAndKeepsTheKey() {
        long created = storage.create("/registry/pods/ns1/a", b("v1"));
        long updated = storage.update("/registry/pods/ns1/a", b("v2"), created);
        ConflictException e = assertThrows(ConflictException.class, () -> storage.delete("/registry/pods/ns1/a", created));
        assertEquals(updated, e.current().modRevision());
        assertEquals("v2", s(e.current().value()));
        assertEquals("v2", s(storage.get("/registry/pods/ns1/a").value()));
    }

    @Test
    void deleteOfAMissingKeyThrowsKeyNotFound() {
        assertThrows(KeyNotFoundException.class, () -> storage.delete("/registry/pods/ns1/none", 0));
        assertThrows(KeyNotFoundException.class, () -> storage.delete("/registry/pods/ns1/none", 7));
        storage.create("/registry/pods/ns1/a", b("v1"));
        storage.delete("/registry/pods/ns1/a", 0);
        assertThrows(KeyNotFoundException.class, () -> storage.delete("/registry/pods/ns1/a", 0));
    }

    // ---- ranges ----

    @Test
    void rangeByPrefixMatchesOnlyThatPrefixInKeyOrder() {
        storage.create("/registry/pods/ns1/b", b("1b"));
        storage.create("/registry/pods/ns1/a", b("1a"));
        storage.create("/registry/pods/ns1x/c", b("1xc"));
        storage.create("/registry/pods/ns2/d", b("2d"));
        storage.create("/registry/services/ns1/e", b("se"));

        RangeResult ns1 = storage.range("/registry/pods/ns1/", null, 0, 0);
        assertEquals(List.of("/registry/pods/ns1/a", "/registry/pods/ns1/b"), keys(ns1.items()));
        assertEquals(List.of("1a", "1b"), values(ns1.items()));
        assertFalse(ns1.more());
        assertTrue(ns1.remaining() == 0 || ns1.remaining() == RangeResult.UNCOUNTED, "nothing follows the whole range");

        RangeResult first = storage.range("/registry/pods/", null, 1, 0);
        assertEquals(List.of("/registry/pods/ns1/a"), keys(first.items()));
        assertTrue(first.more());
        assertEquals(3, storage.count("/registry/pods/", "/registry/pods/ns1/a\u0000", first.revision()),
                "the keys of the prefix after the page, other prefixes not counted");
        assertRemaining(3, first);
        assertEquals(4, storage.count("/registry/pods/", null, 0), "from the prefix's start");
        assertEquals(5, storage.count("", null, 0), "the empty prefix counts everything");
        assertEquals(2, storage.count("/registry/pods/", "/registry/pods/ns1x/c", 0), "counted from the start key, not from the prefix");
        assertEquals(0, storage.count("/registry/pods/ns3/", null, 0));
        assertRemaining(1, storage.range("/registry/pods/", "/registry/pods/ns1/b", 2, 0));
        assertEquals(storage.currentRevision(), ns1.revision());

        assertEquals(List.of("/registry/pods/ns1/a", "/registry/pods/ns1/b", "/registry/pods/ns1x/c", "/registry/pods/ns2/d"),
                keys(storage.range("/registry/pods/", null, 0, 0).items()));
        assertEquals(5, storage.range("", null, 0, 0).items().size(), "the empty prefix matches everything");
        assertEquals(List.of(), storage.range("/registry/pods/ns3/", null, 0, 0).items());
    }

    @Test
    void rangePagesAtAFixedRevisionMatchTheSnapshotWhileWritesGoOn() throws Exception {
        String prefix = "/registry/pods/paging/";
        for (int i = 0; i < 30; i++) {
            storage.create(prefix + String.format("p%02d", i), b("v" + i));
        }
        RangeResult snapshot = storage.range(prefix, null, 0, 0);
        assertEquals(30, snapshot.items().size());

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        CountDownLatch someWrites = new CountDownLatch(10);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                String key = prefix + String.format("p%02d", (i * 7) % 30);
                KeyValue kv = storage.get(key);
                if (kv == null) {
                    storage.create(key, b("re" + i));
                } else if (i % 4 == 0) {
                    storage.delete(key, kv.modRevision());
                } else {
                    storage.update(key, b("w" + i), kv.modRevision());
                }
                storage.create(prefix + String.format("n%05d", i), b("new"));
                writes.incrementAndGet();
                someWrites.countDown();
            }
        });
        try {
            assertTrue(someWrites.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            List<KeyValue> paged = new ArrayList<>();
            List<Boolean> mores = new ArrayList<>();
            List<Long> remaining = new ArrayList<>();
            String start = null;
            while (true) {
                RangeResult page = storage.range(prefix, start, 7, snapshot.revision());
                assertEquals(snapshot.revision(), page.revision());
                assertTrue(page.items().size() <= 7);
                paged.addAll(page.items());
                mores.add(page.more());
                remaining.add(page.more() ? storage.count(prefix, page.items().getLast().key() + "\0", snapshot.revision()) : 0L);
                assertRemaining(remaining.getLast(), page);
                if (!page.more()) {
                    break;
                }
                // The continue key: just after the last key of the page.
                start = page.items().getLast().key() + "\0";
            }
            assertEquals(List.of(true, true, true, true, false), mores);
            // counted at the snapshot's revision: the keys written since do not count
            assertEquals(List.of(23L, 16L, 9L, 2L, 0L), remaining);
            assertSameItems(snapshot.items(), paged);
        } finally {
            stop.set(true);
            writer.join();
        }
        assertTrue(writes.get() >= 10);
        assertFalse(keys(storage.range(prefix, null, 0, 0).items()).equals(keys(snapshot.items())),
                "the writer changed the prefix meanwhile");
    }

    @Test
    void rangeAtAnOldRevisionSeesTheValuesOfThatTime() {
        long r1 = storage.create("/registry/pods/ns1/a", b("v1"));
        long r2 = storage.update("/registry/pods/ns1/a", b("v2"), r1);
        long r3 = storage.create("/registry/pods/ns1/b", b("b1"));
        long r4 = storage.delete("/registry/pods/ns1/a", 0).revision();

        RangeResult at1 = storage.range("/registry/pods/ns1/", null, 0, r1);
        assertEquals(r1, at1.revision());
        assertEquals(List.of("v1"), values(at1.items()));
        assertEquals(r1, at1.items().getFirst().modRevision());
        assertEquals(List.of("v2", "b1"), values(storage.range("/registry/pods/ns1/", null, 0, r3).items()));
        assertEquals(List.of("v2"), values(storage.range("/registry/pods/ns1/", null, 0, r2).items()));
        assertEquals(List.of("/registry/pods/ns1/b"), keys(storage.range("/registry/pods/ns1/", null, 0, r4).items()));
        assertEquals(List.of("/registry/pods/ns1/b"), keys(storage.range("/registry/pods/ns1/", null, 0, 0).items()));
    }

    @Test
    void rangeAtAFutureRevisionThrows() {
        storage.create("/registry/pods/ns1/a", b("v1"));
        long future = storage.currentRevision() + 1000;
        assertThrows(FutureRevisionException.class, () -> storage.range("/registry/pods/", null, 0, future));
    }

    @Test
    void getNotOlderThanReadsAtLeastThatRevisionAndRefusesAFutureOne() {
        long r1 = storage.create("/registry/pods/ns1/a", b("v1"));
        long r2 = storage.update("/registry/pods/ns1/a", b("v2"), r1);
        assertEquals("v2", new String(storage.getNotOlderThan("/registry/pods/ns1/a", r2).value(), StandardCharsets.UTF_8));
        assertEquals(r2, storage.getNotOlderThan("/registry/pods/ns1/a", r1).modRevision(), "not older than r1: the newest value is fine");
        assertNotNull(storage.getNotOlderThan("/registry/pods/ns1/a", 0), "0 is any revision");
        assertNull(storage.getNotOlderThan("/registry/pods/ns1/missing", r2));
        long future = storage.currentRevision() + 1000;
        FutureRevisionException e = assertThrows(FutureRevisionException.class, () -> storage.getNotOlderThan("/registry/pods/ns1/a", future));
        assertEquals(future, e.requested());
        assertEquals(storage.currentRevision(), e.current());
    }

    // ---- watches ----

    @Test
    void watchFromARevisionReplaysHistoryThenContinuesLive() {
        String p = "/registry/pods/ns1/";
        long r1 = storage.create(p + "a", b("a1"));
        long r2 = storage.create(p + "b", b("b1"));
        long r3 = storage.update(p + "a", b("a2"), r1);
        storage.create("/registry/pods/ns1x/other", b("not watched"));

        RecordingListener listener = new RecordingListener();
        try (Watch ignored = storage.watch(p, r1, listener)) {
            List<WatchEvent> replayed = listener.awaitEvents(2, WAIT);
            long r4 = storage.create(p + "c", b("c1"));
            storage.create("/registry/pods/ns2/other", b("not watched"));
            long r5 = storage.delete(p + "b", r2).revision();
            List<WatchEvent> all = listener.awaitEvents(4, WAIT);

            assertEquals(2, replayed.size());
            assertEquals(List.of(r2, r3, r4, r5), revisions(all));
            assertEvent(all.get(0), WatchEvent.Type.PUT, p + "b", "b1", null);
            assertTrue(all.get(0).isCreate());
            assertEvent(all.get(1), WatchEvent.Type.PUT, p + "a", "a2", "a1");
            assertFalse(all.get(1).isCreate());
            assertEquals(r1, all.get(1).prevKv().modRevision());
            assertEquals(r1, all.get(1).kv().createRevision());
            assertEvent(all.get(2), WatchEvent.Type.PUT, p + "c", "c1", null);
            assertEvent(all.get(3), WatchEvent.Type.DELETE, p + "b", "b1", "b1");
            sleep(300);
            assertEquals(4, listener.events().size(), "no other keys, no duplicates");
        }
        assertFalse(listener.violatedContract());
    }

    @Test
    void deleteEventsCarryTheDeletedValue() {
        String key = "/registry/secrets/ns1/s";
        long created = storage.create(key, b("secret-1"));
        long updated = storage.update(key, b("secret-2"), created);
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = storage.watch("/registry/secrets/", 0, listener)) {
            long deleted = storage.delete(key, 0).revision();
            WatchEvent event = listener.awaitEvents(1, WAIT).getFirst();
            assertEquals(WatchEvent.Type.DELETE, event.type());
            assertEquals(key, event.kv().key());
            assertEquals(deleted, event.revision());
            assertEquals("secret-2", s(event.kv().value()));
            assertEquals(created, event.kv().createRevision());
            assertNotNull(event.prevKv());
            assertEquals("secret-2", s(event.prevKv().value()));
            assertEquals(updated, event.prevKv().modRevision());
        }
    }

    @Test
    void watchesSeeEveryRevisionExactlyOnceInOrderUnderConcurrentWriters() throws Exception {
        String p = "/registry/things/";
        // A write first: on an empty store the current revision is 0, which a watch reads as "from now on".
        long start = storage.create("/registry/marker", b("m"));
        RecordingListener fromStart = new RecordingListener();
        RecordingListener lateFromStart = new RecordingListener();
        RecordingListener fromNow = new RecordingListener();
        ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
        int writers = 4;
        int perWriter = 150;
        CountDownLatch halfway = new CountDownLatch(writers * perWriter / 2);
        Watch a = storage.watch(p, start, fromStart);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        Watch late;
        Watch now;
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        writes.add(writeSomething(p + "w" + writer + "-" + (i % 10), i));
                        halfway.countDown();
                    }
                    return null;
                }));
            }
            assertTrue(halfway.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            // Opened while writes go on: catch-up and live feed must meet without gap or overlap.
            late = storage.watch(p, start, lateFromStart);
            now = storage.watch(p, 0, fromNow);
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Write> expected = writes.stream().sorted(Comparator.comparingLong(Write::revision)).toList();
        assertEquals(writers * perWriter, expected.size());
        for (RecordingListener l : List.of(fromStart, lateFromStart)) {
            List<WatchEvent> events = l.awaitEvents(expected.size(), WAIT);
            assertEquals(expected.size(), events.size());
            for (int i = 0; i < expected.size(); i++) {
                Write w = expected.get(i);
                WatchEvent e = events.get(i);
                assertEquals(w.revision(), e.revision(), "event " + i);
                assertEquals(w.key(), e.kv().key());
                assertEquals(w.type(), e.type());
            }
        }
        sleep(300);
        List<WatchEvent> tail = fromNow.events();
        List<Long> expectedRevisions = expected.stream().map(Write::revision).toList();
        assertEquals(expectedRevisions.subList(expectedRevisions.size() - tail.size(), expectedRevisions.size()),
                revisions(tail), "a watch from now sees a gap-free tail of the writes");
        assertEquals(expected.size(), fromStart.events().size(), "no duplicates arrive later");
        a.close();
        late.close();
        now.close();
        assertFalse(fromStart.violatedContract() || lateFromStart.violatedContract() || fromNow.violatedContract());
    }

    @Test
    void slowWatcherThatOverflowsItsQueueStillSeesEveryEventOnce() throws Exception {
        try (Storage small = newStorageWithWatchQueue(8)) {
            RecordingListener slow = new RecordingListener(3);
            List<Long> written = new ArrayList<>();
            try (Watch ignored = small.watch("/registry/slow/", 0, slow)) {
                for (int i = 0; i < 200; i++) {
                    written.add(small.create("/registry/slow/k" + i, b("v" + i)));
                }
                List<WatchEvent> events = slow.awaitEvents(200, WAIT);
                assertEquals(written, revisions(events));
                sleep(200);
                assertEquals(200, slow.events().size());
                assertNull(slow.error());
            }
        }
    }

    @Test
    void idleWatchGetsProgressNotifications() {
        long rev = storage.create("/registry/pods/ns1/a", b("v1"));
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = storage.watch("/registry/pods/", 0, listener)) {
            listener.awaitProgress(rev, 2, WAIT);
            long rev2 = storage.create("/registry/other/x", b("elsewhere"));
            listener.awaitProgress(rev2, 1, WAIT);
            assertEquals(List.of(), listener.events());
            List<Long> progress = listener.progress();
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back: " + progress);
            }
        }
    }

    @Test
    void closingAWatchStopsDelivery() {
        RecordingListener listener = new RecordingListener();
        Watch watch = storage.watch("/registry/pods/", 0, listener);
        storage.create("/registry/pods/ns1/a", b("v1"));
        listener.awaitEvents(1, WAIT);
        watch.close();
        assertEquals(1, listener.closedCalls());
        storage.create("/registry/pods/ns1/b", b("v2"));
        sleep(500);
        assertEquals(1, listener.events().size());
        watch.close();
        assertEquals(1, listener.closedCalls(), "close is idempotent");
        assertFalse(listener.violatedContract());
    }

    @Test
    void closingTheStorageEndsItsWatches() {
        RecordingListener listener = new RecordingListener();
        storage.watch("/registry/pods/", 0, listener);
        storage.close();
        listener.awaitClosed(WAIT);
        assertFalse(listener.violatedContract());
    }

    // ---- compaction ----

    @Test
    void watchFromACompactedRevisionFails() {
        String p = "/registry/pods/ns1/";
        long r1 = storage.create(p + "a", b("a1"));
        long r2 = storage.update(p + "a", b("a2"), r1);
        long r3 = storage.update(p + "a", b("a3"), r2);
        long r4 = storage.create(p + "b", b("b1"));
        storage.compact(r3);

        RecordingListener listener = new RecordingListener();
        try {
            Watch watch = storage.watch(p, r1, listener);
            assertInstanceOf(CompactedException.class, listener.awaitError(WAIT));
            watch.close();
        } catch (CompactedException expected) {
            // Thrown synchronously: equally allowed by the contract.
        }
        assertEquals(List.of(), listener.events());

        RecordingListener atCompaction = new RecordingListener();
        try (Watch ignored = storage.watch(p, r3, atCompaction)) {
            assertEquals(List.of(r4), revisions(atCompaction.awaitEvents(1, WAIT)));
        }
    }

    @Test
    void rangeAtACompactedRevisionThrows() {
        String p = "/registry/pods/ns1/";
        long r1 = storage.create(p + "a", b("a1"));
        long r2 = storage.update(p + "a", b("a2"), r1);
        long r3 = storage.update(p + "a", b("a3"), r2);
        storage.compact(r3);
        assertThrows(CompactedException.class, () -> storage.range(p, null, 0, r1));
        assertThrows(CompactedException.class, () -> storage.range(p, null, 0, r2));
        assertEquals(List.of("a3"), values(storage.range(p, null, 0, r3).items()));
    }

    @Test
    void compactingAtAFutureRevisionThrows() {
        storage.create("/registry/pods/ns1/a", b("a1"));
        long future = storage.currentRevision() + 100;
        assertThrows(FutureRevisionException.class, () -> storage.compact(future));
    }

    @Test
    void compactingAgainAtTheSameOrAnOlderRevisionChangesNothing() {
        String p = "/registry/pods/ns1/";
        long r1 = storage.create(p + "a", b("a1"));
        long r2 = storage.update(p + "a", b("a2"), r1);
        long r3 = storage.update(p + "a", b("a3"), r2);
        storage.compact(r2);
        storage.compact(r2);
        storage.compact(r1);
        assertThrows(CompactedException.class, () -> storage.range(p, null, 0, r1));
        assertEquals(List.of("a2"), values(storage.range(p, null, 0, r2).items()));
        assertEquals(List.of("a3"), values(storage.range(p, null, 0, r3).items()));
    }

    @Test
    void currentValuesSurviveCompaction() {
        String p = "/registry/configmaps/ns1/";
        long rev = 0;
        for (int round = 0; round < 5; round++) {
            for (String name : List.of("a", "b", "c", "d", "e")) {
                KeyValue kv = storage.get(p + name);
                rev = kv == null ? storage.create(p + name, b(name + round))
                        : storage.update(p + name, b(name + round), kv.modRevision());
            }
        }
        storage.delete(p + "c", 0);
        storage.delete(p + "d", 0);
        storage.create(p + "d", b("d-again"));
        storage.delete(p + "e", 0);
        RangeResult before = storage.range(p, null, 0, 0);

        storage.compact(storage.currentRevision());

        RangeResult after = storage.range(p, null, 0, 0);
        assertSameItems(before.items(), after.items());
        assertEquals(List.of("a4", "b4", "d-again"), values(after.items()));
        assertNull(storage.get(p + "c"));
        assertNull(storage.get(p + "e"));
        assertSameItems(before.items(), storage.range(p, null, 0, before.revision()).items());
        KeyValue a = storage.get(p + "a");
        assertTrue(storage.update(p + "a", b("a5"), a.modRevision()) > rev, "writes go on after compaction");
        assertEquals(before.revision() + 1, storage.currentRevision());
    }

    // ---- concurrency, sizes, encodings ----

    @Test
    void concurrentCompareAndSwapIncrementsLoseNothing() throws Exception {
        String key = "/registry/counters/shared";
        storage.create(key, b("0"));
        int threads = 16;
        int increments = 1000;
        AtomicLong conflicts = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    KeyValue kv = storage.get(key);
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            byte[] next = b(Long.toString(Long.parseLong(s(kv.value())) + 1));
                            try {
                                long rev = storage.update(key, next, kv.modRevision());
                                kv = new KeyValue(key, next, kv.createRevision(), rev);
                                break;
                            } catch (ConflictException e) {
                                conflicts.incrementAndGet();
                                kv = e.current();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("16000", s(storage.get(key).value()));
        System.err.println(getClass().getSimpleName() + ": CAS increments saw " + conflicts.get() + " conflicts");
    }

    @Test
    void largeValuesRoundTrip() {
        Random random = new Random(42);
        byte[] big1 = new byte[LARGE_VALUE_BYTES];
        byte[] big2 = new byte[LARGE_VALUE_BYTES];
        random.nextBytes(big1);
        random.nextBytes(big2);
        String key = "/registry/configmaps/ns1/big";
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = storage.watch("/registry/configmaps/", 0, listener)) {
            long created = storage.create(key, big1);
            assertArrayEquals(big1, storage.get(key).value());
            long updated = storage.update(key, big2, created);
            assertArrayEquals(big2, storage.range("/registry/configmaps/", null, 0, 0).items().getFirst().value());
            assertArrayEquals(big1, storage.range("/registry/configmaps/", null, 0, created).items().getFirst().value());
            DeleteResult deleted = storage.delete(key, updated);
            assertArrayEquals(big2, deleted.deleted().value());

            List<WatchEvent> events = listener.awaitEvents(3, WAIT);
            assertArrayEquals(big1, events.get(0).kv().value());
            assertArrayEquals(big2, events.get(1).kv().value());
            assertArrayEquals(big1, events.get(1).prevKv().value());
            assertEquals(WatchEvent.Type.DELETE, events.get(2).type());
            assertArrayEquals(big2, events.get(2).kv().value());
        }
    }

    @Test
    void nonAsciiKeysRoundTripAndSortByUtf8Bytes() {
        String p = "/registry/configmaps/ns/";
        List<String> names = List.of("名前-ü", "zzz", "ñ", "abc", "😀");
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = storage.watch(p, 0, listener)) {
            for (String name : names) {
                storage.create(p + name, b("value of " + name));
            }
            assertEquals("value of 名前-ü", s(storage.get(p + "名前-ü").value()));
            // UTF-8 byte order: ASCII < U+00F1 (C3 B1) < U+540D (E5 90 8D) < U+1F600 (F0 9F 98 80).
            assertEquals(List.of(p + "abc", p + "zzz", p + "ñ", p + "名前-ü", p + "😀"),
                    keys(storage.range(p, null, 0, 0).items()));
            assertEquals(List.of(p + "名前-ü"), keys(storage.range(p + "名", null, 0, 0).items()));
            assertEquals(List.of(p + "😀"), keys(storage.range(p + "😀", null, 0, 0).items()));
            RangeResult page = storage.range(p, null, 3, 0);
            assertEquals(List.of(p + "abc", p + "zzz", p + "ñ"), keys(page.items()));
            assertEquals(List.of(p + "名前-ü", p + "😀"),
                    keys(storage.range(p, page.items().getLast().key() + "\0", 3, page.revision()).items()));

            KeyValue kv = storage.get(p + "名前-ü");
            storage.update(p + "名前-ü", b("changed"), kv.modRevision());
            storage.delete(p + "名前-ü", 0);
            List<WatchEvent> events = listener.awaitEvents(7, WAIT);
            assertEquals(p + "名前-ü", events.get(0).kv().key());
            assertEquals(p + "名前-ü", events.get(5).kv().key());
            assertEquals(WatchEvent.Type.DELETE, events.get(6).type());
            assertEquals(p + "名前-ü", events.get(6).kv().key());
        }
    }

    // ---- helpers ----

    /** One write done by a test writer thread. */
    protected record Write(long revision, String key, WatchEvent.Type type) {
    }

    /** Creates, updates or deletes {@code key}, depending on whether it exists and on {@code i}. */
    protected Write writeSomething(String key, int i) {
        KeyValue kv = storage.get(key);
        if (kv == null) {
            return new Write(storage.create(key, b("c" + i)), key, WatchEvent.Type.PUT);
        }
        if (i % 3 == 0) {
            return new Write(storage.delete(key, kv.modRevision()).revision(), key, WatchEvent.Type.DELETE);
        }
        return new Write(storage.update(key, b("u" + i), kv.modRevision()), key, WatchEvent.Type.PUT);
    }

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    protected static List<String> keys(List<KeyValue> items) {
        return items.stream().map(KeyValue::key).toList();
    }

    protected static List<String> values(List<KeyValue> items) {
        return items.stream().map(kv -> s(kv.value())).toList();
    }

    protected static List<Long> revisions(List<WatchEvent> events) {
        return events.stream().map(WatchEvent::revision).toList();
    }

    protected static void assertSameItems(List<KeyValue> expected, List<KeyValue> actual) {
        assertEquals(keys(expected), keys(actual));
        for (int i = 0; i < expected.size(); i++) {
            KeyValue e = expected.get(i);
            KeyValue a = actual.get(i);
            assertTrue(Arrays.equals(e.value(), a.value()), "value of " + e.key());
            assertEquals(e.createRevision(), a.createRevision(), "create revision of " + e.key());
            assertEquals(e.modRevision(), a.modRevision(), "mod revision of " + e.key());
        }
    }

    protected static void assertEvent(WatchEvent event, WatchEvent.Type type, String key, String value, String prevValue) {
        assertEquals(type, event.type());
        assertEquals(key, event.kv().key());
        assertEquals(value, s(event.kv().value()));
        if (prevValue == null) {
            assertNull(event.prevKv());
        } else {
            assertEquals(prevValue, s(event.prevKv().value()));
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A backend that counted for free (etcd) counted right; others say UNCOUNTED. */
    private static void assertRemaining(long expected, RangeResult page) {
        if (page.remaining() != RangeResult.UNCOUNTED) {
            assertEquals(expected, page.remaining(), "the keys after the page, as counted by the backend");
        }
    }
}
