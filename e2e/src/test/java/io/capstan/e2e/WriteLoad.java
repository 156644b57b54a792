package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A few concurrent writers creating ConfigMaps through the API server's HTTP API, recording every
 * create it acknowledged (2xx, with the resourceVersion it returned) and every one it refused, with
 * how long the refusal took. Fault tests check afterwards that every acknowledged object survived.
 */
final class WriteLoad implements AutoCloseable {
    /** A write the API server acknowledged. */
    record Ack(String name, String resourceVersion, String value, long atNanos) {
    }

    /** A write that failed: the HTTP status (or -1 when no answer came) and how long it took. */
    record Failure(int code, String body, Duration took) {
    }

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI apiserver;
    private final String namespace;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean stopped;

    WriteLoad(URI apiserver, javax.net.ssl.SSLContext tls, String namespace) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.apiserver = apiserver;
        this.namespace = namespace;
    }

    /** Creates the namespace, then starts {@code count} writers. */
    WriteLoad start(int count) throws IOException, InterruptedException {
        HttpResponse<String> ns = post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + namespace + "\"}}");
        if (ns.statusCode() != 201) {
            throw new IllegalStateException("cannot create namespace " + namespace + ": " + ns.statusCode() + " " + ns.body());
        }
        for (int w = 0; w < count; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> write(writer)));
        }
        return this;
    }

    private void write(int writer) {
        try {
            writeUntilStopped(writer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilStopped(int writer) throws InterruptedException {
        for (int i = 0; !stopped; i++) {
            String name = "w" + writer + "-" + i;
            String value = name + "@" + System.nanoTime();
            long started = System.nanoTime();
            try {
                HttpResponse<String> r = post("/api/v1/namespaces/" + namespace + "/configmaps",
                        "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + value + "\"}}");
                if (r.statusCode() / 100 == 2) {
                    String rv = Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).path("metadata").path("resourceVersion").asText();
                    acks.add(new Ack(name, rv, value, System.nanoTime()));
                } else {
                    failures.add(new Failure(r.statusCode(), r.body(), Duration.ofNanos(System.nanoTime() - started)));
                    pause();
                }
            } catch (IOException e) {
                failures.add(new Failure(-1, e.toString(), Duration.ofNanos(System.nanoTime() - started)));
                pause();
            }
        }
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(50); // a refused writer retries, but without spinning on a dead server
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(apiserver.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code count} writes were acknowledged after {@code sinceNanos}. */
    void awaitAcksSince(long sinceNanos, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acks.stream().filter(a -> a.atNanos() > sinceNanos).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " writes acknowledged within " + timeout
                        + "; last failures: " + failures.subList(Math.max(0, failures.size() - 3), failures.size()));
            }
            Thread.sleep(100);
        }
    }

    /** The namespace's ConfigMaps as the API server lists them now: name → {resourceVersion, data.v}. */
    Map<String, List<String>> stored() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(apiserver.resolve("/api/v1/namespaces/" + namespace + "/configmaps"))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("list failed: " + r.statusCode() + " " + r.body());
        }
        Map<String, List<String>> out = new HashMap<>();
        for (JsonNode item : Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).path("items")) {
            out.put(item.path("metadata").path("name").asText(),
                    List.of(item.path("metadata").path("resourceVersion").asText(), item.path("data").path("v").asText()));
        }
        return out;
    }

    /** Stops the writers and waits for their last requests. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread t : writers) {
            t.join(REQUEST_TIMEOUT.toMillis() + 5_000);
        }
    }
}
