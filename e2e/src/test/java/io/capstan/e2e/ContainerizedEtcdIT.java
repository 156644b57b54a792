package io.capstan.e2e;

import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.etcd.EtcdStorage;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The etcd backend against etcd in a container, where a Docker engine exists (a developer laptop);
 * skipped cleanly without one. The same behaviour is covered with a local etcd process by
 * {@code EtcdStorageTest} and {@code EtcdSmokeIT}, which run everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerizedEtcdIT {
    private static final int CLIENT_PORT = 2379;

    @Container
    private static final GenericContainer<?> ETCD = new GenericContainer<>(DockerImageName.parse("quay.io/coreos/etcd:v3.5.16"))
            .withCommand("etcd", "--listen-client-urls=http://0.0.0.0:" + CLIENT_PORT,
                    "--advertise-client-urls=http://127.0.0.1:" + CLIENT_PORT)
            .withExposedPorts(CLIENT_PORT)
            .waitingFor(Wait.forHttp("/health").forPort(CLIENT_PORT));

    @Test
    void createThenCompareAndSwapThroughTheEtcdBackend() {
        String endpoint = "http://" + ETCD.getHost() + ":" + ETCD.getMappedPort(CLIENT_PORT);
        try (EtcdStorage storage = new EtcdStorage(List.of(endpoint), Duration.ofSeconds(10))) {
            long created = storage.create("/registry/configmaps/default/c", "v1".getBytes(StandardCharsets.UTF_8));
            long updated = storage.update("/registry/configmaps/default/c", "v2".getBytes(StandardCharsets.UTF_8), created);
            KeyValue kv = storage.get("/registry/configmaps/default/c");
            assertEquals("v2", new String(kv.value(), StandardCharsets.UTF_8));
            assertEquals(updated, kv.modRevision());
            assertEquals(created, kv.createRevision());
        }
    }
}
