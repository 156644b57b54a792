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
    /** The longest warm-up per side and level; it ends earlier once the JIT has settled. */
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("capstan.bench.warmup-seconds", 150));
    /** Names for warm-up objects, unique across rounds (each load run counts its sequence from 0). */
    static final java.util.concurrent.atomic.AtomicLong UNIQUE = new java.util.concurrent.atomic.AtomicLong();
    /** One warm-up round. */
    static final Duration ROUND = Duration.ofSeconds(5);
    /** The JIT has settled when it used less than this share of one core in a warm-up round. */
    static final double JIT_SETTLED = Double.parseDouble(System.getProperty("capstan.bench.jit-settled", "0.03"));
    /** A ConfigMap of about 1 KiB as stored (800 bytes of data plus metadata). */
    static final String DATA = "x".repeat(800);

    /** The raw storage's create, for the reference line. */
    abstract LoadRun.Op rawCreate(LocalControlPlane plane) throws Exception;

    /**
     * The raw storage's create-if-absent, as the API server asks storage for (etcd: a transaction that
     * compares the key's create revision with 0, then puts), for a third, explanatory line; null when
     * {@link #rawCreate} already is one.
     */
    LoadRun.Op rawConditionalCreate(LocalControlPlane plane) throws Exception {
        return null;
    }

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
            LoadRun.Op conditional = rawConditionalCreate(plane);
            for (int c : CONCURRENCY) {
                measureLevel(plane, c, seq -> create(http, ns, "warm-" + UNIQUE.incrementAndGet()),
                        seq -> create(http, ns, "c" + c + "-" + seq), raw, conditional, "", lines);
            }
            int top = CONCURRENCY[CONCURRENCY.length - 1];
            if (measuredProcesses().contains("controller-manager")) {
                // The controller manager watches every ConfigMap (garbage collector, root CA publisher)
                // and shares the 2 cores; without it the figures are the API server's and etcd's alone,
                // as upstream's apiserver benchmarks measure them.
                plane.stopService("controller-manager");
                measureLevel(plane, top, seq -> create(http, ns, "warm-" + UNIQUE.incrementAndGet()),
                        seq -> create(http, ns, "alone-" + seq), raw, null, " (controller manager stopped)", lines);
            }
        } finally {
            closeRaw();
        }
        BenchmarkReport.print(getClass().getSimpleName(), lines);
    }

    /** Warms both sides up at concurrency {@code c}, measures both and adds their lines and the ratio. */
    private void measureLevel(LocalControlPlane plane, int c, LoadRun.Op warm, LoadRun.Op api, LoadRun.Op raw,
                              LoadRun.Op conditional, String note, List<String> lines) throws Exception {
        // Each side runs at this level until the JIT compilers of the JVMs involved have settled: on 2
        // busy cores C2 needs a minute or more, and measured before that its CPU would count as the cost
        // of a create.
        warmUp("API server", c, warm, plane);
        warmUp("raw", c, seq -> raw.run(UNIQUE.incrementAndGet()), plane);
        CpuMeter cpu = CpuMeter.start(plane, measuredProcesses());
        Jit jit = new Jit(plane);
        LoadRun.Result apiRun = LoadRun.run("API server create, " + plane.storage() + note, c, RUN, api);
        long apiCpuPerOp = cpu.totalPerOp(apiRun.ops());
        lines.add(apiRun + "  " + cpu.perOp(apiRun.ops()) + ", JIT " + jit.since());
        cpu = CpuMeter.start(plane, measuredProcesses());
        jit = new Jit(plane);
        LoadRun.Result direct = LoadRun.run("raw " + plane.storage() + " create", c, RUN, seq -> raw.run(UNIQUE.incrementAndGet()));
        long rawCpuPerOp = cpu.totalPerOp(direct.ops());
        lines.add(direct + "  " + cpu.perOp(direct.ops()) + ", JIT " + jit.since());
        if (conditional != null) {
            warmUp("raw conditional", c, seq -> conditional.run(UNIQUE.incrementAndGet()), plane);
            CpuMeter txnCpu = CpuMeter.start(plane, measuredProcesses());
            LoadRun.Result txn = LoadRun.run("raw " + plane.storage() + " create-if-absent", c, RUN,
                    seq -> conditional.run(UNIQUE.incrementAndGet()));
            lines.add(txn + "  " + txnCpu.perOp(txn.ops()));
        }
        // The second figure is what the rate ratio would be if CPU alone bounded both sides (it does on
        // 2 cores): raw CPU per op over the API server path's, all processes counted.
        lines.add("ratio API server / raw at c=%d%s: %.0f%% of the rate; %.0f%% by CPU per create".formatted(c, note,
                100 * apiRun.perSecond() / direct.perSecond(), 100.0 * rawCpuPerOp / Math.max(1, apiCpuPerOp)));
    }

    /**
     * Runs {@code op} at concurrency {@code c} in rounds of {@link #ROUND} until the JIT compiler
     * threads of this JVM, the API server and the controller manager together used less than
     * {@link #JIT_SETTLED} of one core in a round; at least two rounds, at most {@link #WARM_UP}.
     */
    static void warmUp(String side, int c, LoadRun.Op op, LocalControlPlane plane) throws InterruptedException {
        long started = System.nanoTime();
        for (int round = 1; ; round++) {
            Jit jit = new Jit(plane);
            LoadRun.Result r = LoadRun.run("warm-up " + side + " round " + round, c, ROUND, op);
            double share = jit.total().toNanos() / (double) ROUND.toNanos();
            Duration spent = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("[bench] warm-up %s c=%d round %d: %.0f ops/s, %d errors, JIT %.1f%% of a core (%s)%n",
                    side, c, round, r.perSecond(), r.errors(), 100 * share, jit.since());
            if (r.errors() > r.ops()) {
                throw new IllegalStateException("warm-up " + side + ": " + r.errors() + " of " + (r.ops() + r.errors())
                        + " operations failed; see the services' logs under e2e/target/e2e-logs");
            }
            if (round >= 2 && share < JIT_SETTLED) {
                return;
            }
            if (spent.compareTo(WARM_UP) >= 0) {
                System.out.printf("[bench] warm-up %s c=%d: JIT still at %.1f%% of a core after %d s; measuring anyway%n",
                        side, c, 100 * share, spent.toSeconds());
                return;
            }
        }
    }

    /** JIT compiler CPU of this JVM, the API server and the controller manager since construction. */
    static final class Jit {
        private final LocalControlPlane plane;
        private final long[] start;

        Jit(LocalControlPlane plane) {
            this.plane = plane;
            this.start = now();
        }

        private long[] now() {
            return new long[] {
                JitMeter.compilerCpu(ProcessHandle.current().pid()).toMillis(),
                JitMeter.compilerCpu(plane.pid("apiserver")).toMillis(),
                JitMeter.compilerCpu(plane.pid("controller-manager")).toMillis(),
            };
        }

        Duration total() {
            long[] end = now();
            long sum = 0;
            for (int i = 0; i < end.length; i++) {
                sum += end[i] - start[i];
            }
            return Duration.ofMillis(sum);
        }

        /** "client 10 ms, apiserver 120 ms, controller-manager 0 ms". */
        String since() {
            long[] end = now();
            return "client %d ms, apiserver %d ms, controller-manager %d ms".formatted(
                    end[0] - start[0], end[1] - start[1], end[2] - start[2]);
        }
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
