package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RecordingListener;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageContractTest;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchEvent;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the storage contract against a real etcd started by {@link EtcdProcess}, plus outage
 * behaviour. Without etcd on the PATH the class is skipped, except on CI (CI=true), where that fails.
 */
class EtcdStorageTest extends StorageContractTest {
    private static final Duration PROGRESS = Duration.ofMillis(200);
    private static final ByteSequence ZERO = ByteSequence.from(new byte[] {0});

    @TempDir
    static Path work;
    private static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        if (!EtcdProcess.available()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("etcd not found on PATH; install etcd-server");
            }
            String reason = "SKIPPING EtcdStorageTest: etcd not found on PATH; install etcd-server to run it";
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        etcd = EtcdProcess.start(work.resolve("etcd"));
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Storage newStorage() throws Exception {
        wipe();
        return new EtcdStorage(etcd.endpoints(), EtcdOptions.defaults().withProgressInterval(PROGRESS));
    }

    @Override
    protected Storage newStorageWithWatchQueue(int events) {
        return new EtcdStorage(etcd.endpoints(),
                EtcdOptions.defaults().withProgressInterval(PROGRESS).withWatchQueue(events, 1 << 20));
    }

    /** Tests share one etcd; each starts from an empty key space (revisions keep counting up). */
    private static void wipe() throws Exception {
        try (Client client = Client.builder().endpoints(etcd.clientUrl()).build()) {
            client.getKVClient().delete(ZERO, DeleteOption.builder().withRange(ZERO).build()).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMemberThatIsDownIsSkippedForOneThatAnswers() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        List<String> endpoints = new ArrayList<>();
        endpoints.add("http://127.0.0.1:" + deadPort);
        endpoints.addAll(etcd.endpoints());
        try (Storage both = new EtcdStorage(endpoints, Duration.ofSeconds(5))) {
            long revision = both.create("/registry/pods/ns1/multi", b("v1"));
            assertEquals(revision, both.get("/registry/pods/ns1/multi").modRevision());
            assertEquals(1, both.range("/registry/pods/ns1/", null, 0, 0).items().size());
        }
    }

    @Test
    void httpsEndpointsSpeakTlsSoAPlaintextEtcdIsUnavailable() {
        // The test etcd serves plaintext: a TLS client cannot complete a handshake with it.
        String https = etcd.clientUrl().replaceFirst("^http:", "https:");
        try (Storage tls = new EtcdStorage(List.of(https), Duration.ofSeconds(1))) {
            StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                    () -> tls.get("/registry/pods/ns1/a"));
            assertTrue(e.getMessage().contains(https), e.getMessage());
        }
    }

    @Test
    void callsFailFastWithStorageUnavailableWhileEtcdIsDown() throws Exception {
        storage.close();
        Duration timeout = Duration.ofSeconds(1);
        storage = new EtcdStorage(etcd.endpoints(), EtcdOptions.defaults().withRequestTimeout(timeout));
        storage.create("/registry/pods/ns1/a", b("v1"));
        etcd.kill();
        try {
            for (Runnable call : List.<Runnable>of(
                    () -> storage.get("/registry/pods/ns1/a"),
                    () -> storage.create("/registry/pods/ns1/b", b("v")),
                    () -> storage.range("/registry/pods/", null, 0, 0),
                    storage::currentRevision)) {
                long started = System.nanoTime();
                assertThrows(StorageUnavailableException.class, call::run);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(millis < timeout.toMillis() + 1500, "failed after " + millis + " ms, not within the timeout");
            }
        } finally {
            etcd.start();
        }
        assertEquals("v1", s(retry(() -> storage.get("/registry/pods/ns1/a")).value()), "the client recovers");
    }

    @Test
    void watchResumesAfterEtcdRestartWithoutLosingOrRepeatingEvents() throws Exception {
        storage.close();
        storage = new EtcdStorage(etcd.endpoints(), EtcdOptions.defaults()
                .withRequestTimeout(Duration.ofSeconds(2)).withProgressInterval(PROGRESS)
                .withMaxRetryBackoff(Duration.ofMillis(500)));
        String p = "/registry/pods/outage/";
        List<Long> written = new ArrayList<>();
        RecordingListener listener = new RecordingListener();
        try (Watch ignored = storage.watch(p, 0, listener)) {
            for (int i = 0; i < 5; i++) {
                written.add(storage.create(p + "before-" + i, b("v" + i)));
            }
            listener.awaitEvents(5, WAIT);

            etcd.kill();
            sleep(1000);
            etcd.start();
            // Written by another client right after the restart, very likely before the watch is back.
            try (Storage other = new EtcdStorage(etcd.endpoints(), Duration.ofSeconds(5))) {
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    written.add(retry(() -> other.create(p + "after-" + n, b("w" + n))));
                }
                KeyValue first = other.get(p + "before-0");
                written.add(other.update(p + "before-0", b("changed"), first.modRevision()));
                written.add(other.delete(p + "before-1", 0).revision());
            }

            List<WatchEvent> events = listener.awaitEvents(written.size(), WAIT);
            assertEquals(written, revisions(events));
            assertEquals(WatchEvent.Type.DELETE, events.getLast().type());
            assertEquals("v1", s(events.getLast().kv().value()));
            sleep(500);
            assertEquals(written.size(), listener.events().size(), "nothing repeated later");
            assertNull(listener.error());
            assertFalse(listener.violatedContract());
        }
    }

    /** Retries a call while etcd comes back (the gRPC channel reconnects with its own backoff). */
    private static <T> T retry(Supplier<T> call) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StorageUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(100);
            }
        }
    }
}
