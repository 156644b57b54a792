package io.capstan.apiserver;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.etcd.EtcdStorage;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.server.GoDuration;
import io.capstan.common.server.UsageException;
import io.helidon.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Opens the storage the flags choose: {@code --storage-backend sqlite} (default) or {@code etcd3}. */
final class StorageBackend {
    private StorageBackend() {
    }

    static Storage open(Config config) {
        String backend = config.get("storage.backend").asString().orElse("sqlite");
        return switch (backend) {
            case "sqlite" -> {
                Path dir = Path.of(config.get("storage.data-dir").asString().orElse("./data"));
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create --data-dir " + dir + ": " + e.getMessage(), e);
                }
                yield new SqliteStorage(dir.resolve("capstan.db"));
            }
            case "etcd3", "etcd" -> {
                String servers = config.get("etcd.servers").asString().orElse("");
                if (servers.isBlank()) {
                    throw new UsageException("--storage-backend " + backend + " needs --etcd-servers, e.g. --etcd-servers http://127.0.0.1:2379");
                }
                List<String> endpoints = Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                yield new EtcdStorage(endpoints, GoDuration.parse(config.get("etcd.request-timeout").asString().orElse("10s")));
            }
            default -> throw new UsageException("unknown --storage-backend \"" + backend + "\"; use sqlite or etcd3");
        };
    }
}
