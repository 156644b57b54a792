package io.capstan.aggregator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in API server on a free port (JDK HTTP server) that records every request it receives and
 * answers with the handler a test installs.
 */
final class FakeApiServer implements AutoCloseable {

    /** What the backend saw of one request. */
    record Received(String method, String rawUri, com.sun.net.httpserver.Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile HttpHandler handler = exchange -> respond(exchange, 200, "application/json", "{}");

    FakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), body));
            handler.handle(exchange);
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void handler(HttpHandler handler) {
        this.handler = handler;
    }

    /** The next request the backend received, waiting up to five seconds. */
    Received next() throws InterruptedException {
        Received r = received.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the backend received no request within 5s");
        }
        return r;
    }

    /** The next request the backend received within {@code wait}, or null. */
    Received poll(java.time.Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD") || code == 204) {
            exchange.sendResponseHeaders(code, -1);
        } else {
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
