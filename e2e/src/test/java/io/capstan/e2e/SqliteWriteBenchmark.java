package io.capstan.e2e;

import io.capstan.apiserver.storage.sqlite.SqliteStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link WriteBenchmark} on SQLite, against raw {@link SqliteStorage} creates on a file of its own. */
@ControlPlane(storage = StorageBackend.SQLITE)
class SqliteWriteBenchmark extends WriteBenchmark {
    private SqliteStorage raw;
    private Path dir;

    @Override
    LoadRun.Op rawCreate(LocalControlPlane plane) {

        try {
            dir = Files.createTempDirectory("capstan-bench-sqlite");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        raw = new SqliteStorage(dir.resolve("raw.db"));
        // Each load run restarts seq at 0; a counter of our own keeps every key new, so every create succeeds.
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        return seq -> {
            long n = next.incrementAndGet();
            raw.create("/registry/configmaps/raw/r" + n, rawValue("r" + n));
        };
    }

    @Override
    java.util.List<String> measuredProcesses() {
        return java.util.List.of("apiserver");
    }

    @Override
    void closeRaw() {
        if (raw != null) {
            raw.close();
            LocalControlPlane.deleteRecursively(dir);
        }
    }
}
