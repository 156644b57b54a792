package io.capstan.common.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach and talk to an API server, as client-go's {@code rest.Config}.
 *
 * <p>Rate limits default to 50 requests a second with bursts of 100: higher than client-go's 5/10
 * because Capstan's own controllers and scheduler are the main clients and start many informers at
 * once; lower it with {@code --kube-api-qps}/{@code --kube-api-burst}.
 *
 * @param server         the API server's base URL, e.g. {@code http://127.0.0.1:6444}
 * @param bearerToken    a bearer token, or null
 * @param tokenFile      a file holding the bearer token, re-read as it rotates; or null
 * @param namespace      the default namespace of the context, {@code default} when unset
 * @param userAgent      the {@code User-Agent} header, e.g. {@code capstan-scheduler/0.1.0}
 * @param qps            requests per second the client allows itself; zero or less for no limit
 * @param burst          requests that may go at once above {@code qps}
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for a non-watch answer
 * @param tls            certificate settings for {@code https} servers (CA, client certificate and key, ...)
 */
public record ClientConfig(URI server, String bearerToken, Path tokenFile, String namespace, String userAgent,
                           double qps, int burst, Duration connectTimeout, Duration requestTimeout, Tls tls) {

    /** Default requests per second. */
    public static final double DEFAULT_QPS = 50;
    /** Default burst. */
    public static final int DEFAULT_BURST = 100;
    /** Default user agent when a program sets none. */
    public static final String DEFAULT_USER_AGENT = userAgent("capstan", "0.1.0");

    /**
     * A user agent in client-go's form, {@code <command>/<version> (<os>/<arch>) <project>/<commit>}, e.g.
     * {@code capstan-scheduler/v0.1.0 (linux/amd64) capstan}, as {@code rest.DefaultKubernetesUserAgent}.
     */
    public static String userAgent(String command, String version) {
        String os = System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT).replaceAll("\\s.*", "");
        String arch = switch (System.getProperty("os.arch", "unknown")) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch", "unknown");
        };
        String v = version.startsWith("v") ? version : "v" + version;
        return command + "/" + v + " (" + os + "/" + arch + ") capstan";
    }

    public ClientConfig {
        Objects.requireNonNull(server, "server");
        if (server.getScheme() == null || server.getHost() == null) {
            throw new IllegalArgumentException("API server URL needs a scheme and host, e.g. http://127.0.0.1:6444, got " + server);
        }
        namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
        userAgent = userAgent == null || userAgent.isEmpty() ? DEFAULT_USER_AGENT : userAgent;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        tls = tls == null ? Tls.NONE : tls;
    }

    /** A config for {@code server} with no credentials and default limits. */
    public static ClientConfig forServer(URI server) {
        return new ClientConfig(server, null, null, null, null, DEFAULT_QPS, DEFAULT_BURST, null, null, null);
    }

    /** The same config talking to another server. */
    public ClientConfig withServer(URI newServer) {
        return new ClientConfig(newServer, bearerToken, tokenFile, namespace, userAgent, qps, burst, connectTimeout, requestTimeout, tls);
    }

    /** The same config with another user agent. */
    public ClientConfig withUserAgent(String agent) {
        return new ClientConfig(server, bearerToken, tokenFile, namespace, agent, qps, burst, connectTimeout, requestTimeout, tls);
    }

    /** The same config with other rate limits. */
    public ClientConfig withRateLimits(double newQps, int newBurst) {
        return new ClientConfig(server, bearerToken, tokenFile, namespace, userAgent, newQps, newBurst, connectTimeout, requestTimeout, tls);
    }

    /** The same config with a bearer token. */
    public ClientConfig withBearerToken(String token) {
        return new ClientConfig(server, token, tokenFile, namespace, userAgent, qps, burst, connectTimeout, requestTimeout, tls);
    }

    /** The same config with another request timeout. */
    public ClientConfig withRequestTimeout(Duration timeout) {
        return new ClientConfig(server, bearerToken, tokenFile, namespace, userAgent, qps, burst, connectTimeout, timeout, tls);
    }

    /**
     * Certificate settings from a kubeconfig: files or inline base64 {@code -data} (kept encoded).
     *
     * @param caFile             {@code certificate-authority}
     * @param caData             {@code certificate-authority-data}
     * @param certFile           {@code client-certificate}
     * @param certData           {@code client-certificate-data}
     * @param keyFile            {@code client-key}
     * @param keyData            {@code client-key-data}
     * @param insecureSkipVerify {@code insecure-skip-tls-verify}
     * @param serverName         {@code tls-server-name}
     */
    public record Tls(Path caFile, String caData, Path certFile, String certData, Path keyFile, String keyData,
                      boolean insecureSkipVerify, String serverName) {
        /** No TLS settings. */
        public static final Tls NONE = new Tls(null, null, null, null, null, null, false, null);

        /** True when a client certificate is configured. */
        public boolean hasClientCertificate() {
            return certFile != null || certData != null;
        }

        /** True when a certificate authority is configured (otherwise the JDK's trusted roots are used). */
        public boolean hasCertificateAuthority() {
            return caFile != null || caData != null;
        }

        /** The CA bundle's PEM bytes ({@code -data} wins over the file, as client-go), or null. */
        public byte[] caBytes() {
            return bytes(caData, caFile, "certificate-authority");
        }

        /** The client certificate's PEM bytes, or null. */
        public byte[] certBytes() {
            return bytes(certData, certFile, "client-certificate");
        }

        /** The client key's PEM bytes, or null. */
        public byte[] keyBytes() {
            return bytes(keyData, keyFile, "client-key");
        }

        /** The same settings with another {@code tls-server-name}. */
        public Tls withServerName(String name) {
            return new Tls(caFile, caData, certFile, certData, keyFile, keyData, insecureSkipVerify, name);
        }

        private static byte[] bytes(String data, Path file, String field) {
            if (data != null && !data.isEmpty()) {
                try {
                    return java.util.Base64.getMimeDecoder().decode(data);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(field + "-data is not valid base64: " + e.getMessage(), e);
                }
            }
            if (file == null) {
                return null;
            }
            try {
                return java.nio.file.Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read " + field + " " + file + ": " + e, e);
            }
        }
    }
}
