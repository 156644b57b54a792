package io.capstan.apiserver.storage;

import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link IntervalCompactor} over SQLite; the backend's own compaction is covered by the storage contract. */
class IntervalCompactorTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachTickCompactsToTheRevisionSeenAtThePreviousTick() {
        try (SqliteStorage storage = new SqliteStorage(dir.resolve("c.db"))) {
            IntervalCompactor compactor = IntervalCompactor.manual(storage);
            long r1 = storage.create("/registry/a/x", b("1"));
            assertEquals(0, compactor.tick(), "the first tick only records the revision");
            long r2 = storage.update("/registry/a/x", b("2"), r1);
            assertEquals(r1, compactor.tick());
            assertEquals(r1, storage.range("/registry/a/", null, 0, r1).revision(), "the previous tick's revision stays readable");
            storage.update("/registry/a/x", b("3"), r2);
            assertEquals(r2, compactor.tick());
            assertThrows(CompactedException.class, () -> storage.range("/registry/a/", null, 0, r1));
            assertEquals("3", new String(storage.get("/registry/a/x").value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void idleTicksCompactNothingTwice() {
        try (SqliteStorage storage = new SqliteStorage(dir.resolve("c.db"))) {
            IntervalCompactor compactor = IntervalCompactor.manual(storage);
            long r1 = storage.create("/registry/a/x", b("1"));
            compactor.tick();
            assertEquals(r1, compactor.tick());
            assertEquals(0, compactor.tick(), "no write since the last compaction: nothing to do");
        }
    }

    @Test
    void aZeroIntervalDisablesCompaction() throws Exception {
        try (SqliteStorage storage = new SqliteStorage(dir.resolve("c.db"));
             IntervalCompactor ignored = IntervalCompactor.start(storage, Duration.ZERO)) {
            long r1 = storage.create("/registry/a/x", b("1"));
            storage.update("/registry/a/x", b("2"), r1);
            Thread.sleep(50);
            assertEquals(r1, storage.range("/registry/a/", null, 0, r1).revision());
        }
    }

    @Test
    void aRunningCompactorCompactsOnItsOwn() throws Exception {
        try (SqliteStorage storage = new SqliteStorage(dir.resolve("c.db"));
             IntervalCompactor ignored = IntervalCompactor.start(storage, Duration.ofMillis(50))) {
            long r1 = storage.create("/registry/a/x", b("1"));
            storage.update("/registry/a/x", b("2"), r1);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (storage.compactedRevision() < r1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(storage.compactedRevision() >= r1, "compacted to " + storage.compactedRevision());
        }
    }
}
