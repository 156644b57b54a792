package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM stops the API server gracefully: an open watch ends with a clean end of stream (not a reset
 * connection), the process exits on its own well within the grace period, and the log says so.
 * It has a control plane of its own because it stops the API server.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class GracefulShutdownIT {

    @Test
    void sigtermEndsWatchesCleanlyAndStops(LocalControlPlane plane) throws Exception {
        HttpClient http = plane.httpClient();
        String rv = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(plane.apiserverUrl()
                .resolve("/api/v1/namespaces/default/configmaps")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("metadata").path("resourceVersion").asText();
        HttpResponse<InputStream> watch = http.send(HttpRequest.newBuilder(plane.apiserverUrl()
                        .resolve("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + rv)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, watch.statusCode(), "the watch is established before any event");
        CompletableFuture<String> ending = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode event = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                    if ("ERROR".equals(event.path("type").asText())) {
                        return "error event " + line;
                    }
                }
                return "clean end";
            } catch (Exception e) {
                return "broken: " + e;
            }
        });

        long started = System.nanoTime();
        int exit = plane.stopService("apiserver");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals("clean end", ending.get(10, TimeUnit.SECONDS));
        assertEquals(143, exit, "a JVM ended by SIGTERM after its shutdown hooks exits with 128+15");
        assertTrue(took.toSeconds() < 15, "stopped in " + took + ", not killed after the grace period");
        String log = plane.log("apiserver");
        assertTrue(log.contains("capstan-apiserver shutting down") && log.contains("capstan-apiserver stopped"), log);
    }
}
