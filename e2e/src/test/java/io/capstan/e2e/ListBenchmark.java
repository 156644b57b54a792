package io.capstan.e2e;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * LIST of 10 000 pods through the API server, from the watch cache ({@code resourceVersion=0}, and
 * a consistent list) versus from storage (an exact resourceVersion the cache no longer holds), and
 * the heap the cache spends per pod (measured in this JVM over a file of the same pods). Run with
 * {@code -Pbench}; never part of {@code ./mvnw verify}.
 */
// Compaction off: the Exact read asks for a revision older than the last write, which the default
// 5-minute compaction could remove while the 10 000 pods are being created (it did: 410).
@ControlPlane(storage = StorageBackend.SQLITE, apiserverArgs = {"--etcd-compaction-interval=0"})
class ListBenchmark {
    static final int PODS = Integer.getInteger("capstan.bench.pods", 10_000);
    static final Duration RUN = Duration.ofSeconds(Long.getLong("capstan.bench.seconds", 5));

    static String pod(String name) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"bench","tier":"web"}},
                 "spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10",
                   "resources":{"requests":{"cpu":"10m","memory":"16Mi"}},"ports":[{"containerPort":8080}]}]}}
                """.formatted(name);
    }

    @Test
    void listTenThousandPodsFromCacheVersusStorage(LocalControlPlane plane) throws Exception {
        String base = "/api/v1/namespaces/bench-list/pods";
        // Without nodes the scheduler would retry 10 000 unschedulable pods and take the CPU being measured.
        plane.stopService("scheduler");
        List<String> lines = new ArrayList<>();
        try (ConnectionPerThread http = new ConnectionPerThread(plane.apiserverUrl(), plane.sslContext())) {
            post(http, "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench-list\"}}");
            long started = System.nanoTime();
            createPods(http, base, 16);
            lines.add("created " + PODS + " pods in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s (c=16)");

            String rv = Json.tree(get(http, base + "?limit=1")).path("metadata").path("resourceVersion").asText();
            post(http, base, pod("one-more")); // the cache's snapshot is now newer than rv: Exact rv reads storage
            String[][] variants = {
                    {"resourceVersion=0 (cache)", base + "?resourceVersion=0", Integer.toString(PODS + 1)},
                    {"consistent (cache)", base, Integer.toString(PODS + 1)},
                    {"Exact old rv (storage)", base + "?resourceVersion=" + rv + "&resourceVersionMatch=Exact", Integer.toString(PODS)}};
            for (String[] v : variants) {
                // The count is checked once, outside the timed requests: parsing 8 MB in this JVM would count as latency.
                byte[] body = get(http, v[1]);
                expectItems(body, Integer.parseInt(v[2]));
                LoadRun.run("warm-up", 1, Duration.ofSeconds(2), seq -> get(http, v[1]));
                lines.add(LoadRun.run("LIST " + PODS + " pods, " + v[0], 1, RUN, seq -> get(http, v[1]))
                        + "  (" + body.length / 1024 + " KiB)");
            }
        }
        BenchmarkReport.print(getClass().getSimpleName(), lines);
        BenchmarkReport.print(getClass().getSimpleName() + ", in-process", List.of(heapPerCachedPod()));
    }

    private static void createPods(ConnectionPerThread http, String base, int writers) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Exception> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = next.getAndIncrement(); i < PODS; i = next.getAndIncrement()) {
                    try {
                        post(http, base, pod("p" + i));
                    } catch (Exception e) {
                        http.discard();
                        errors.add(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.peek();
        }
    }

    private static String heapPerCachedPod() throws Exception {
        Path dir = Files.createTempDirectory("capstan-bench-heap");
        try (SqliteStorage storage = new SqliteStorage(dir.resolve("pods.db"))) {
            for (int i = 0; i < PODS; i++) {
                byte[] value = Json.bytes(Json.object(pod("p" + i).getBytes(StandardCharsets.UTF_8)));
                storage.create("/registry/pods/bench/p" + i, value);
            }
            long before = usedHeapAfterGc();
            // By reflection, so that this module still compiles with "-pl e2e" against an installed
            // API server jar older than the watch cache; the reactor build runs the current one.
            Class<?> cacheType = Class.forName("io.capstan.apiserver.storage.cache.WatchCache");
            Class<?> optionsType = Class.forName("io.capstan.apiserver.storage.cache.WatchCacheOptions");
            AutoCloseable cache = (AutoCloseable) cacheType.getConstructor(Storage.class, java.util.Collection.class, optionsType)
                    .newInstance(storage, List.of("/registry/pods/"), optionsType.getMethod("defaults").invoke(null));
            long after = usedHeapAfterGc();
            int held = (int) cacheType.getMethod("objectCount").invoke(cache);
            String line = "heap per cached pod: %d bytes (%d pods, %.1f MiB; stored value %d bytes)".formatted(
                    (after - before) / held, held, (after - before) / 1048576.0,
                    storage.get("/registry/pods/bench/p0").value().length);
            cache.close(); // also closes the storage
            return line;
        } finally {
            LocalControlPlane.deleteRecursively(dir);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void expectItems(byte[] body, int count) {
        int n = Json.tree(body).path("items").size();
        if (n != count) {
            throw new IllegalStateException("listed " + n + " items, expected " + count);
        }
    }

    private static byte[] get(ConnectionPerThread http, String path) throws Exception {
        HttpConnection.Response r = http.get().get(path);
        if (r.code() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.code() + " " + r.text());
        }
        return r.body();
    }

    private static void post(ConnectionPerThread http, String path, String json) throws Exception {
        HttpConnection.Response r = http.get().send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
        if (r.code() != 201 && r.code() != 409) {
            throw new IllegalStateException("POST " + path + ": " + r.code() + " " + r.text());
        }
    }
}
