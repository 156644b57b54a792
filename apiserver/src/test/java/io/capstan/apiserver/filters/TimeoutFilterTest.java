package io.capstan.apiserver.filters;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeoutFilterTest {
    private static final String SLOW = "/api/v1/namespaces/default/configmaps/slow";
    private static final String LIST = "/api/v1/namespaces/default/configmaps";
    private static FilterTestServer server;
    private static final AtomicInteger writes = new AtomicInteger();
    private static volatile CountDownLatch writeDone = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        server = new FilterTestServer(List.of(new TimeoutFilter(Duration.ofMillis(800))), r -> r
                .get(SLOW, (req, res) -> {
                    sleep(Long.parseLong(req.query().first("sleep").orElse("0")));
                    res.send("done".getBytes(StandardCharsets.UTF_8));
                })
                .get(LIST, (req, res) -> {
                    sleep(Long.parseLong(req.query().first("sleep").orElse("0")));
                    res.send("done".getBytes(StandardCharsets.UTF_8));
                })
                .put(SLOW, (req, res) -> {
                    // A write that the storage completes after the client stopped waiting.
                    sleep(1500);
                    writes.incrementAndGet();
                    writeDone.countDown();
                    res.send("written");
                }));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void fastRequestIsServed() throws Exception {
        HttpResponse<String> r = server.get(SLOW + "?sleep=10");
        assertEquals(200, r.statusCode());
        assertEquals("done", r.body());
    }

    @Test
    void requestPastTheRequestTimeoutGetsUpstreams504Status() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = server.get(SLOW + "?sleep=3000");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, r.statusCode());
        JsonNode status = Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals("Status", status.path("kind").asText());
        assertEquals("Failure", status.path("status").asText());
        assertEquals("Timeout", status.path("reason").asText());
        assertEquals(504, status.path("code").asInt());
        assertEquals("Timeout: request did not complete within the allotted timeout", status.path("message").asText());
        assertTrue(tookMillis < 2500, "the client waited " + tookMillis + " ms");
    }

    @Test
    void shorterTimeoutParameterWins() throws Exception {
        server.get(SLOW + "?sleep=300&timeout=10ms"); // warm up: the first timeout loads classes
        long start = System.nanoTime();
        HttpResponse<String> r = server.get(SLOW + "?sleep=3000&timeout=100ms");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, r.statusCode());
        assertTrue(tookMillis < 700, "answered after " + tookMillis + " ms");
    }

    @Test
    void longerTimeoutParameterDoesNotExtendTheRequestTimeout() throws Exception {
        assertEquals(504, server.get(SLOW + "?sleep=2000&timeout=1h").statusCode());
    }

    @Test
    void watchIsLongRunningAndNotTimedOut() throws Exception {
        HttpResponse<String> r = server.get(LIST + "?sleep=1200&watch=true");
        assertEquals(200, r.statusCode());
    }

    @Test
    void invalidTimeoutParameterIs400() throws Exception {
        HttpResponse<String> r = server.get(SLOW + "?timeout=soon");
        assertEquals(400, r.statusCode());
        JsonNode status = Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals("BadRequest", status.path("reason").asText());
        assertEquals("invalid timeout specified in the request URL - time: invalid duration \"soon\"", status.path("message").asText());
    }

    @Test
    void timedOutWriteStillCompletesWholeAndTheServerStaysUsable() throws Exception {
        writeDone = new CountDownLatch(1);
        int before = writes.get();
        HttpResponse<String> r = server.send("PUT", SLOW, null, null);
        assertEquals(504, r.statusCode());
        assertTrue(writeDone.await(5, TimeUnit.SECONDS), "the handler ran to its end");
        assertEquals(before + 1, writes.get());
        assertEquals(200, server.get(SLOW).statusCode());
    }

    @ParameterizedTest
    @CsvSource({"'', 800", "100ms, 100", "1h, 800", "0s, 800", "-5s, 800", "1m, 800", "500ms, 500"})
    void deadline(String parameter, long expectedMillis) {
        assertEquals(Duration.ofMillis(expectedMillis), new TimeoutFilter(Duration.ofMillis(800)).deadline(parameter));
    }

    @Test
    void deadlineRejectsGarbage() {
        StatusException e = assertThrows(StatusException.class, () -> new TimeoutFilter(Duration.ofSeconds(1)).deadline("10 parsecs"));
        assertEquals(400, e.code());
    }

    /** With a --request-timeout of a second or more, requests without a shorter timeout share one timer. */
    @Test
    void sharedTimerGives504AtTheRequestTimeoutAndServesFastRequests() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        try (FilterTestServer shared = new FilterTestServer(List.of(new TimeoutFilter(Duration.ofMillis(1200))), r -> r
                .get(SLOW, (req, res) -> {
                    sleep(Long.parseLong(req.query().first("sleep").orElse("0")));
                    if (req.query().contains("fail")) {
                        failures.incrementAndGet();
                        throw new IllegalStateException("handler failed");
                    }
                    res.send("done".getBytes(StandardCharsets.UTF_8));
                }))) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> ok = shared.get(SLOW + "?sleep=1");
                assertEquals(200, ok.statusCode());
                assertEquals("done", ok.body());
            }
            long start = System.nanoTime();
            HttpResponse<String> r = shared.get(SLOW + "?sleep=4000");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(504, r.statusCode());
            assertEquals("Timeout: request did not complete within the allotted timeout",
                    Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).path("message").asText());
            assertTrue(tookMillis >= 1150 && tookMillis < 3000, "the client waited " + tookMillis + " ms");
            // A handler that fails in time still fails the request (500 from the server's error handling).
            assertEquals(500, shared.get(SLOW + "?sleep=1&fail=1").statusCode());
            assertEquals(1, failures.get());
            assertEquals(200, shared.get(SLOW + "?sleep=1").statusCode());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
