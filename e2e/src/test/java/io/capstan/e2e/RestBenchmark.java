package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST verbs through the API server (SQLite, watch cache on): p50/p99 latency and throughput of
 * get, list (100 and 10 000 objects), create and update at concurrency 16 and 64, and the share of
 * the API server's CPU samples spent in JSON encoding and decoding during each (a flight recording
 * started with {@code jcmd}). Run with {@code -Pbench}; never part of {@code ./mvnw verify}.
 */
@ControlPlane(storage = StorageBackend.SQLITE, apiserverArgs = {"--etcd-compaction-interval=0"})
class RestBenchmark {
    static final Duration RUN = Duration.ofSeconds(Long.getLong("capstan.bench.seconds", 5));
    static final int[] CONCURRENCY = {16, 64};
    static final int LARGE = Integer.getInteger("capstan.bench.rest.large", 10_000);
    static final String DATA = "x".repeat(200);

    @Test
    void restVerbsLatencyThroughputAndJsonShare(LocalControlPlane plane) throws Exception {
        plane.stopService("scheduler");
        plane.stopService("controller-manager");
        List<String> lines = new ArrayList<>();
        try (ConnectionPerThread http = new ConnectionPerThread(plane.apiserverUrl(), plane.sslContext())) {
            for (String ns : List.of("small", "large", "writes")) {
                post(http, "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
            }
            fill(http, "small", 100);
            fill(http, "large", LARGE);
            fill(http, "writes", 1_000);
            // JIT warm-up over every path before anything is measured.
            LoadRun.run("warm-up", 16, Duration.ofSeconds(Long.getLong("capstan.bench.warmup-seconds", 20)), seq -> {
                switch ((int) (seq % 4)) {
                    case 0 -> expect(http.get().get("/api/v1/namespaces/small/configmaps/cm-" + seq % 100), 200);
                    case 1 -> expect(http.get().get("/api/v1/namespaces/small/configmaps"), 200);
                    case 2 -> create(http, "warm-" + seq);
                    default -> update(http, seq);
                }
            });
            long pid = plane.pid("apiserver");
            lines.add(measure(pid, http, "get", seq -> expect(http.get().get("/api/v1/namespaces/small/configmaps/cm-" + seq % 100), 200)));
            lines.add(measure(pid, http, "list 100", seq -> expect(http.get().get("/api/v1/namespaces/small/configmaps"), 200)));
            lines.add(measure(pid, http, "list " + LARGE, seq -> expect(http.get().get("/api/v1/namespaces/large/configmaps"), 200)));
            lines.add(measure(pid, http, "create", seq -> create(http, "c-" + seq + "-" + System.nanoTime())));
            lines.add(measure(pid, http, "update", seq -> update(http, seq)));
        }
        BenchmarkReport.print(getClass().getSimpleName(), lines);
    }

    private static String measure(long pid, ConnectionPerThread http, String verb, LoadRun.Op op) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (JsonShare jfr = JsonShare.start(pid, "rest-" + verb.replace(' ', '-'))) {
            for (int c : CONCURRENCY) {
                LoadRun.run("warm-up", c, Duration.ofSeconds(1), op);
                sb.append(LoadRun.run(verb, c, RUN, op)).append('\n');
            }
            sb.append("  ").append(verb).append(": ").append(jfr.stop());
        }
        return sb.toString();
    }

    private static void fill(ConnectionPerThread http, String ns, int count) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
        LoadRun.Result r = LoadRun.run("fill " + ns, 16, () -> next.get() < count, seq -> {
            int i = next.getAndIncrement();
            if (i < count) {
                post(http, "/api/v1/namespaces/" + ns + "/configmaps",
                        "{\"metadata\":{\"name\":\"cm-" + i + "\"},\"data\":{\"d\":\"" + DATA + "\"}}");
            }
        });
        if (r.errors() > 0 || errors.get() > 0) {
            throw new IllegalStateException("filling " + ns + " failed " + r.errors() + " times");
        }
    }

    private static void create(ConnectionPerThread http, String name) throws Exception {
        post(http, "/api/v1/namespaces/writes/configmaps", "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"d\":\"" + DATA + "\"}}");
    }

    /** An unconditional update (no resourceVersion) of one of 1 000 objects. */
    private static void update(ConnectionPerThread http, long seq) throws Exception {
        String name = "cm-" + seq % 1_000;
        HttpConnection.Response r = send(http, "PUT", "/api/v1/namespaces/writes/configmaps/" + name,
                "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"d\":\"" + DATA + "\",\"seq\":\"" + seq + "\"}}");
        expect(r, 200);
    }

    private static void post(ConnectionPerThread http, String path, String json) throws Exception {
        HttpConnection.Response r = send(http, "POST", path, json);
        if (r.code() != 201 && r.code() != 409) {
            throw new IllegalStateException("POST " + path + ": " + r.code() + " " + r.text());
        }
    }

    private static HttpConnection.Response send(ConnectionPerThread http, String method, String path, String json) throws Exception {
        try {
            return http.get().send(method, path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            http.discard();
            throw e;
        }
    }

    private static void expect(HttpConnection.Response r, int code) {
        if (r.code() != code) {
            throw new IllegalStateException("expected " + code + ", got " + r.code() + ": " + r.text());
        }
    }
}
