package io.capstan.aggregator;

import io.capstan.common.server.CapstanService;
import io.capstan.common.server.Flag;
import io.capstan.common.server.GoDuration;
import io.capstan.common.server.HealthChecks;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpRules;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * The aggregator: the control plane's front door. Every request that is not one of its own health or
 * metrics endpoints is proxied to the API server by {@link ProxyHandler}.
 */
public final class AggregatorService implements CapstanService {

    @Override
    public String name() {
        return "capstan-aggregator";
    }

    @Override
    public String description() {
        return "The Capstan aggregator is the front door of the control plane: it proxies every API request "
                + "to the API server, streaming responses (watches included) as they come.";
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                Flag.of("apiserver-url", "apiserver.url", "http://127.0.0.1:6444",
                        "the URL of the API server that requests are proxied to"),
                Flag.of("apiserver-connect-timeout", "apiserver.connect-timeout", "5s",
                        "how long to wait for a connection to the API server before answering 503"));
    }

    @Override
    public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
        URI backend = backendUri(config.get("apiserver.url").asString().orElse("http://127.0.0.1:6444"));
        Duration connectTimeout = GoDuration.parse(config.get("apiserver.connect-timeout").asString().orElse("5s"));
        // HTTP/1.1 only: over plain HTTP the client would otherwise try an h2c upgrade on every request.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        ProxyHandler proxy = new ProxyHandler(client, backend, metrics);
        health.addReadiness("apiserver", new BackendReadyCheck(client, backend.resolve("/readyz")));
        return new Running() {
            @Override
            public void routing(HttpRules rules) {
                rules.any(proxy);
            }

            @Override
            public void beforeStop() {
                proxy.closeStreams();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /** Parses {@code --apiserver-url}, failing at startup on a value that cannot work. */
    static URI backendUri(String url) {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--apiserver-url " + url + " is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--apiserver-url " + url + " must be an http:// or https:// URL with a host");
        }
        return uri;
    }
}
