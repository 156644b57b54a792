package io.capstan.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A client of the Kubernetes REST API over {@link HttpClient} (HTTP/1.1, pooled keep-alive
 * connections; HTTPS with the configured CA and client certificate, see {@link ClientTls}), as
 * client-go's {@code rest.RESTClient}: it adds the bearer token and {@code User-Agent}, holds itself
 * to the configured rate limit, turns error answers into {@link StatusException} (a subclass per
 * reason, see {@link StatusException#of}), and retries.
 *
 * <p>Retries, as client-go: an answer of 429, or of 5xx with a {@code Retry-After} header, says the
 * server did not do the work, so any verb is retried after the time it asks for (at most
 * {@value #MAX_RETRY_AFTER_SECONDS}s). Connection failures and 502/503/504 without {@code Retry-After}
 * are retried with exponential back-off only for idempotent verbs (GET, PUT, DELETE), because a POST or
 * PATCH may have been applied. At most {@value #MAX_RETRIES} retries. Watches are not retried here;
 * the {@link io.capstan.common.informer.Reflector} re-establishes them.
 */
public final class RestClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RestClient.class.getName());
    /** Retries after the first attempt. */
    static final int MAX_RETRIES = 5;
    /** Upper bound on a server's Retry-After. */
    static final long MAX_RETRY_AFTER_SECONDS = 60;
    private static final Set<String> IDEMPOTENT = Set.of("GET", "PUT", "DELETE");
    private static final String JSON = "application/json";

    private final ClientConfig config;
    private final HttpClient http;
    private final TokenBucket rateLimiter;
    private final Backoff backoff;
    private volatile String fileToken;
    private volatile FileTime fileTokenModified;

    /** A client for {@code config}, with back-off between retries of 100ms doubling up to 5s. */
    public RestClient(ClientConfig config) {
        this(config, new Backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(5), 0.1));
    }

    /** A client with its own retry back-off (tests use a short one). */
    public RestClient(ClientConfig config, Backoff backoff) {
        this.config = config;
        this.backoff = backoff;
        this.rateLimiter = new TokenBucket(config.qps(), config.burst(), System::nanoTime);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equalsIgnoreCase(config.server().getScheme())) {
            builder.sslContext(ClientTls.sslContext(config.tls()));
        }
        this.http = builder.build();
    }

    /** The settings this client uses. */
    public ClientConfig config() {
        return config;
    }

    /** The verbs on {@code gvr}; cluster-wide until narrowed with {@link ResourceInterface#namespace}. */
    public ResourceInterface resource(GroupVersionResource gvr) {
        return new RestResource(this, gvr, null);
    }

    /**
     * The verbs on {@code gvr} with get, list and watch answering only objects' metadata, as client-go's
     * {@code metadata.Client}: they ask for {@code meta.k8s.io/v1} {@code PartialObjectMetadata} (get, watch
     * events) and {@code PartialObjectMetadataList} (list), falling back to whole objects from servers that
     * do not offer those; other verbs behave as on {@link #resource}.
     */
    public ResourceInterface metadata(GroupVersionResource gvr) {
        return new RestResource(this, gvr, null, true);
    }

    /**
     * The verbs on {@code gvr} as {@code type} model objects (every verb, patch type, subresource);
     * cluster-wide until narrowed with {@link TypedResource#inNamespace}.
     */
    public <T extends HasMetadata> TypedResource<T> typed(GroupVersionResource gvr, Class<T> type) {
        return new TypedResource<>(resource(gvr), type);
    }

    /** GET a path outside the resource tree, e.g. discovery ({@code /api}, {@code /apis/apps/v1}). */
    public ObjectNode getPath(String path) {
        return send("GET", path, Map.of(), null, null);
    }

    /** GET one object as a typed model; {@code namespace} null for cluster-scoped resources. */
    public <T extends HasMetadata> T get(GroupVersionResource gvr, Class<T> type, String namespace, String name) {
        return Json.convert(resource(gvr).namespace(namespace).get(name), type);
    }

    /**
     * Every object of {@code gvr} matching {@code options} as typed models, read in pages of 500;
     * {@code namespace} null for all namespaces or cluster-scoped resources.
     */
    public <T extends HasMetadata> java.util.List<T> list(GroupVersionResource gvr, Class<T> type, String namespace, ListOptions options) {
        ObjectNode list = resource(gvr).namespace(namespace).listAll(options, 500);
        java.util.List<T> items = new java.util.ArrayList<>();
        list.path("items").forEach(item -> items.add(Json.convert(item, type)));
        return items;
    }

    /** POST a typed object into its {@code metadata.namespace}; returns it as stored. */
    public <T extends HasMetadata> T create(GroupVersionResource gvr, T object) {
        return typed(object, resource(gvr).namespace(object.getMetadata().getNamespace()).create(tree(object)));
    }

    /** PUT a typed object. */
    public <T extends HasMetadata> T update(GroupVersionResource gvr, T object) {
        return typed(object, resource(gvr).namespace(object.getMetadata().getNamespace()).update(tree(object)));
    }

    /** PUT a typed object's status subresource. */
    public <T extends HasMetadata> T updateStatus(GroupVersionResource gvr, T object) {
        return typed(object, resource(gvr).namespace(object.getMetadata().getNamespace()).updateStatus(tree(object)));
    }

    private static ObjectNode tree(Object object) {
        return Json.convert(object, ObjectNode.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T typed(T like, ObjectNode answer) {
        return (T) Json.convert(answer, like.getClass());
    }

    /** Sends one request with retries; returns the decoded JSON body ({@code {}} when empty). */
    ObjectNode send(String method, String path, Map<String, String> query, byte[] body, String contentType) {
        return send(method, path, query, body, contentType, JSON);
    }

    /** {@link #send(String, String, Map, byte[], String)} asking for the media types {@code accept}. */
    ObjectNode send(String method, String path, Map<String, String> query, byte[] body, String contentType, String accept) {
        URI uri = uri(path, query);
        HttpRequest.Builder b = base(uri, accept).timeout(config.requestTimeout());
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        HttpRequest request = b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        boolean idempotent = IDEMPOTENT.contains(method);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                rateLimiter.acquire();
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException(method + " " + uri + " interrupted"));
            } catch (IOException e) {
                if (!idempotent || attempt >= MAX_RETRIES) {
                    throw new UncheckedIOException(method + " " + uri + ": " + e, e);
                }
                Duration wait = backoff.delay(attempt);
                LOG.log(Level.FINE, () -> method + " " + uri + " failed (" + e + "), retrying in " + wait);
                sleep(wait);
                continue;
            }
            int code = response.statusCode();
            Optional<Duration> retryAfter = retryAfter(response);
            boolean retry = code == 429 || (code >= 500 && retryAfter.isPresent())
                    || (idempotent && (code == 502 || code == 503 || code == 504));
            if (retry && attempt < MAX_RETRIES) {
                Duration wait = retryAfter.isPresent() ? retryAfter.get() : backoff.delay(attempt);
                LOG.log(Level.FINE, () -> method + " " + uri + " answered " + code + ", retrying in " + wait);
                sleep(wait);
                continue;
            }
            if (code == 401) {
                resetFileToken();
            }
            if (code < 200 || code > 299) {
                throw statusError(code, response.body());
            }
            byte[] bytes = response.body();
            if (bytes.length == 0) {
                return Json.MAPPER.createObjectNode();
            }
            return Json.object(bytes);
        }
    }

    /** Opens a watch stream; errors before the stream starts come back as {@link StatusException}. */
    Watch watch(String path, Map<String, String> query) {
        return watch(path, query, JSON);
    }

    /** {@link #watch(String, Map)} asking for the media types {@code accept}. */
    Watch watch(String path, Map<String, String> query, String accept) {
        URI uri = uri(path, query);
        HttpRequest request = base(uri, accept).GET().build();
        HttpResponse<InputStream> response;
        try {
            rateLimiter.acquire();
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("watch " + uri + " interrupted"));
        } catch (IOException e) {
            throw new UncheckedIOException("watch " + uri + ": " + e, e);
        }
        try {
            if (response.statusCode() != 200) {
                if (response.statusCode() == 401) {
                    resetFileToken();
                }
                byte[] body;
                try (InputStream in = response.body()) {
                    body = in.readAllBytes();
                }
                throw statusError(response.statusCode(), body);
            }
            return new WatchStream(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("watch " + uri + ": " + e, e);
        }
    }

    private HttpRequest.Builder base(URI uri, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Accept", accept)
                .header("User-Agent", config.userAgent());
        String token = token();
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private String token() {
        if (config.tokenFile() == null) {
            return config.bearerToken();
        }
        // Projected service-account tokens rotate under us: re-read when the file changes (client-go
        // re-reads every minute; a stat per request is cheaper than serving a stale token for a minute).
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(config.tokenFile());
        } catch (IOException e) {
            modified = null;
        }
        String cached = fileToken;
        if (cached != null && modified != null && modified.equals(fileTokenModified)) {
            return cached;
        }
        synchronized (this) {
            try {
                fileToken = Files.readString(config.tokenFile()).trim();
                fileTokenModified = modified;
            } catch (IOException e) {
                LOG.warning("cannot read token file " + config.tokenFile() + ": " + e);
                if (fileToken == null) {
                    return config.bearerToken();
                }
            }
            return fileToken;
        }
    }

    /** After a 401, read the token file again on the next request (client-go's ResetTokenOlderThan). */
    private void resetFileToken() {
        fileTokenModified = null;
    }

    private URI uri(String path, Map<String, String> query) {
        String base = config.server().toString();
        String q = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The server's Status, or one made from the code when the body is not a Status. */
    static StatusException statusError(int code, byte[] body) {
        try {
            JsonNode node = Json.tree(body);
            if (node != null && "Status".equals(node.path("kind").asText())) {
                Status status = Json.convert(node, Status.class);
                if (status.getCode() == null || status.getCode() == 0) {
                    status.setCode(code);
                }
                return StatusException.of(status);
            }
        } catch (RuntimeException notJson) {
            // Fall through: proxies and old servers answer with plain text.
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        return StatusException.of(Statuses.of(code, reasonFor(code), text.isEmpty() ? "the server responded with the status code " + code
                + " but did not return more information" : text).status());
    }

    /** upstream's reasonForError for a bare HTTP code. */
    private static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "Unknown";
        };
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.trim());
                return Optional.of(Duration.ofSeconds(Math.max(0, Math.min(seconds, MAX_RETRY_AFTER_SECONDS))));
            } catch (NumberFormatException e) {
                return Optional.empty(); // HTTP-dates are not used by Kubernetes servers
            }
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting to retry"));
        }
    }

    /** Closes connections and aborts open watches. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
