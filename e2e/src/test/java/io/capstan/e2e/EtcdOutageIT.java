package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * etcd stops for 10 s under a write load and comes back on the same data directory and ports: while
 * it is gone, writes fail fast with a 5xx Status (none waits past the etcd request timeout), and
 * every write acknowledged before, during or after the outage is there afterwards, unchanged; a
 * watch opened before the outage sees every one of them without a gap.
 * It has a control plane of its own because it stops etcd.
 */
@ControlPlane(storage = StorageBackend.ETCD)
class EtcdOutageIT {
    /** The API server's default {@code --etcd-request-timeout}, plus slack for a loaded 2-core machine. */
    private static final Duration LONGEST_FAILURE = Duration.ofSeconds(10 + 5);

    @Test
    void writesFailFastWhileEtcdIsDownAndNoAcknowledgedWriteIsLost(LocalControlPlane plane) throws Exception {
        try (WriteLoad load = new WriteLoad(plane.apiserverUrl(), plane.sslContext(), "etcd-outage").start(4);
             WatchRecorder watch = new WatchRecorder(plane.apiserverUrl(), plane.sslContext(), "/api/v1/namespaces/etcd-outage/configmaps")) {
            load.awaitAcksSince(0, 20, Duration.ofSeconds(30));

            plane.stopService("etcd");
            long down = System.nanoTime();
            Thread.sleep(10_000);
            int acksWhileDown = (int) load.acks().stream().filter(a -> a.atNanos() > down + Duration.ofSeconds(1).toNanos()).count();
            plane.restartService("etcd");
            long up = System.nanoTime();

            load.awaitAcksSince(up, 20, Duration.ofSeconds(60));
            load.close();

            List<WriteLoad.Failure> failures = load.failures();
            assertFalse(failures.isEmpty(), "writes must fail while etcd is down");
            for (WriteLoad.Failure f : failures) {
                assertTrue(f.code() >= 500 && f.code() <= 504, "a failed write is a 5xx Status, got " + f.code() + " " + f.body());
                assertTrue(f.body().contains("\"kind\":\"Status\""), "the failure is a Status object: " + f.body());
                assertTrue(f.took().compareTo(LONGEST_FAILURE) < 0, "a failed write took " + f.took());
            }
            assertEquals(0, acksWhileDown, "nothing can be acknowledged while etcd is down");
            assertEveryAckStored(load);
            // A watch opened before the outage sees every acknowledged create after it, in order: no gap.
            Set<String> acked = load.acks().stream().filter(a -> Long.parseLong(a.resourceVersion()) > watch.startRevision())
                    .map(WriteLoad.Ack::name).collect(Collectors.toSet());
            assertTrue(acked.size() >= 40, "the watch covers writes from before and after the outage");
            watch.awaitNames(acked, Duration.ofSeconds(30));
            assertEquals(List.of(), watch.errors(), "the watch survived the outage");
        }
    }

    static void assertEveryAckStored(WriteLoad load) throws Exception {
        Map<String, List<String>> stored = load.stored();
        for (WriteLoad.Ack ack : load.acks()) {
            assertEquals(List.of(ack.resourceVersion(), ack.value()), stored.get(ack.name()),
                    "acknowledged " + ack.name() + " at resourceVersion " + ack.resourceVersion());
        }
    }
}
