package io.capstan.common.controller;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.FakeApiServer;
import io.capstan.common.client.RestClient;
import io.capstan.common.leaderelection.LeaderElectionConfig;
import io.capstan.common.leaderelection.LeaderElectionRecord;
import io.capstan.common.leaderelection.ResourceLock;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.capstan.common.client.FakeApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagerTest {
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final String POD_LIST = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":["
            + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\",\"resourceVersion\":\"5\"}}]}";

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Manager.Builder manager(RestClient client, List<String> reconciled) {
        return Manager.builder(client).controller(f -> Controller.builder("pods").forResource(f.informerFor(PODS, Pod.class))
                .workers(2).build(request -> {
                    reconciled.add(request.toString());
                    return Result.done();
                }));
    }

    @Test
    void withoutLeaderElectionItStartsInformersAndReconcilesOnceSynced() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods", json(200, POD_LIST));
            server.on("WATCH", "/api/v1/pods", FakeApiServer.hang());
            List<String> reconciled = new CopyOnWriteArrayList<>();
            try (Manager m = manager(client, reconciled).build().start()) {
                await(() -> reconciled.contains("ns/a"), "the listed pod to be reconciled");
                assertTrue(m.isLeading());
                assertTrue(m.hasSynced());
                assertThrows(IllegalStateException.class, m::start);
            }
        }
        assertThrows(IllegalStateException.class, () -> Manager.builder(new RestClient(ClientConfig.forServer(
                java.net.URI.create("http://127.0.0.1:1")))).build(), "a manager needs a controller");
    }

    @Test
    void withLeaderElectionNothingRunsBeforeTheLeaseAndClosingReleasesIt() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods", json(200, POD_LIST));
            server.on("WATCH", "/api/v1/pods", FakeApiServer.hang());
            // Another holder's fresh lease: this candidate must wait.
            AtomicReference<LeaderElectionRecord> lease = new AtomicReference<>(new LeaderElectionRecord("other", 2,
                    java.time.Instant.now(), java.time.Instant.now(), 0));
            ResourceLock lock = new ResourceLock() {
                @Override
                public LeaderElectionRecord get() {
                    return lease.get();
                }

                @Override
                public void create(LeaderElectionRecord r) {
                    if (!lease.compareAndSet(null, r)) {
                        throw new IllegalStateException("AlreadyExists");
                    }
                }

                @Override
                public void update(LeaderElectionRecord r) {
                    lease.set(r);
                }

                @Override
                public String identity() {
                    return "me";
                }

                @Override
                public String describe() {
                    return "kube-system/test";
                }
            };
            LeaderElectionConfig timings = new LeaderElectionConfig(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(300), true, "test");
            List<String> reconciled = new CopyOnWriteArrayList<>();
            try (Manager m = manager(client, reconciled).leaderElection(timings, lock).build().start()) {
                Thread.sleep(700);
                assertFalse(m.isLeading(), "the other holder's lease has not expired");
                assertTrue(server.requests("GET", "/api/v1/pods").isEmpty(), "a candidate runs no informers");
                assertTrue(m.hasSynced(), "a candidate has nothing to wait for");
                await(m::isLeading, "taking over the expired lease");
                await(() -> reconciled.contains("ns/a"), "reconciling as leader");
                assertEquals("me", lease.get().holderIdentity());
                assertEquals(1, lease.get().leaseTransitions());
            }
            assertEquals("", lease.get().holderIdentity(), "a clean stop releases the lease");
        }
    }

    @Test
    void namedFactoriesOfTheClusterAreStartedCountedAndStoppedAndTermGaugesRemoved() throws Exception {
        GroupVersionResource nodes = new GroupVersionResource("", "v1", "nodes");
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods", json(200, POD_LIST));
            server.on("WATCH", "/api/v1/pods", FakeApiServer.hang());
            // The second factory's list fails at first: the manager must not report synced until it lists.
            server.on("GET", "/api/v1/nodes", json(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\",\"message\":\"no\"}"),
                    json(200, "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[]}"));
            server.on("WATCH", "/api/v1/nodes", FakeApiServer.hang());
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            AtomicReference<io.capstan.common.informer.SharedInformer<io.fabric8.kubernetes.api.model.Node>> extra = new AtomicReference<>();
            List<String> reconciled = new CopyOnWriteArrayList<>();
            Manager m = Manager.builder(client).meterRegistry(registry).add(cluster -> {
                extra.set(cluster.informers("other").informerFor(nodes, io.fabric8.kubernetes.api.model.Node.class));
                return Controller.builder("pods").meterRegistry(registry).forResource(cluster.informers().informerFor(PODS, Pod.class))
                        .build(request -> {
                            reconciled.add(request.toString());
                            return Result.done();
                        });
            }).build();
            io.capstan.common.server.HealthChecks health = new io.capstan.common.server.HealthChecks();
            m.addHealthChecks(health);
            try {
                m.start();
                await(() -> reconciled.contains("ns/a"), "reconciling");
                await(() -> server.requests("GET", "/api/v1/nodes").size() == 2, "the other factory's informer relisting");
                await(m::hasSynced, "every factory synced");
                assertTrue(extra.get().hasSynced());
                assertTrue(registry.getMeters().stream().anyMatch(meter -> meter.getId().getName().equals("workqueue.depth")),
                        "the term's queue reports its depth");
            } finally {
                m.close();
            }
            assertFalse(registry.getMeters().stream().anyMatch(meter -> meter instanceof io.micrometer.core.instrument.Gauge),
                    "the ended term's gauges are gone");
        }
    }
}
