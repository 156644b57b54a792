package io.capstan.apiserver.storage.cache;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageContractTest;
import io.capstan.apiserver.storage.sqlite.SqliteOptions;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
}
