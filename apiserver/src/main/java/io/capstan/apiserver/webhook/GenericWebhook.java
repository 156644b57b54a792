package io.capstan.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ClientTls;
import io.capstan.common.client.KubeConfig;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A webhook the API server calls, as upstream's {@code k8s.io/apiserver/pkg/util/webhook.GenericWebhook}: configured
 * by a kubeconfig-format file (the cluster's {@code server} is the URL POSTed to, with its
 * {@code certificate-authority(-data)}; the user's client certificate or token authenticate the server), posting JSON
 * and retrying connection errors, 429s and 5xx with upstream's back-off (500 ms, ×1.5, 5 attempts).
 */
public final class GenericWebhook {
    /** Upstream's {@code DefaultRequestRetryBackoff}: the first wait; each next one is 1.5 times longer. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    private static final int ATTEMPTS = 5;

    private final URI server;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration retryBackoff;

    private GenericWebhook(URI server, String token, HttpClient http, Duration requestTimeout, Duration retryBackoff) {
        this.server = server;
        this.token = token;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.retryBackoff = retryBackoff;
    }

    /**
     * A webhook from a kubeconfig-format file: its current context, or else its first cluster and first user.
     *
     * @throws IllegalArgumentException when the file cannot be read or names no server
     */
    public static GenericWebhook fromConfigFile(Path kubeconfigFile, Duration requestTimeout, Duration retryBackoff) {
        KubeConfig kubeconfig;
        try {
            kubeconfig = KubeConfig.load(kubeconfigFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the webhook config file " + kubeconfigFile + ": " + e.getMessage(), e);
        }
        URI server;
        String token;
        ClientConfig.Tls tls;
        if (kubeconfig.currentContext() != null && !kubeconfig.currentContext().isEmpty()) {
            ClientConfig c = kubeconfig.clientConfig(null);
            server = c.server();
            token = token(c.bearerToken(), c.tokenFile());
            tls = c.tls();
        } else {
            KubeConfig.Cluster cluster = kubeconfig.clusters().values().stream().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the webhook config file " + kubeconfigFile + " has no cluster"));
            KubeConfig.User user = kubeconfig.users().values().stream().findFirst().orElse(null);
            if (cluster.server() == null || cluster.server().isEmpty()) {
                throw new IllegalArgumentException("the webhook config file " + kubeconfigFile + " names no server");
            }
            server = URI.create(cluster.server());
            token = user == null ? null : token(user.token(), user.tokenFile());
            ClientConfig.Tls u = user == null ? ClientConfig.Tls.NONE : user.tls();
            ClientConfig.Tls c = cluster.tls();
            tls = new ClientConfig.Tls(c.caFile(), c.caData(), u.certFile(), u.certData(), u.keyFile(), u.keyData(),
                    c.insecureSkipVerify(), c.serverName());
        }
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(requestTimeout);
        if (server.getScheme().equals("https")) {
            b.sslContext(ClientTls.sslContext(tls));
        }
        return new GenericWebhook(server, token, b.build(), requestTimeout, retryBackoff);
    }

    private static String token(String token, Path tokenFile) {
        if (token != null && !token.isEmpty()) {
            return token;
        }
        if (tokenFile == null) {
            return null;
        }
        try {
            return Files.readString(tokenFile).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read tokenFile " + tokenFile + ": " + e.getMessage(), e);
        }
    }

    /** The URL the webhook posts to. */
    public URI server() {
        return server;
    }

    /**
     * POSTs {@code body} and returns the JSON answer of a 2xx.
     *
     * @throws WebhookException when every attempt failed, or the webhook answered a non-retriable error
     */
    public JsonNode post(ObjectNode body) throws WebhookException {
        byte[] bytes = Json.bytes(body);
        Duration wait = retryBackoff;
        WebhookException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(server).timeout(requestTimeout)
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
                if (token != null) {
                    req.header("Authorization", "Bearer " + token);
                }
                HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
                int code = res.statusCode();
                if (code >= 200 && code < 300) {
                    JsonNode answer;
                    try {
                        answer = Json.tree(res.body());
                    } catch (RuntimeException e) {
                        throw new WebhookException("the webhook answered " + code + " with a body that is not a JSON object", e);
                    }
                    if (answer == null || !answer.isObject()) {
                        throw new WebhookException("the webhook answered " + code + " with a body that is not a JSON object");
                    }
                    return answer;
                }
                last = new WebhookException("the server responded with the status code " + code
                        + " but did not return more information");
                if (code != 429 && code < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new WebhookException("Post \"" + server + "\": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WebhookException("interrupted calling " + server, e);
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WebhookException("interrupted calling " + server, e);
                }
                wait = Duration.ofNanos((long) (wait.toNanos() * 1.5));
            }
        }
        throw last;
    }
}
