package io.capstan.apiserver.filters;

import io.capstan.apiserver.flowcontrol.ConfigController;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Priority and fairness over real HTTP with upstream's bootstrap configuration and a small server limit
 * (20 seats: global-default gets ceil(20*20/245) = 2, workload-high ceil(20*40/245) = 4).
 */
class PriorityAndFairnessFilterTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";
    private final ConfigController controller = new ConfigController(20);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final FilterTestServer server = new FilterTestServer(
            List.of(FilterTestServer.IDENTITY, new PriorityAndFairnessFilter(controller, Duration.ofSeconds(30), metrics)),
            r -> r.get(PODS, (req, res) -> {
                Thread.sleep(Long.parseLong(req.query().first("sleep").orElse("0")));
                res.send("ok");
            }));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void responsesNameTheFlowSchemaAndPriorityLevel() throws Exception {
        HttpResponse<String> r = server.send("GET", PODS, "alice", "system:authenticated");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("X-Kubernetes-PF-FlowSchema-UID").isPresent());
        assertTrue(r.headers().firstValue("X-Kubernetes-PF-PriorityLevel-UID").isPresent());
        assertEquals(1.0, metrics.get("apiserver.flowcontrol.dispatched.requests").tag("priority_level", "global-default")
                .tag("flow_schema", "global-default").counter().count());
    }

    @Test
    void noisyUserCannotStarveTheControllerManager() throws Exception {
        // The noisy user floods global-default (2 seats) with 40 requests of 500 ms each.
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            flood.add(CompletableFuture.supplyAsync(() -> call(PODS + "?sleep=500", "noisy", "system:authenticated")));
        }
        awaitQueued("global-default", 20);
        // The controller manager (kube-controller-manager FlowSchema, workload-high) is served at once.
        long worst = 0;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = call(PODS + "?sleep=20", "system:kube-controller-manager", "system:authenticated");
            worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
            assertEquals(200, r.statusCode());
        }
        int queued = controller.priorityLevels().get("global-default").queueSet().waiting();
        System.out.printf("flowcontrol figures: controller manager's worst latency %d ms with %d noisy requests still queued%n", worst, queued);
        assertTrue(queued > 0, "the flood was still queued while the controller manager was served");
        assertTrue(worst < 2000, "the controller manager waited " + worst + " ms behind a flood queued for ~10 s");
        for (var f : flood) {
            assertEquals(200, f.get(60, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void twoUsersInOneLevelShareItFairly() throws Exception {
        // Bob queues 30 requests of 150 ms in global-default (2 seats: ~2.3 s of work) before Carol sends 4.
        List<CompletableFuture<Long>> bob = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bob.add(timed(PODS + "?sleep=150", "bob"));
        }
        awaitQueued("global-default", 20);
        List<CompletableFuture<Long>> carol = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            carol.add(timed(PODS + "?sleep=150", "carol"));
        }
        long bobLast = 0;
        for (var f : bob) {
            bobLast = Math.max(bobLast, f.get(60, TimeUnit.SECONDS));
        }
        long carolLast = 0;
        for (var f : carol) {
            carolLast = Math.max(carolLast, f.get(60, TimeUnit.SECONDS));
        }
        System.out.printf("flowcontrol figures: carol's last request done at %d ms, bob's at %d ms%n", carolLast, bobLast);
        // First come first served would finish Carol after all of Bob; fair queuing serves her alongside him.
        assertTrue(carolLast < bobLast, "carol's last finished at " + carolLast + " ms, bob's at " + bobLast + " ms");
        assertTrue(carolLast < bobLast * 0.7, "carol's last finished at " + carolLast + " ms, bob's at " + bobLast + " ms");
    }

    @Test
    void fullQueueIsRejectedWith429() throws Exception {
        // catch-all rejects instead of queuing; reach it by removing every other FlowSchema.
        controller.update(io.capstan.apiserver.flowcontrol.BootstrapConfiguration.priorityLevels(),
                io.capstan.apiserver.flowcontrol.BootstrapConfiguration.mandatoryFlowSchemas());
        int seats = controller.priorityLevels().get("catch-all").queueSet().concurrencyLimit();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < seats; i++) {
            held.add(CompletableFuture.supplyAsync(() -> call(PODS + "?sleep=1500", "dave", "system:authenticated")));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (controller.priorityLevels().get("catch-all").queueSet().executing() < seats) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(10);
        }
        HttpResponse<String> rejected = call(PODS, "erin", "system:authenticated");
        assertEquals(429, rejected.statusCode());
        assertEquals("1", rejected.headers().firstValue("Retry-After").orElse(""));
        assertEquals(1.0, metrics.get("apiserver.flowcontrol.rejected.requests").tag("priority_level", "catch-all")
                .tag("reason", "concurrency-limit").counter().count());
        for (var f : held) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    private CompletableFuture<Long> timed(String path, String user) {
        long start = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            HttpResponse<String> r = call(path, user, "system:authenticated");
            assertEquals(200, r.statusCode());
            return (System.nanoTime() - start) / 1_000_000;
        }, r -> Thread.ofVirtual().start(r));
    }

    private void awaitQueued(String level, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (controller.priorityLevels().get(level).queueSet().waiting() < n) {
            assertTrue(System.nanoTime() < deadline, "requests did not queue");
            Thread.sleep(10);
        }
    }

    private HttpResponse<String> call(String path, String user, String groups) {
        try {
            return server.send("GET", path, user, groups);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
