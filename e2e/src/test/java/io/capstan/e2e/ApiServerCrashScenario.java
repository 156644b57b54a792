package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API server is killed with SIGKILL under a write load and started again with the same
 * arguments: every write it acknowledged before dying is stored, unchanged. Subclasses choose the
 * storage backend with {@link ControlPlane}; each has a control plane of its own because it kills the
 * API server.
 */
abstract class ApiServerCrashScenario {

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine(LocalControlPlane plane) throws Exception {
        try (WriteLoad load = new WriteLoad(plane.apiserverUrl(), plane.sslContext(), "crash-" + plane.storage().name().toLowerCase()).start(4)) {
            load.awaitAcksSince(0, 50, Duration.ofSeconds(30));
            plane.killService("apiserver");
            int acked = load.acks().size();
            plane.restartService("apiserver");
            long up = System.nanoTime();
            load.awaitAcksSince(up, 20, Duration.ofSeconds(60));
            load.close();

            assertTrue(acked >= 50, "writes were acknowledged before the kill");
            EtcdOutageIT.assertEveryAckStored(load);
        }
    }
}
