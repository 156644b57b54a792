package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.RecordingListener;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageContractTest;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the storage contract against {@link SqliteStorage}, plus what only a file-backed store has. */
class SqliteStorageTest extends StorageContractTest {
    private static final Duration PROGRESS = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new SqliteStorage(dir.resolve("capstan.db"), SqliteOptions.defaults().withProgressInterval(PROGRESS));
    }

    @Override
    protected Storage newStorageWithWatchQueue(int events) {
        return new SqliteStorage(dir.resolve("small-queue.db"),
                SqliteOptions.defaults().withProgressInterval(PROGRESS).withWatchQueue(events, 1 << 20));
    }

    @Test
    void dataSurvivesClosingAndReopeningTheFile() {
        long r1 = storage.create("/registry/pods/ns1/a", b("a1"));
        long r2 = storage.update("/registry/pods/ns1/a", b("a2"), r1);
        storage.create("/registry/pods/ns1/b", b("b1"));
        long r4 = storage.delete("/registry/pods/ns1/b", 0).revision();
        storage.close();

        storage = newStorage();
        assertEquals(r4, storage.currentRevision());
        KeyValue a = storage.get("/registry/pods/ns1/a");
        assertEquals("a2", s(a.value()));
        assertEquals(r1, a.createRevision());
        assertEquals(r2, a.modRevision());
        assertNull(storage.get("/registry/pods/ns1/b"));
        assertEquals(List.of("a1"), values(storage.range("/registry/pods/", null, 0, r1).items()));
        assertEquals(r4 + 1, storage.create("/registry/pods/ns1/c", b("c1")));
    }

    @Test
    void revisionsStayMonotonicAfterCompactionDeletesTheNewestRow() {
        storage.create("/registry/pods/ns1/a", b("a1"));
        long deleted = storage.delete("/registry/pods/ns1/a", 0).revision();
        storage.compact(deleted);
        assertEquals(0, countRows(), "the tombstone (the newest row) was compacted away");
        storage.close();

        storage = newStorage();
        assertEquals(deleted, storage.currentRevision());
        assertEquals(deleted + 1, storage.create("/registry/pods/ns1/a", b("a2")));
    }

    @Test
    void compactionDeletesSupersededRowsAndTombstonesOnly() {
        String p = "/registry/pods/ns1/";
        long a = storage.create(p + "a", b("a0"));
        for (int i = 1; i <= 5; i++) {
            a = storage.update(p + "a", b("a" + i), a);
        }
        storage.create(p + "b", b("b0"));
        storage.delete(p + "b", 0);
        storage.create(p + "c", b("c0"));
        assertEquals(9, countRows());

        storage.compact(storage.currentRevision());
        assertEquals(2, countRows(), "only the live rows of a and c remain");
        assertEquals(List.of("a5", "c0"), values(storage.range(p, null, 0, 0).items()));
        assertEquals(storage.currentRevision(), ((SqliteStorage) storage).compactedRevision());
    }

    @Test
    void compactionDoesNotBlockWrites() throws Exception {
        // NORMAL synchronous only to build the large history quickly; compaction is what is tested.
        storage.close();
        storage = new SqliteStorage(dir.resolve("compaction.db"), SqliteOptions.defaults()
                .withSynchronous(SqliteOptions.Synchronous.NORMAL).withProgressInterval(PROGRESS));
        String p = "/registry/events/ns1/";
        long[] mod = new long[100];
        for (int round = 0; round < 300; round++) {
            for (int k = 0; k < mod.length; k++) {
                mod[k] = round == 0 ? storage.create(p + k, b("r0"))
                        : storage.update(p + k, b("r" + round), mod[k]);
            }
        }
        long compactTo = storage.currentRevision();
        assertEquals(30_000, compactTo);

        AtomicBoolean compacting = new AtomicBoolean(true);
        AtomicLong slowestNanos = new AtomicLong();
        AtomicInteger writesDuringCompaction = new AtomicInteger();
        List<Long> writerRevisions = new ArrayList<>();
        CountDownLatch writing = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            long rev = storage.create("/registry/events/writer/x", b("0"));
            writerRevisions.add(rev);
            writing.countDown();
            for (int i = 1; compacting.get(); i++) {
                long t0 = System.nanoTime();
                rev = storage.update("/registry/events/writer/x", b(Integer.toString(i)), rev);
                slowestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                writerRevisions.add(rev);
                writesDuringCompaction.incrementAndGet();
            }
        });
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        long started = System.nanoTime();
        storage.compact(compactTo);
        long compactionMillis = (System.nanoTime() - started) / 1_000_000;
        compacting.set(false);
        writer.join();

        System.err.println("compaction of 30000 revisions took " + compactionMillis + " ms; " + writesDuringCompaction.get()
                + " writes meanwhile, slowest " + slowestNanos.get() / 1_000_000 + " ms");
        assertTrue(writesDuringCompaction.get() > 10, "writes interleaved with the compaction batches");
        assertTrue(slowestNanos.get() < TimeUnit.SECONDS.toNanos(1), "no write waited a second");
        assertEquals(Integer.toString(writerRevisions.size() - 1), s(storage.get("/registry/events/writer/x").value()));
        assertEquals(100 + writerRevisions.size(), countRows("compaction.db"),
                "each compacted key keeps one row; the writer's rows, all after the compaction point, stay");
        RangeResult current = storage.range(p, null, 0, 0);
        assertEquals(100, current.items().size());
        assertTrue(current.items().stream().allMatch(kv -> s(kv.value()).equals("r299")));
        assertThrows(CompactedException.class, () -> storage.range(p, null, 0, compactTo - 1));
    }

    @Test
    void watchCatchUpReadsLongHistoriesInPages() {
        // More rows (600 > 256) and more bytes (600 x 20 KiB > 8 MiB) than one catch-up page holds.
        byte[] value = new byte[20 * 1024];
        long start = storage.create("/registry/marker", b("m"));
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            value[0] = (byte) i;
            written.add(storage.create("/registry/history/k" + i, value.clone()));
            storage.create("/registry/elsewhere/k" + i, b("not watched"));
        }
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = storage.watch("/registry/history/", start, listener)) {
            List<WatchEvent> events = listener.awaitEvents(600, WAIT);
            assertEquals(written, revisions(events));
            assertEquals((byte) 599, events.getLast().kv().value()[0]);
            long live = storage.create("/registry/history/live", value);
            assertEquals(live, listener.awaitEvents(601, WAIT).getLast().revision());
        }
    }

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        storage.close();
        Path file = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int lastAcked = -1;
        long lastRevision = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    String[] parts = line.split(" ");
                    lastAcked = Integer.parseInt(parts[1]);
                    lastRevision = Long.parseLong(parts[2]);
                    if (lastAcked >= 300) {
                        // SIGKILL: no shutdown hooks, no close, no flush beyond what each commit did.
                        child.toHandle().destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(lastAcked >= 300, "the child acknowledged writes");

        storage = new SqliteStorage(file);
        assertTrue(storage.currentRevision() >= lastRevision);
        for (int i = 0; i <= lastAcked; i++) {
            KeyValue kv = storage.get("/registry/crash/k" + i);
            assertArrayEquals(b("v" + i), kv == null ? null : kv.value(), "acknowledged write " + i);
        }
    }

    private long countRows() {
        return countRows("capstan.db");
    }

    private long countRows(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM kv")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
