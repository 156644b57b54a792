package io.capstan.aggregator;

import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.capstan.common.server.ResponseStreams;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forwards one request to the API server and streams the answer back as it comes.
 *
 * <p>Method, raw path and query, body and end-to-end headers go through unchanged; hop-by-hop headers
 * stay behind and the caller's address is appended to {@code X-Forwarded-For}. Response bytes are
 * flushed as soon as the backend has no more ready, so a watch event reaches the client when the API
 * server sends it. An unreachable API server gives a 503 {@code Status}.
 *
 * <p>The caller's identity goes on in upstream's request-header scheme: {@link FrontProxyAuthenticator}
 * decides it, and {@link #forwardedHeaders} (the one place request headers are chosen) drops every
 * {@code X-Remote-*} header the client sent and adds {@code X-Remote-User}/{@code X-Remote-Group} for it.
 * {@code Impersonate-*} headers pass through untouched; the API server checks them.
 */
public final class ProxyHandler implements Handler {
    private static final Logger LOG = Logger.getLogger(ProxyHandler.class.getName());
    /** Headers java.net.http sets itself and refuses to take from a caller. */
    private static final Set<String> CLIENT_MANAGED = Set.of("host", "content-length", "expect", "connection", "upgrade");
    private static final int BUFFER_SIZE = 16 * 1024;

    private final HttpClient client;
    private final URI backend;
    private final MeterRegistry metrics;
    private final FrontProxyAuthenticator authenticator;
    private final Set<InputStream> openStreams = ConcurrentHashMap.newKeySet();

    /**
     * @param client  the client used for every backend request (HTTP/1.1, no redirects)
     * @param backend the API server's base URL, without a trailing slash
     * @param metrics where {@code aggregator_proxy_requests_total} is counted
     */
    public ProxyHandler(HttpClient client, URI backend, MeterRegistry metrics) {
        this(client, backend, metrics, new FrontProxyAuthenticator(List.of()));
    }

    /**
     * @param client        the client used for every backend request (HTTP/1.1, no redirects)
     * @param backend       the API server's base URL
     * @param metrics       where {@code aggregator_proxy_requests_total} is counted
     * @param authenticator who the caller is
     */
    public ProxyHandler(HttpClient client, URI backend, MeterRegistry metrics, FrontProxyAuthenticator authenticator) {
        this.client = client;
        this.backend = backend;
        this.metrics = metrics;
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String method = req.prologue().method().text();
        String upgrade = req.headers().first(HeaderNames.UPGRADE).orElse("").toLowerCase();
        // h2c (what java.net.http offers by default) is simply declined by answering in HTTP/1.1.
        if (upgrade.contains("websocket") && isWatch(req)) {
            // As the API server does: the Upgrade is ignored and the watch ends at once (200, no events), so
            // a WebSocket client (fabric8) falls back to a streaming HTTP watch at once instead of retrying
            // a 503 with back-off for ~20 s.
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send();
            count(method, 200);
            return;
        }
        if (upgrade.contains("websocket") || upgrade.contains("spdy")) {
            // java.net.http cannot forward an upgrade (WebSocket, SPDY). 503 is what upstream answers
            // where WebSockets are unsupported; watch clients then fall back to a streaming HTTP watch.
            sendStatus(res, Statuses.unavailable("upgrading the connection (" + req.headers().first(HeaderNames.UPGRADE).get()
                    + ") is not supported through the aggregator yet; use a streaming HTTP request"));
            count(method, 503);
            return;
        }
        Optional<RemoteUser> caller;
        try {
            X509Certificate[] chain = req.remotePeer().tlsCertificates()
                    .map(certs -> Arrays.stream(certs).filter(X509Certificate.class::isInstance)
                            .map(X509Certificate.class::cast).toArray(X509Certificate[]::new))
                    .orElse(null);
            caller = authenticator.authenticate(chain, req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        } catch (StatusException e) {
            sendStatus(res, e);
            count(method, e.code());
            return;
        }
        HttpRequest request;
        ClientBody clientBody = new ClientBody(req);
        try {
            request = backendRequest(req, method, caller, clientBody);
        } catch (IllegalArgumentException e) {
            // A path, query or header java.net.http refuses to send; the API server would refuse it too.
            sendStatus(res, Statuses.badRequest("the request cannot be forwarded: " + e.getMessage()));
            count(method, 400);
            return;
        }
        HttpResponse<InputStream> upstream;
        try {
            upstream = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.log(Level.FINE, "proxy " + method + " " + req.prologue().uriPath().rawPath() + " failed", e);
            if (clientBody.failure() != null) {
                // The client's body broke off, stalled (read timeout) or ran over the size limit: its fault.
                StatusException error = clientBody.error();
                sendStatus(res, error);
                count(method, error.code());
                return;
            }
            sendStatus(res, Statuses.unavailable("error trying to reach the API server at " + backend + ": " + describe(e)));
            count(method, 503);
            return;
        } catch (RuntimeException e) {
            if (clientBody.failure() == null) {
                throw e;
            }
            // A malformed body (e.g. a bad chunk size) surfaces from java.net.http as an unchecked exception.
            StatusException error = clientBody.error();
            sendStatus(res, error);
            count(method, error.code());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendStatus(res, Statuses.unavailable("the aggregator is shutting down"));
            count(method, 503);
            return;
        }
        count(method, upstream.statusCode());
        relay(method, upstream, res);
    }

    /** Ends every response still streaming (watches), so the server can stop; clients then re-watch. */
    public void closeStreams() {
        for (InputStream in : openStreams) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing a proxied stream", e);
            }
        }
    }

    private HttpRequest backendRequest(ServerRequest req, String method, Optional<RemoteUser> caller, ClientBody clientBody) {
        String rawQuery = req.prologue().query().rawValue();
        URI target = URI.create(backend + req.prologue().uriPath().rawPath()
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).method(method, body(req, clientBody));
        forwardedHeaders(req, caller).forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        return builder.build();
    }

    /**
     * The headers sent to the API server: the end-to-end request headers minus any {@code X-Remote-*},
     * plus {@code X-Forwarded-For}; for a {@code caller}, {@code X-Remote-User} and {@code X-Remote-Group}
     * instead of the client's {@code Authorization} (upstream's authentication filter drops it once it
     * has authenticated a request); with no caller, the client's {@code Authorization} goes on.
     */
    static Map<String, List<String>> forwardedHeaders(ServerRequest req, Optional<RemoteUser> caller) {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(req.headers().all(HeaderNames.CONNECTION, List::of));
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (Header h : req.headers()) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (hopByHop.contains(lower) || CLIENT_MANAGED.contains(lower) || lower.equals("x-forwarded-for")
                    || lower.startsWith("x-remote-") || (caller.isPresent() && lower.equals("authorization"))) {
                continue;
            }
            headers.put(h.name(), h.allValues());
        }
        caller.ifPresent(user -> {
            headers.put("X-Remote-User", List.of(user.name()));
            if (!user.groups().isEmpty()) {
                headers.put("X-Remote-Group", user.groups());
            }
        });
        String peer = req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : req.remotePeer().host();
        String prior = String.join(", ", req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
        headers.put("X-Forwarded-For", List.of(prior.isEmpty() ? peer : prior + ", " + peer));
        return headers;
    }

    private static HttpRequest.BodyPublisher body(ServerRequest req, ClientBody clientBody) {
        if (!req.content().hasEntity()) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(clientBody::open);
        OptionalLong length = req.headers().contentLength();
        // Keep Content-Length when the client sent one; otherwise the body goes chunked, as it came.
        return length.isPresent() ? HttpRequest.BodyPublishers.fromPublisher(stream, length.getAsLong()) : stream;
    }

    private void relay(String method, HttpResponse<InputStream> upstream, ServerResponse res) {
        InputStream body = upstream.body();
        openStreams.add(body);
        try (body) {
            res.status(Status.create(upstream.statusCode()));
            HopByHopHeaders hopByHop = HopByHopHeaders.of(upstream.headers().allValues("connection"));
            upstream.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                // Helidon writes its own Date; a HEAD answer's Content-Length describes a body never sent.
                if (!hopByHop.contains(lower) && !lower.equals("date")
                        && !(lower.equals("content-length") && method.equals("HEAD"))) {
                    res.header(name, values.toArray(String[]::new));
                }
            });
            if (method.equals("HEAD") || upstream.statusCode() == 204 || upstream.statusCode() == 304) {
                res.send();
                return;
            }
            copy(body, res);
        } catch (IOException | UncheckedIOException e) {
            // The client went away or the backend broke mid-stream; the response cannot be repaired.
            LOG.log(Level.FINE, "proxied response ended early", e);
        } finally {
            openStreams.remove(body);
        }
    }

    private static void copy(InputStream body, ServerResponse res) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (OutputStream out = res.outputStream()) {
            // A watch through the front door is established as soon as the API server established it.
            ResponseStreams.sendHeaders(out);
            int n;
            try {
                while ((n = body.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    // Flush whenever the backend has nothing more ready: a watch event goes out at once,
                    // while a large list still leaves in full-buffer chunks.
                    if (body.available() == 0) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // The backend stream ended abnormally (e.g. closeStreams on shutdown): end the response
                // cleanly so a watching client sees the end of the watch and starts a new one.
                LOG.log(Level.FINE, "backend stream ended", e);
            }
        }
    }

    private void sendStatus(ServerResponse res, StatusException error) {
        res.status(Status.create(error.code()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(error.status()));
    }

    private void count(String method, int code) {
        Counter.builder("aggregator_proxy_requests")
                .description("Requests proxied to the API server, by method and HTTP code (503 when unreachable)")
                .tag("method", method)
                .tag("code", Integer.toString(code))
                .register(metrics)
                .increment();
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "connection timed out";
        }
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException && (message == null || message.isBlank())) {
            return "connection refused";
        }
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static boolean isWatch(ServerRequest req) {
        String v = req.query().first("watch").orElse(null);
        return v != null && (v.equals("true") || v.equals("1") || v.isEmpty());
    }
}
