package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates per second and their latency through the API server (HTTP, JSON, admission, storage) at
 * concurrency 1, 16 and 64, next to the raw storage the subclass measures in the same run, so the
 * figures read as ratios on whatever machine runs them; with the CPU time each side costs per create
 * (this JVM, the API server, etcd), which a noisy machine disturbs less. Each client thread keeps one
 * keep-alive connection ({@link HttpConnection}), as the raw side keeps its client. Run with {@code -Pbench}; never part of
 * {@code ./mvnw verify}.
 */
abstract class WriteBenchmark {
    static final Duration RUN = Duration.ofSeconds(Long.getLong("capstan.bench.seconds", 5));
    /** The concurrency levels, {@code -Dcapstan.bench.concurrency=64} for one (1, 16 and 64 by default). */
    static final int[] CONCURRENCY = java.util.Arrays.stream(System.getProperty("capstan.bench.concurrency", "1,16,64").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("capstan.bench.warmup-seconds", 20));
    /** A ConfigMap of about 1 KiB as stored (800 bytes of data plus metadata). */
    static final String DATA = "x".repeat(800);

    /** The raw storage's create, for the reference line. */
    abstract LoadRun.Op rawCreate(LocalControlPlane plane) throws Exception;

    /** Releases what {@link #rawCreate} opened. */
    abstract void closeRaw();

    /** The processes whose CPU time to report besides this JVM's (the API server, etcd). */
    abstract List<String> measuredProcesses();

    @Test
    void createsThroughTheApiServerVersusRawStorage(LocalControlPlane plane) throws Exception {
        String ns = "bench-" + plane.storage().name().toLowerCase();
        List<String> lines = new ArrayList<>();
        try (ConnectionPerThread http = new ConnectionPerThread(plane.apiserverUrl(), plane.sslContext())) {
            HttpConnection.Response r = http.get().send("POST", "/api/v1/namespaces", "application/json",
                    ("{\"metadata\":{\"name\":\"" + ns + "\"}}").getBytes(StandardCharsets.UTF_8));
            if (r.code() != 201) {
                throw new IllegalStateException("create namespace: " + r.code() + " " + r.text());
            }
            LoadRun.Op raw = rawCreate(plane);
            // The API server's JIT (C2) needs many seconds of load on 2 busy cores before it stops
            // compiling; measured before that, the compiler's CPU would count as the API server's cost.
            LoadRun.run("warm-up", 16, WARM_UP, seq -> create(http, ns, "warm-" + seq));
            LoadRun.run("warm-up", 16, WARM_UP.dividedBy(3), raw);
            for (int c : CONCURRENCY) {
                // Warm up each path briefly so the JIT does not count against the first level.
                LoadRun.run("warm-up", c, Duration.ofSeconds(1), seq -> create(http, ns, "warm-c" + c + "-" + seq));
                LoadRun.run("warm-up", c, Duration.ofSeconds(1), raw);
                CpuMeter cpu = CpuMeter.start(plane, measuredProcesses());
                LoadRun.Result api = LoadRun.run("API server create, " + plane.storage(), c, RUN,
                        seq -> create(http, ns, "c" + c + "-" + seq));
                String apiCpu = cpu.perOp(api.ops());
                long apiCpuPerOp = cpu.totalPerOp(api.ops());
                lines.add(api + "  " + apiCpu);
                cpu = CpuMeter.start(plane, measuredProcesses());
                LoadRun.Result direct = LoadRun.run("raw " + plane.storage() + " create", c, RUN, raw);
                lines.add(direct + "  " + cpu.perOp(direct.ops()));
                // The second figure is what the rate ratio would be if CPU alone bounded both sides (it
                // does on 2 cores): raw CPU per op over the API server path's, all processes counted.
                lines.add("ratio API server / raw at c=%d: %.0f%% of the rate; %.0f%% by CPU per create".formatted(c,
                        100 * api.perSecond() / direct.perSecond(), 100.0 * cpu.totalPerOp(direct.ops()) / Math.max(1, apiCpuPerOp)));
            }
        } finally {
            closeRaw();
        }
        BenchmarkReport.print(getClass().getSimpleName(), lines);
    }

    private static void create(ConnectionPerThread http, String ns, String name) throws Exception {
        byte[] body = ("{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"d\":\"" + DATA + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpConnection.Response r;
        try {
            r = http.get().send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json", body);
        } catch (Exception e) {
            http.discard();
            throw e;
        }
        if (r.code() != 201) {
            throw new IllegalStateException("create " + name + ": " + r.code());
        }
    }

    /** A stored value of about the size the API server stores for {@link #create}. */
    static byte[] rawValue(String name) {
        return ("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"raw\",\"uid\":\"00000000-0000-0000-0000-000000000000\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
                + "\"data\":{\"d\":\"" + DATA + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
