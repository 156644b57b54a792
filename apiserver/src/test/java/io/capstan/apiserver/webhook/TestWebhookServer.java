package io.capstan.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.capstan.common.json.Json;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A webhook service for tests on the JDK's HTTP server: plain HTTP, or HTTPS with a fresh self-signed serving
 * certificate (made with keytool) that requires a client certificate; records every request and who sent it.
 */
public final class TestWebhookServer implements AutoCloseable {
    /** One request received: its body, its Authorization header, and the client certificate's subject, if any. */
    public record Received(JsonNode body, String authorization, String clientSubject) {
    }

    private final HttpServer server;
    private final Path dir;
    private final String servingCertPem;
    private final String clientCertPem;
    private final String clientKeyPem;
    public final List<Received> received = new CopyOnWriteArrayList<>();
    /** Answers before the handler runs, as HTTP codes; 0 lets the handler answer. */
    public final List<Integer> failFirst = new CopyOnWriteArrayList<>();
    public final AtomicInteger calls = new AtomicInteger();

    private TestWebhookServer(HttpServer server, Path dir, String servingCertPem, String clientCertPem, String clientKeyPem,
                              Function<JsonNode, ObjectNode> handler) {
        this.server = server;
        this.dir = dir;
        this.servingCertPem = servingCertPem;
        this.clientCertPem = clientCertPem;
        this.clientKeyPem = clientKeyPem;
        server.createContext("/", exchange -> handle(exchange, handler));
        server.start();
    }

    /** A plain-HTTP webhook answering each request body with {@code handler}'s object. */
    public static TestWebhookServer http(Function<JsonNode, ObjectNode> handler) throws IOException {
        return new TestWebhookServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0),
                Files.createTempDirectory("webhook"), null, null, null, handler);
    }

    /** An HTTPS webhook with a self-signed serving certificate that requires a client certificate. */
    public static TestWebhookServer https(Function<JsonNode, ObjectNode> handler) throws Exception {
        Path dir = Files.createTempDirectory("webhook-tls");
        KeyStore serving = keytool(dir, "serving", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        KeyStore client = keytool(dir, "client", "CN=kube-apiserver,O=system:masters", null);
        X509Certificate servingCert = (X509Certificate) serving.getCertificate("serving");
        X509Certificate clientCert = (X509Certificate) client.getCertificate("client");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serving, "changeit".toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", clientCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ssl.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        String keyPem = pem("PRIVATE KEY", client.getKey("client", "changeit".toCharArray()).getEncoded());
        return new TestWebhookServer(server, dir, pem("CERTIFICATE", servingCert.getEncoded()),
                pem("CERTIFICATE", clientCert.getEncoded()), keyPem, handler);
    }

    private static KeyStore keytool(Path dir, String alias, String dname, String san) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", dname, "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
        if (san != null) {
            cmd.addAll(List.of("-ext", san));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private void handle(HttpExchange exchange, Function<JsonNode, ObjectNode> handler) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String subject = null;
            if (exchange instanceof HttpsExchange https) {
                subject = ((X509Certificate) https.getSSLSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            }
            JsonNode json = Json.tree(body);
            received.add(new Received(json, exchange.getRequestHeaders().getFirst("Authorization"), subject));
            if (!failFirst.isEmpty()) {
                int code = failFirst.remove(0);
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            byte[] answer = Json.bytes(handler.apply(json));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    /** The URL of this webhook. */
    public String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/review";
    }

    /** A kubeconfig-format webhook config file, without a current-context: its first cluster and user count. */
    public Path configFile(String token) throws IOException {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n- name: webhook\n  cluster:\n    server: ")
                .append(url()).append('\n');
        if (servingCertPem != null) {
            y.append("    certificate-authority-data: ").append(base64(servingCertPem)).append('\n');
        }
        y.append("users:\n- name: apiserver\n  user:\n");
        if (token != null) {
            y.append("    token: ").append(token).append('\n');
        }
        if (clientCertPem != null) {
            y.append("    client-certificate-data: ").append(base64(clientCertPem)).append('\n');
            y.append("    client-key-data: ").append(base64(clientKeyPem)).append('\n');
        }
        if (token == null && clientCertPem == null) {
            y.append("    {}\n");
        }
        Path file = dir.resolve("webhook-" + System.nanoTime() + ".kubeconfig");
        Files.writeString(file, y.toString());
        return file;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
