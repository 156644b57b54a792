package io.capstan.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import io.capstan.common.pki.TestPki;
import io.capstan.common.server.ServiceLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aggregator in front of a fake API server: what goes through, what comes back, and when. */
class ProxyHandlerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private FakeApiServer backend;
    private ServiceLauncher aggregator;
    private final HttpClient client = TestPki.get().httpClient();

    @BeforeEach
    void start() throws Exception {
        backend = new FakeApiServer();
        aggregator = startAggregator(backend.url());
    }

    @AfterEach
    void stop() {
        if (aggregator != null) {
            aggregator.stop();
        }
        backend.close();
        client.close();
    }

    private static ServiceLauncher startAggregator(String backendUrl) throws Exception {
        return ServiceLauncher.start(new AggregatorService(),
                new String[] {"--secure-port=0", "--apiserver-url=" + backendUrl, "--apiserver-connect-timeout=2s",
                        TestPki.get().servingFlags().get(0), TestPki.get().servingFlags().get(1)}, false);
    }

    private URI uri(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + aggregator.port() + pathAndQuery);
    }

    @Test
    void forwardsMethodRawPathQueryHeadersAndBody() throws Exception {
        backend.handler(exchange -> {
            exchange.getResponseHeaders().add("Warning", "299 - \"deprecated\"");
            exchange.getResponseHeaders().add("Audit-Id", "abc");
            FakeApiServer.respond(exchange, 201, "application/json", "{\"kind\":\"Pod\"}");
        });
        String body = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        uri("/api/v1/namespaces/default/pods?fieldManager=kubectl-create&labelSelector=app%3Dweb%2Ctier%21%3Ddb"))
                .header("Content-Type", "application/yaml")
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io, application/json")
                .header("User-Agent", "kubectl/v1.32.4")
                .header("Authorization", "Bearer token")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());

        FakeApiServer.Received received = backend.next();
        assertEquals("POST", received.method());
        assertEquals("/api/v1/namespaces/default/pods?fieldManager=kubectl-create&labelSelector=app%3Dweb%2Ctier%21%3Ddb",
                received.rawUri());
        assertEquals("application/yaml", received.header("Content-Type"));
        assertEquals("application/json;as=Table;v=v1;g=meta.k8s.io, application/json", received.header("Accept"));
        assertEquals("kubectl/v1.32.4", received.header("User-Agent"));
        assertEquals("Bearer token", received.header("Authorization"));
        assertEquals(Integer.toString(body.length()), received.header("Content-Length"));
        assertEquals(body, new String(received.body(), StandardCharsets.UTF_8));

        assertEquals(201, response.statusCode());
        assertEquals("{\"kind\":\"Pod\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("299 - \"deprecated\"", response.headers().firstValue("Warning").orElseThrow());
        assertEquals("abc", response.headers().firstValue("Audit-Id").orElseThrow());
    }

    @ParameterizedTest(name = "{0} is proxied with its body and the backend's answer")
    @ValueSource(strings = {"GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    void forwardsEveryMethod(String method) throws Exception {
        backend.handler(exchange -> FakeApiServer.respond(exchange, 404, "application/json",
                "{\"kind\":\"Status\",\"code\":404}"));
        boolean withBody = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        HttpRequest.BodyPublisher publisher = withBody
                ? HttpRequest.BodyPublishers.ofString("{\"propagationPolicy\":\"Background\"}")
                : HttpRequest.BodyPublishers.noBody();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/v1/namespaces/default/pods/p"))
                .header("Content-Type", "application/merge-patch+json")
                .method(method, publisher)
                .build(), HttpResponse.BodyHandlers.ofString());

        FakeApiServer.Received received = backend.next();
        assertEquals(method, received.method());
        assertEquals("/api/v1/namespaces/default/pods/p", received.rawUri());
        assertEquals(withBody ? "{\"propagationPolicy\":\"Background\"}" : "",
                new String(received.body(), StandardCharsets.UTF_8));
        assertEquals(404, response.statusCode());
        assertEquals(method.equals("HEAD") ? "" : "{\"kind\":\"Status\",\"code\":404}", response.body());
    }

    @Test
    void aClientOfferingH2IsServedInHttp11() throws Exception {
        // java.net.http's default client offers h2 by ALPN in its TLS handshake.
        try (HttpClient http2First = HttpClient.newBuilder().sslContext(TestPki.get().clientContext()).build()) {
            HttpResponse<String> r = http2First.send(HttpRequest.newBuilder(uri("/api")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        }
        assertEquals("/api", backend.next().rawUri());
    }

    @Test
    void aWebSocketWatchEndsAtOnceWithA200SoClientsFallBackToHttpWithoutRetrying() throws Exception {
        // fabric8 retries a 5xx WebSocket handshake with back-off (~20 s) before falling back; a 200 it does not.
        String response = rawExchange("GET /api/v1/pods?watch=true HTTP/1.1\r\nHost: example\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.toLowerCase().contains("content-length: 0"), "no events, the watch has ended: " + response);
    }

    @Test
    void otherUpgradesAreA503Status() throws Exception {
        for (String request : new String[] {
                "GET /api/v1/namespaces/d/pods/p/exec?command=ls HTTP/1.1\r\nHost: example\r\nConnection: Upgrade\r\n"
                        + "Upgrade: SPDY/3.1\r\n\r\n",
                "GET /api/v1/namespaces/d/pods/p/exec?command=ls HTTP/1.1\r\nHost: example\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"}) {
            String response = rawExchange(request);
            assertTrue(response.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), response);
        }
    }

    /** Sends a raw request and reads the status line and headers of the answer. */
    private String rawExchange(String request) throws Exception {
        try (Socket socket = TestPki.get().clientContext().getSocketFactory().createSocket("127.0.0.1", aggregator.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append("\r\n");
            }
            return head.toString();
        }
    }

    @Test
    void appendsCallerToXForwardedForAndDropsHopByHopHeaders() throws Exception {
        // A raw socket, because java.net.http will not send Connection or Keep-Alive itself.
        try (Socket socket = TestPki.get().clientContext().getSocketFactory().createSocket("127.0.0.1", aggregator.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api HTTP/1.1\r\nHost: example\r\nConnection: close, X-Hop\r\nX-Hop: secret\r\n"
                    + "Keep-Alive: timeout=5\r\nX-Forwarded-For: 10.0.0.1\r\nX-End-To-End: kept\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 200 OK", statusLine);
        }
        FakeApiServer.Received received = backend.next();
        assertEquals("10.0.0.1, 127.0.0.1", received.header("X-Forwarded-For"));
        assertEquals("kept", received.header("X-End-To-End"));
        assertNull(received.header("X-Hop"));
        assertNull(received.header("Keep-Alive"));
    }

    @Test
    void aMalformedRequestUriIsRefusedWithoutReachingTheApiServer() throws Exception {
        // A raw socket, because java.net.http will not send a malformed URI at all.
        String response;
        try (Socket socket = TestPki.get().clientContext().getSocketFactory().createSocket("127.0.0.1", aggregator.port())) {
            socket.getOutputStream().write("GET /api/v1/pods?labelSelector=a%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertNull(backend.poll(Duration.ofMillis(300)), "nothing reaches the API server");
    }

    @Test
    void setsXForwardedForWhenTheCallerSentNone() throws Exception {
        client.send(HttpRequest.newBuilder(uri("/version")).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals("127.0.0.1", backend.next().header("X-Forwarded-For"));
    }

    @Test
    void relaysEachWatchEventBeforeTheNextIsWritten() throws Exception {
        CountDownLatch firstEventSeen = new CountDownLatch(1);
        CountDownLatch backendDone = new CountDownLatch(1);
        backend.handler(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked, open-ended: a watch
            OutputStream body = exchange.getResponseBody();
            body.write("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\"}}\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            try {
                // The second event is written only once the client has the first: a buffering proxy
                // would hold the first back and the client would time out first (hence twice the timeout).
                if (firstEventSeen.await(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    body.write("{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\"}}\n".getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            backendDone.countDown();
        });

        HttpResponse<InputStream> response = assertTimeoutPreemptively(TIMEOUT, () -> client.send(
                HttpRequest.newBuilder(uri("/api/v1/namespaces/default/pods?watch=true")).build(),
                HttpResponse.BodyHandlers.ofInputStream()),
                "the watch's response headers did not arrive while the backend held the stream open");
        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = assertTimeoutPreemptively(TIMEOUT, lines::readLine,
                    "the first watch event did not arrive while the backend held the stream open");
            assertEquals("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\"}}", first);
            firstEventSeen.countDown();
            String second = assertTimeoutPreemptively(TIMEOUT, lines::readLine);
            assertEquals("{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\"}}", second);
            assertNull(assertTimeoutPreemptively(TIMEOUT, lines::readLine), "the stream ends when the backend ends it");
        }
        assertTrue(backendDone.await(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void stoppingEndsOpenWatchesCleanly() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        backend.handler(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("{\"type\":\"ADDED\"}\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(uri("/api/v1/pods?watch=1")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("{\"type\":\"ADDED\"}", assertTimeoutPreemptively(TIMEOUT, lines::readLine));
            assertTimeoutPreemptively(TIMEOUT, () -> aggregator.stop(), "stop waited on the open watch");
            aggregator = null;
            assertNull(assertTimeoutPreemptively(TIMEOUT, lines::readLine), "the watch ends when the aggregator stops");
        } finally {
            release.countDown();
        }
    }

    @Test
    void unreachableApiServerGives503Status() throws Exception {
        aggregator.stop();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        aggregator = startAggregator("http://127.0.0.1:" + closedPort);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/v1/namespaces")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(503, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode status = Json.MAPPER.readTree(response.body());
        assertEquals("Status", status.path("kind").asText());
        assertEquals("v1", status.path("apiVersion").asText());
        assertTrue(status.path("metadata").isObject() && status.path("metadata").isEmpty(), response.body());
        assertEquals("Failure", status.path("status").asText());
        assertEquals("ServiceUnavailable", status.path("reason").asText());
        assertEquals(503, status.path("code").asInt());
        assertTrue(status.path("message").asText().contains("127.0.0.1:" + closedPort), status.path("message").asText());
    }

    @Test
    void readyzFollowsTheApiServersReadyz() throws Exception {
        backend.handler(exchange -> FakeApiServer.respond(exchange, 200, "text/plain", "ok"));
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(uri("/readyz?verbose")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().contains("[+]apiserver ok"), ready.body());
        assertEquals("/readyz", backend.next().rawUri());

        backend.handler(exchange -> FakeApiServer.respond(exchange, 500, "text/plain", "[-]etcd failed"));
        HttpResponse<String> notReady = client.send(HttpRequest.newBuilder(uri("/readyz?verbose")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(500, notReady.statusCode());
        assertTrue(notReady.body().contains("[-]apiserver failed"), notReady.body());
    }

    @Test
    void servesOwnHealthAndMetricsAndCountsProxiedRequests() throws Exception {
        backend.handler(exchange -> FakeApiServer.respond(exchange, 404, "application/json", "{}"));
        client.send(HttpRequest.newBuilder(uri("/apis/example.com/v1")).build(), HttpResponse.BodyHandlers.discarding());
        backend.next();

        HttpResponse<String> livez = client.send(HttpRequest.newBuilder(uri("/livez")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, livez.statusCode());
        assertEquals("ok", livez.body());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("aggregator_proxy_requests_total{")
                && l.contains("code=\"404\"") && l.contains("method=\"GET\"") && l.endsWith(" 1.0")), metrics.body());
        assertNull(backend.poll(Duration.ofMillis(500)), "/livez and /metrics must not reach the API server");
    }
}
