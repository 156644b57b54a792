package io.capstan.common.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server standing in for the API server in client tests: answers are queued per
 * {@code VERB path} (a GET with {@code watch=true} is verb {@code WATCH}); each answer is used once
 * except the last, which repeats. Every request is recorded.
 */
public final class FakeApiServer implements AutoCloseable {

    /** A request as received. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {
        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }
    }

    /** Writes one answer. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange, Recorded request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Responder>> answers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Integer> remotePorts = new CopyOnWriteArrayList<>();

    public FakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues answers for {@code verb path}. */
    public FakeApiServer on(String verb, String path, Responder... responders) {
        Deque<Responder> q = answers.computeIfAbsent(verb + " " + path, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addAll(List.of(responders));
        }
        return this;
    }

    /** Every request so far. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The client-side port of each request's connection, in order: equal ports mean a reused connection. */
    public List<Integer> remotePorts() {
        return List.copyOf(remotePorts);
    }

    /** The requests with {@code verb} on {@code path}. */
    public List<Recorded> requests(String verb, String path) {
        return requests.stream().filter(r -> verb(r).equals(verb) && r.path().equals(path)).toList();
    }

    private static String verb(Recorded r) {
        boolean watch = r.query() != null && (r.query().contains("watch=true") || r.query().contains("watch=1"));
        return r.method().equals("GET") && watch ? "WATCH" : r.method();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Recorded r = new Recorded(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()), body);
        requests.add(r);
        remotePorts.add(ex.getRemoteAddress().getPort());
        Deque<Responder> q = answers.get(verb(r) + " " + r.path());
        Responder responder = null;
        if (q != null) {
            synchronized (q) {
                responder = q.size() > 1 ? q.pollFirst() : q.peekFirst();
            }
        }
        try {
            if (responder == null) {
                json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                        + "\"code\":404,\"message\":\"no fake answer for " + verb(r) + " " + r.path() + "\"}").respond(ex, r);
            } else {
                responder.respond(ex, r);
            }
        } catch (Exception e) {
            // The client hung up (e.g. a closed watch); nothing to answer.
        } finally {
            ex.close();
        }
    }

    /** Answers {@code code} with a JSON body. */
    public static Responder json(int code, String body) {
        return json(code, body, Map.of());
    }

    /** Answers {@code code} with a JSON body and extra headers. */
    public static Responder json(int code, String body, Map<String, String> headers) {
        return (ex, r) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
        };
    }

    /** Answers a watch: the given chunks, flushed one by one, then the stream ends. */
    public static Responder stream(String... chunks) {
        return (ex, r) -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String c : chunks) {
                out.write(c.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** Answers a watch that sends nothing and stays open until the client leaves or the server stops. */
    public static Responder hang() {
        return (ex, r) -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().flush();
            Thread.sleep(60_000);
        };
    }

    /** A watch event line. */
    public static String event(String type, String object) {
        return "{\"type\":\"" + type + "\",\"object\":" + object + "}\n";
    }

    @Override
    public void close() {
        // Interrupt hanging watch handlers first: stop() waits for running exchanges to finish.
        executor.shutdownNow();
        server.stop(0);
    }
}
