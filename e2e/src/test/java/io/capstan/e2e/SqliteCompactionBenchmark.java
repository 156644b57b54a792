package io.capstan.e2e;

import io.capstan.apiserver.storage.sqlite.SqliteOptions;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write latency of {@link SqliteStorage} while it compacts a long history, against the same writes
 * without compaction, in one run: compaction must not block writes. The same history is compacted
 * twice: half in the default short batches, half in one transaction (what a compactor that blocked
 * writers would do), for contrast. Run with {@code -Pbench}; never part of {@code ./mvnw verify}.
 */
class SqliteCompactionBenchmark {
    static final int REVISIONS = Integer.getInteger("capstan.bench.compaction.revisions", 60_000);
    static final int KEYS = 1_000;
    static final int WRITERS = 16;
    static final Duration RUN = Duration.ofSeconds(Long.getLong("capstan.bench.seconds", 5));
    static final byte[] VALUE = ("{\"kind\":\"ConfigMap\",\"data\":{\"d\":\"" + "x".repeat(800) + "\"}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void writeLatencyDuringCompactionVersusWithout() throws Exception {
        Path dir = Files.createTempDirectory("capstan-bench-compaction");
        List<String> lines = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        try {
            SqliteStorage storage = new SqliteStorage(dir.resolve("kv.db"));
            // History to compact: every key rewritten many times, so most rows are superseded.
            long started = System.nanoTime();
            for (int k = 0; k < KEYS; k++) {
                storage.create("/registry/configmaps/hist/k" + k, VALUE);
            }
            AtomicLong written = new AtomicLong(KEYS);
            SqliteStorage history = storage;
            LoadRun.run("history", WRITERS, () -> written.get() < REVISIONS, seq -> {
                String key = "/registry/configmaps/hist/k" + (seq % KEYS);
                // Two writers may pick the same key; the loser's conflict counts as an error and is skipped.
                var kv = history.get(key);
                history.update(key, VALUE, kv.modRevision());
                written.incrementAndGet();
            });
            lines.add("history: %d revisions over %d keys in %d s".formatted(storage.currentRevision(), KEYS,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds()));
            long half = storage.currentRevision() / 2;

            lines.add(LoadRun.run("creates, no compaction", WRITERS, RUN, creates(storage, next)).toString());
            lines.add(duringCompaction(storage, half, next, "creates during compaction (batches of "
                    + SqliteOptions.defaults().compactBatchRows() + " revisions)"));

            // The second half in one transaction, for contrast: the compactor this storage must not have.
            long end = storage.currentRevision();
            storage.close();
            storage = new SqliteStorage(dir.resolve("kv.db"), SqliteOptions.defaults().withCompactBatchRows(Integer.MAX_VALUE));
            lines.add(LoadRun.run("creates, no compaction (reopened)", WRITERS, RUN, creates(storage, next)).toString());
            lines.add(duringCompaction(storage, end, next, "creates during compaction (one transaction)"));
            storage.close();
        } finally {
            LocalControlPlane.deleteRecursively(dir);
        }
        BenchmarkReport.print(getClass().getSimpleName(), lines);
    }

    private static LoadRun.Op creates(SqliteStorage storage, AtomicLong next) {
        return seq -> {
            long n = next.incrementAndGet();
            storage.create("/registry/configmaps/new/c" + n, VALUE);
        };
    }

    /** Compacts to {@code revision} on another thread while writers create; their latency and the compaction's time. */
    private static String duringCompaction(SqliteStorage storage, long revision, AtomicLong next, String label)
            throws InterruptedException {
        AtomicBoolean compacting = new AtomicBoolean(true);
        AtomicLong took = new AtomicLong();
        Thread compactor = Thread.ofPlatform().start(() -> {
            long s = System.nanoTime();
            try {
                storage.compact(revision);
            } finally {
                took.set(System.nanoTime() - s);
                compacting.set(false);
            }
        });
        LoadRun.Result r = LoadRun.run(label, WRITERS, compacting::get, creates(storage, next));
        compactor.join();
        return r + "  (compaction to revision %d took %d ms)".formatted(revision, took.get() / 1_000_000);
    }
}
