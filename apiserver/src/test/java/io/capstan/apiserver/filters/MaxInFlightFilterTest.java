package io.capstan.apiserver.filters;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxInFlightFilterTest {
    private static final String PODS = "/api/v1/namespaces/default/pods";
    private FilterTestServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inside = new AtomicInteger();

    @BeforeEach
    void start() {
        server = new FilterTestServer(List.of(FilterTestServer.IDENTITY, new MaxInFlightFilter(2, 1, new SimpleMeterRegistry())), r -> r
                .get(PODS, (req, res) -> {
                    if (req.query().first("hold").isPresent()) {
                        inside.incrementAndGet();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    res.send("ok");
                })
                .post(PODS, (req, res) -> {
                    if (req.query().first("hold").isPresent()) {
                        inside.incrementAndGet();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    res.send("created");
                }));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void readOnlyRequestsBeyondTheLimitGet429WithRetryAfter() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(CompletableFuture.supplyAsync(() -> call("GET", PODS + "?hold=1", null, null)));
        }
        awaitInside(2);
        HttpResponse<String> rejected = server.get(PODS);
        assertEquals(429, rejected.statusCode());
        assertEquals("1", rejected.headers().firstValue("Retry-After").orElse(""));
        JsonNode status = Json.tree(rejected.body().getBytes(StandardCharsets.UTF_8));
        assertEquals("TooManyRequests", status.path("reason").asText());
        assertEquals("Too many requests, please try again later.", status.path("message").asText());
        assertEquals(1, status.path("details").path("retryAfterSeconds").asInt());

        // Mutating requests have their own limit; watches are long-running and not counted.
        assertEquals(200, call("POST", PODS, null, null).statusCode());
        assertEquals(200, server.get(PODS + "?watch=true").statusCode());
        // system:masters passes a full limit, as upstream.
        assertEquals(200, call("GET", PODS, "admin", "system:masters,system:authenticated").statusCode());

        release.countDown();
        for (var f : held) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(200, server.get(PODS).statusCode());
    }

    @Test
    void mutatingRequestsBeyondTheirLimitGet429() throws Exception {
        var held = CompletableFuture.supplyAsync(() -> call("POST", PODS + "?hold=1", null, null));
        awaitInside(1);
        assertEquals(429, call("POST", PODS, null, null).statusCode());
        assertEquals(200, server.get(PODS).statusCode());
        release.countDown();
        assertEquals(200, held.get(30, TimeUnit.SECONDS).statusCode());
    }

    private void awaitInside(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (inside.get() < n) {
            assertTrue(System.nanoTime() < deadline, "requests did not arrive");
            Thread.sleep(10);
        }
    }

    private HttpResponse<String> call(String method, String path, String user, String groups) {
        try {
            return server.send(method, path, user, groups);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
