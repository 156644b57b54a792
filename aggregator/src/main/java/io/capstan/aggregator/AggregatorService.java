package io.capstan.aggregator;

import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ClientTls;
import io.capstan.common.client.Pem;
import io.capstan.common.server.CapstanService;
import io.capstan.common.server.UsageException;
import io.capstan.common.server.Flag;
import io.capstan.common.server.GoDuration;
import io.capstan.common.server.HealthChecks;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpRules;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
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
                Flag.of("apiserver-url", "apiserver.url", "https://127.0.0.1:6444",
                        "the URL of the API server that requests are proxied to"),
                Flag.of("apiserver-ca-file", "apiserver.ca-file", "",
                        "PEM CA bundle that verifies the API server's serving certificate (unset: the JDK's trusted roots)"),
                Flag.of("proxy-client-cert-file", "proxy-client.cert-file", "",
                        "client certificate the aggregator presents to the API server, whose --requestheader-client-ca-file "
                                + "must verify it (CN front-proxy-client)"),
                Flag.of("proxy-client-key-file", "proxy-client.key-file", "",
                        "private key of --proxy-client-cert-file"),
                Flag.of("client-ca-file", "authentication.client-ca-file", "",
                        "PEM CA bundle: a client certificate it verifies becomes X-Remote-User (CN) and X-Remote-Group "
                                + "(each O) to the API server; one it does not verify gets a 401. Unset: client "
                                + "certificates are ignored"),
                Flag.of("apiserver-connect-timeout", "apiserver.connect-timeout", "5s",
                        "how long to wait for a connection to the API server before answering 503"));
    }

    @Override
    public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
        URI backend = backendUri(config.get("apiserver.url").asString().orElse("https://127.0.0.1:6444"));
        Duration connectTimeout = GoDuration.parse(config.get("apiserver.connect-timeout").asString().orElse("5s"));
        // HTTP/1.1 only: the API server speaks nothing else (and over plain HTTP the client would try h2c).
        HttpClient.Builder clientBuilder = HttpClient.newBuilder();
        if ("https".equals(backend.getScheme())) {
            clientBuilder.sslContext(ClientTls.sslContext(backendTls(config)));
        }
        FrontProxyAuthenticator authenticator = new FrontProxyAuthenticator(clientCas(config));
        HttpClient client = clientBuilder
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        ProxyHandler proxy = new ProxyHandler(client, backend, metrics, authenticator);
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

    /** The aggregator's TLS toward the API server: its CA, and the front-proxy client certificate. */
    static ClientConfig.Tls backendTls(Config config) {
        String ca = config.get("apiserver.ca-file").asString().orElse("");
        String cert = config.get("proxy-client.cert-file").asString().orElse("");
        String key = config.get("proxy-client.key-file").asString().orElse("");
        if (cert.isBlank() != key.isBlank()) {
            throw new UsageException("--proxy-client-cert-file and --proxy-client-key-file must be given together");
        }
        try {
            ClientConfig.Tls tls = new ClientConfig.Tls(ca.isBlank() ? null : Path.of(ca), null,
                    cert.isBlank() ? null : Path.of(cert), null, key.isBlank() ? null : Path.of(key), null, false, null);
            ClientTls.sslContext(tls); // fail at startup on unreadable or mismatched files
            return tls;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The CAs of {@code --client-ca-file}, none when unset. */
    static List<X509Certificate> clientCas(Config config) {
        String file = config.get("authentication.client-ca-file").asString().orElse("");
        if (file.isBlank()) {
            return List.of();
        }
        try {
            return Pem.certificates(Files.readAllBytes(Path.of(file)), "--client-ca-file " + file);
        } catch (IOException e) {
            throw new UsageException("--client-ca-file " + file + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
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
