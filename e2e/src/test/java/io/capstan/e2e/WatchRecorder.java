package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP watch on a collection, opened from the list's resourceVersion, that records the names of
 * ADDED objects (in arrival order) and any ERROR event, on a thread of its own.
 */
final class WatchRecorder implements AutoCloseable {
    private final List<String> added = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;
    private final long startRevision;

    WatchRecorder(URI apiserver, javax.net.ssl.SSLContext tls, String collection) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
        String rv = Json.tree(http.send(HttpRequest.newBuilder(apiserver.resolve(collection)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body()).path("metadata").path("resourceVersion").asText();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(apiserver.resolve(
                collection + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + rv)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("watch " + collection + ": HTTP " + r.statusCode());
        }
        startRevision = Long.parseLong(rv);
        body = r.body();
        reader = Thread.ofPlatform().daemon().name("watch " + collection).start(this::read);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode event = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                switch (event.path("type").asText()) {
                    case "ADDED" -> added.add(event.path("object").path("metadata").path("name").asText());
                    case "ERROR" -> errors.add(line);
                    default -> { }
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** Waits until every one of {@code names} was seen ADDED; fails naming those still missing. */
    void awaitNames(Set<String> names, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> missing = new HashSet<>(names);
            missing.removeAll(new ArrayList<>(added));
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline || !errors.isEmpty()) {
                throw new AssertionError(missing.size() + " acknowledged objects never reached the watch, e.g. "
                        + missing.stream().limit(5).toList() + "; errors: " + errors);
            }
            Thread.sleep(100);
        }
    }

    /** The resourceVersion the watch started after: it sees every change newer than this. */
    long startRevision() {
        return startRevision;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        body.close();
        reader.join(5_000);
    }
}
