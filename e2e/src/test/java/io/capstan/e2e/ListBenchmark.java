package io.capstan.e2e;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
@ControlPlane(storage = StorageBackend.SQLITE)
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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "/api/v1/namespaces/bench-list/pods";
        // Without nodes the scheduler would retry 10 000 unschedulable pods and take the CPU being measured.
        plane.stopService("scheduler");
        post(http, plane, "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bench-list\"}}");
        long started = System.nanoTime();
        createPods(http, plane, base, 16);
        List<String> lines = new ArrayList<>();
        lines.add("created " + PODS + " pods in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s (c=16)");

        String rv = Json.tree(get(http, plane, base + "?limit=1")).path("metadata").path("resourceVersion").asText();
        post(http, plane, base, pod("one-more")); // the cache's snapshot is now newer than rv: Exact rv reads storage
        lines.add(LoadRun.run("LIST " + PODS + " pods, resourceVersion=0 (cache)", 1, RUN,
                seq -> expectItems(get(http, plane, base + "?resourceVersion=0"), PODS + 1)).toString());
        lines.add(LoadRun.run("LIST " + PODS + " pods, consistent (cache)", 1, RUN,
                seq -> expectItems(get(http, plane, base), PODS + 1)).toString());
        lines.add(LoadRun.run("LIST " + PODS + " pods, Exact old rv (storage)", 1, RUN,
                seq -> expectItems(get(http, plane, base + "?resourceVersion=" + rv + "&resourceVersionMatch=Exact"), PODS)).toString());
        BenchmarkReport.print(getClass().getSimpleName(), lines);
        BenchmarkReport.print(getClass().getSimpleName() + ", in-process", List.of(heapPerCachedPod()));
    }

    private static void createPods(HttpClient http, LocalControlPlane plane, String base, int writers) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Exception> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = next.getAndIncrement(); i < PODS; i = next.getAndIncrement()) {
                    try {
                        post(http, plane, base, pod("p" + i));
                    } catch (Exception e) {
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

    private static byte[] get(HttpClient http, LocalControlPlane plane, String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(plane.apiserverUrl().resolve(path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode());
        }
        return r.body();
    }

    private static void post(HttpClient http, LocalControlPlane plane, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(plane.apiserverUrl().resolve(path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
    }
}
