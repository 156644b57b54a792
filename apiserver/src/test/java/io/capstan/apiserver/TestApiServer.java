package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import io.capstan.common.pki.TestPki;
import io.capstan.common.server.ServiceLauncher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** An in-process API server on a free port over a fresh SQLite file, with a small HTTP client for tests. */
final class TestApiServer implements AutoCloseable {
    final ServiceLauncher launcher;
    final Path dir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .sslContext(TestPki.get().clientContext()).build();

    TestApiServer(String... extraArgs) throws Exception {
        this(new ApiServerService(), extraArgs);
    }

    /** A server built by {@code service} (one given its authorizer and authenticators, say). */
    TestApiServer(ApiServerService service, String... extraArgs) throws Exception {
        dir = Files.createTempDirectory("capstan-apiserver-test");
        String[] args = new String[4 + extraArgs.length];
        args[0] = "--secure-port=0";
        args[1] = "--data-dir=" + dir;
        args[2] = TestPki.get().servingFlags().get(0);
        args[3] = TestPki.get().servingFlags().get(1);
        System.arraycopy(extraArgs, 0, args, 4, extraArgs.length);
        launcher = ServiceLauncher.start(service, args, false);
    }

    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + launcher.port() + path);
    }

    /** A response: status code, body text, and headers. */
    record Response(int code, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return Json.tree(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    Response send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        return send(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), null);
    }

    Response send(String method, String path, String contentType, byte[] body, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers());
    }

    /** A request with extra headers, given as name, value, name, value, ... (a name may repeat). */
    Response sendWithHeaders(String method, String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers());
    }

    Response get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, (byte[]) null, null);
    }

    Response post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, "application/json", json);
    }

    Response put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, "application/json", json);
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, (String) null);
    }

    /** Opens a watch and returns the raw stream of newline-delimited events. */
    InputStream watch(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IOException("watch answered " + r.statusCode() + ": " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    @Override
    public void close() throws IOException {
        launcher.stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
