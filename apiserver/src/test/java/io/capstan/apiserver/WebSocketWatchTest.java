package io.capstan.apiserver;

import io.capstan.common.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket upgrades, which the API server does not serve: a watch offered as a WebSocket ends at once
 * with a 200 and no events (fabric8 then falls back to an HTTP watch without its 5xx back-off), any
 * other upgrade is a 503 Status.
 */
class WebSocketWatchTest {
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aWebSocketWatchHandshakeIsRefusedAtOnceWithA200() {
        URI ws = URI.create(server.uri("/api/v1/pods?watch=true&allowWatchBookmarks=true").toString().replaceFirst("^http", "ws"));
        try (HttpClient client = HttpClient.newBuilder().sslContext(TestPki.get().clientContext()).build()) {
            long start = System.nanoTime();
            CompletionException e = assertThrows(CompletionException.class, () -> client.newWebSocketBuilder()
                    .buildAsync(ws, new WebSocket.Listener() { }).orTimeout(10, TimeUnit.SECONDS).join());
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(200, handshake.getResponse().statusCode());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the handshake did not wait for a watch stream");
        }
    }

    @Test
    void otherUpgradesAreA503() throws Exception {
        try (Socket socket = TestPki.get().clientContext().getSocketFactory().createSocket("127.0.0.1", server.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/namespaces/default/pods HTTP/1.1\r\nHost: example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 503 Service Unavailable", statusLine);
        }
    }
}
