package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates per second and their latency through the API server (HTTP, JSON, admission, storage) at
 * concurrency 1, 16 and 64, next to the raw storage the subclass measures in the same run, so the
 * figures read as ratios on whatever machine runs them. Run with {@code -Pbench}; never part of
 * {@code ./mvnw verify}.
 */
abstract class WriteBenchmark {
    static final Duration RUN = Duration.ofSeconds(Long.getLong("capstan.bench.seconds", 5));
    static final int[] CONCURRENCY = {1, 16, 64};
    /** A ConfigMap of a typical size: a few hundred bytes of data. */
    static final String DATA = "x".repeat(400);

    /** The raw storage's create, for the reference line. */
    abstract LoadRun.Op rawCreate(LocalControlPlane plane) throws Exception;

    /** Releases what {@link #rawCreate} opened. */
    abstract void closeRaw();

    @Test
    void createsThroughTheApiServerVersusRawStorage(LocalControlPlane plane) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String ns = "bench-" + plane.storage().name().toLowerCase();
        http.send(HttpRequest.newBuilder(plane.apiserverUrl().resolve("/api/v1/namespaces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"" + ns + "\"}}")).build(),
                HttpResponse.BodyHandlers.discarding());
        List<LoadRun.Result> results = new ArrayList<>();
        try {
            LoadRun.Op raw = rawCreate(plane);
            for (int c : CONCURRENCY) {
                // Warm up each path briefly so the JIT does not count against the first level.
                LoadRun.run("warm-up", c, Duration.ofSeconds(1), seq -> create(http, plane, ns, "warm-" + c + "-" + seq));
                results.add(LoadRun.run("API server create, " + plane.storage(), c, RUN,
                        seq -> create(http, plane, ns, "c" + c + "-" + seq)));
                results.add(LoadRun.run("raw " + plane.storage() + " create", c, RUN, raw));
            }
        } finally {
            closeRaw();
        }
        BenchmarkReport.print(getClass().getSimpleName(), results.stream().map(Object::toString).toList());
    }

    private static void create(HttpClient http, LocalControlPlane plane, String ns, String name) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(plane.apiserverUrl().resolve("/api/v1/namespaces/" + ns + "/configmaps"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"d\":\"" + DATA + "\"}}"))
                .build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create " + name + ": " + r.statusCode());
        }
    }

    /** A stored value of about the size the API server stores for {@link #create}. */
    static byte[] rawValue(String name) {
        return ("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"raw\",\"uid\":\"00000000-0000-0000-0000-000000000000\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
                + "\"data\":{\"d\":\"" + DATA + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
