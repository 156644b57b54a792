package io.capstan.common.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.capstan.common.api.StatusException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS in {@link RestClient} against a real local TLS server ({@link HttpsServer}) with certificates
 * made by Bouncy Castle: CA bundles from files and {@code -data}, client certificates with every key
 * encoding, {@code insecure-skip-tls-verify}, {@code tls-server-name}, and the in-cluster config.
 */
class ClientTlsTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), 1, Duration.ofMillis(1), 0);
    private static TestPki.Issued ca;
    private static TestPki.Issued otherCa;
    private static TestPki.Issued serverCert;
    private static TestPki.Issued aliceRsa;
    private static TestPki.Issued bobEc;

    private final List<HttpsServer> servers = new ArrayList<>();

    @BeforeAll
    static void pki() {
        ca = TestPki.ca("capstan-test-ca");
        otherCa = TestPki.ca("someone-elses-ca");
        serverCert = ca.issue("CN=kube-apiserver", TestPki.ec(), false, List.of(TestPki.dns("localhost"), TestPki.ip("127.0.0.1")));
        aliceRsa = ca.issue("CN=alice,O=system:masters", TestPki.rsa(), false, List.of());
        bobEc = ca.issue("CN=bob", TestPki.ec(), false, List.of());
    }

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void caAndClientCertificateFilesWithAPkcs1RsaKey(@TempDir Path dir) throws IOException {
        URI server = serve(serverCert);
        Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
        Files.writeString(dir.resolve("alice.crt"), aliceRsa.certificatePem());
        Files.writeString(dir.resolve("alice.key"), aliceRsa.traditionalKeyPem());
        assertTrue(aliceRsa.traditionalKeyPem().contains("BEGIN RSA PRIVATE KEY"), "PKCS#1");
        Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: tls
                clusters:
                - name: c
                  cluster:
                    server: %s
                    certificate-authority: ca.crt
                users:
                - name: alice
                  user:
                    client-certificate: alice.crt
                    client-key: alice.key
                contexts:
                - name: tls
                  context: {cluster: c, user: alice, namespace: team-a}
                """.formatted(server));
        ClientConfig config = KubeConfig.load(dir.resolve("config")).clientConfig(null);
        assertEquals("team-a", config.namespace());
        try (RestClient client = new RestClient(config, FAST)) {
            assertEquals("alice", client.getPath("/whoami").path("cn").asText(), "the server saw the client certificate");
        }
    }

    @Test
    void inlineDataWithASec1EcKey() {
        URI server = serve(serverCert);
        assertTrue(bobEc.traditionalKeyPem().contains("BEGIN EC PRIVATE KEY"), "SEC1");
        String yaml = """
                current-context: tls
                clusters:
                - name: c
                  cluster: {server: "%s", certificate-authority-data: %s}
                users:
                - name: bob
                  user: {client-certificate-data: %s, client-key-data: %s}
                contexts:
                - name: tls
                  context: {cluster: c, user: bob}
                """.formatted(server, b64(ca.certificatePem()), b64(bobEc.certificatePem()), b64(bobEc.traditionalKeyPem()));
        try (RestClient client = new RestClient(KubeConfig.parse(yaml, null).clientConfig(null), FAST)) {
            assertEquals("bob", client.getPath("/whoami").path("cn").asText());
        }
    }

    @Test
    void everyKeyEncodingIsAccepted() {
        URI server = serve(serverCert);
        record Case(String name, TestPki.Issued who, String keyPem, String marker) {
        }
        for (Case c : List.of(
                new Case("RSA PKCS#1", aliceRsa, aliceRsa.traditionalKeyPem(), "BEGIN RSA PRIVATE KEY"),
                new Case("RSA PKCS#8", aliceRsa, aliceRsa.pkcs8KeyPem(), "BEGIN PRIVATE KEY"),
                new Case("EC SEC1", bobEc, bobEc.traditionalKeyPem(), "BEGIN EC PRIVATE KEY"),
                new Case("EC SEC1 after EC PARAMETERS", bobEc,
                        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + bobEc.traditionalKeyPem(),
                        "BEGIN EC PRIVATE KEY"),
                new Case("EC PKCS#8", bobEc, bobEc.pkcs8KeyPem(), "BEGIN PRIVATE KEY"))) {
            assertTrue(c.keyPem().contains(c.marker()), c.name());
            ClientConfig.Tls tls = new ClientConfig.Tls(null, b64(ca.certificatePem()), null, b64(c.who().certificatePem()),
                    null, b64(c.keyPem()), false, null);
            try (RestClient client = new RestClient(config(server, tls), FAST)) {
                String expected = c.who() == aliceRsa ? "alice" : "bob";
                assertEquals(expected, client.getPath("/whoami").path("cn").asText(), c.name());
            }
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefused() {
        URI server = serve(otherCa.issue("CN=impostor", TestPki.ec(), false, List.of(TestPki.dns("localhost"), TestPki.ip("127.0.0.1"))));
        ClientConfig.Tls tls = new ClientConfig.Tls(null, b64(ca.certificatePem()), null, null, null, null, false, null);
        try (RestClient client = new RestClient(config(server, tls), FAST)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> client.getPath("/whoami"));
            assertTrue(causedBy(e, SSLHandshakeException.class), "a TLS handshake failure: " + e);
        }
        ClientConfig.Tls insecure = new ClientConfig.Tls(null, null, null, null, null, null, true, null);
        try (RestClient client = new RestClient(config(server, insecure), FAST)) {
            assertEquals("", client.getPath("/whoami").path("cn").asText(), "insecure-skip-tls-verify accepts it; no client cert sent");
        }
    }

    @Test
    void theNameCheckedIsTlsServerNameWhenSet() {
        URI server = serve(ca.issue("CN=kubernetes", TestPki.ec(), false, List.of(TestPki.dns("kubernetes.default.svc"))));
        ClientConfig.Tls tls = new ClientConfig.Tls(null, b64(ca.certificatePem()), null, null, null, null, false, null);
        try (RestClient client = new RestClient(config(server, tls), FAST)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> client.getPath("/whoami"));
            assertTrue(causedBy(e, SSLPeerUnverifiedException.class) || String.valueOf(e).contains("not 127.0.0.1"),
                    "127.0.0.1 is not among the certificate's names: " + e);
        }
        try (RestClient client = new RestClient(config(server, tls.withServerName("kubernetes.default.svc")), FAST)) {
            assertEquals("", client.getPath("/whoami").path("cn").asText());
        }
        try (RestClient client = new RestClient(config(server, tls.withServerName("other.default.svc")), FAST)) {
            assertThrows(UncheckedIOException.class, () -> client.getPath("/whoami"));
        }
    }

    @Test
    void hostNamesMatchSubjectAlternativeNamesWithWildcards() throws Exception {
        X509Certificate cert = ca.issue("CN=ignored.example", TestPki.ec(), false,
                List.of(TestPki.dns("*.svc.example"), TestPki.dns("api.example"), TestPki.ip("10.0.0.1"), TestPki.ip("::1"))).certificate();
        assertTrue(ServerTrust.matches(cert, "a.svc.example"));
        assertTrue(ServerTrust.matches(cert, "API.example"));
        assertTrue(ServerTrust.matches(cert, "10.0.0.1"));
        assertTrue(ServerTrust.matches(cert, "[::1]"));
        assertTrue(!ServerTrust.matches(cert, "a.b.svc.example"), "a wildcard covers one label");
        assertTrue(!ServerTrust.matches(cert, "svc.example"));
        assertTrue(!ServerTrust.matches(cert, "ignored.example"), "no common-name fallback");
        assertTrue(!ServerTrust.matches(cert, "10.0.0.2"));
    }

    @Test
    void badKeyMaterialIsAClearError() {
        ClientConfig.Tls certOnly = new ClientConfig.Tls(null, null, null, b64(bobEc.certificatePem()), null, null, false, null);
        assertThrows(IllegalArgumentException.class, () -> ClientTls.sslContext(certOnly));
        ClientConfig.Tls mismatched = new ClientConfig.Tls(null, null, null, b64(bobEc.certificatePem()), null,
                b64(aliceRsa.pkcs8KeyPem()), false, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientTls.sslContext(mismatched));
        assertTrue(e.getMessage().contains("RSA"), e.getMessage());
        ClientConfig.Tls notPem = new ClientConfig.Tls(null, null, null, b64(bobEc.certificatePem()), null, b64("hello"), false, null);
        e = assertThrows(IllegalArgumentException.class, () -> ClientTls.sslContext(notPem));
        assertTrue(e.getMessage().startsWith("client-key"), e.getMessage());
        ClientConfig.Tls both = new ClientConfig.Tls(null, b64(ca.certificatePem()), null, null, null, null, true, null);
        assertThrows(IllegalArgumentException.class, () -> ClientTls.sslContext(both));
    }

    @Test
    void inClusterConfigUsesTheServiceAccountFilesAndFollowsTokenRotation(@TempDir Path root) throws IOException {
        URI server = serve(serverCert);
        Files.writeString(root.resolve("token"), "token-one\n");
        Files.writeString(root.resolve("ca.crt"), ca.certificatePem());
        Files.writeString(root.resolve("namespace"), "kube-system");
        Map<String, String> env = Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", Integer.toString(server.getPort()));
        ClientConfig config = InClusterConfig.load(root, env);
        assertEquals(server, config.server());
        assertEquals("kube-system", config.namespace());
        assertEquals(root.resolve("ca.crt"), config.tls().caFile());
        assertEquals("ns-from-env", InClusterConfig.load(root, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
                "KUBERNETES_SERVICE_PORT", "443", "POD_NAMESPACE", "ns-from-env")).namespace());
        assertEquals(URI.create("https://[fd00::1]:443"), InClusterConfig.load(root, Map.of("KUBERNETES_SERVICE_HOST", "fd00::1",
                "KUBERNETES_SERVICE_PORT", "443")).server());
        try (RestClient client = new RestClient(config, FAST)) {
            assertEquals("Bearer token-one", client.getPath("/whoami").path("authorization").asText());
            Files.writeString(root.resolve("token"), "token-two\n");
            Files.setLastModifiedTime(root.resolve("token"), FileTime.from(Instant.now().plusSeconds(10)));
            assertEquals("Bearer token-two", client.getPath("/whoami").path("authorization").asText(), "a rotated token is re-read");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InClusterConfig.load(root, Map.of()));
        assertTrue(e.getMessage().contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined"), e.getMessage());
        Files.delete(root.resolve("token"));
        assertThrows(IllegalArgumentException.class, () -> InClusterConfig.load(root, env));
    }

    @Test
    void aTokenFileIsReadAgainAfterA401() throws IOException {
        Path token = Files.createTempFile("token", "");
        try (FakeApiServer fake = new FakeApiServer()) {
            Files.writeString(token, "old");
            FileTime fixed = FileTime.from(Instant.now().minusSeconds(60));
            Files.setLastModifiedTime(token, fixed);
            fake.on("GET", "/api", FakeApiServer.json(401, "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}"),
                    FakeApiServer.json(200, "{}"));
            ClientConfig config = new ClientConfig(fake.uri(), null, token, null, null, 0, 0, null, null, null);
            try (RestClient client = new RestClient(config, FAST)) {
                StatusException e = assertThrows(StatusException.class, () -> client.getPath("/api"));
                assertEquals(401, e.code());
                // Same modification time (a coarse clock, or a copy that kept it): only the 401 makes it read again.
                Files.writeString(token, "new");
                Files.setLastModifiedTime(token, fixed);
                client.getPath("/api");
            }
            List<FakeApiServer.Recorded> requests = fake.requests("GET", "/api");
            assertEquals("Bearer old", requests.get(0).header("Authorization"));
            assertEquals("Bearer new", requests.get(1).header("Authorization"));
        } finally {
            Files.deleteIfExists(token);
        }
    }

    private static ClientConfig config(URI server, ClientConfig.Tls tls) {
        return new ClientConfig(server, null, null, null, null, 0, 0, Duration.ofSeconds(5), Duration.ofSeconds(10), tls);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An HTTPS server presenting {@code certificate}, asking (not requiring) a client certificate issued
     * by the test CA, answering {@code {"cn": ..., "authorization": ...}}.
     */
    private URI serve(TestPki.Issued certificate) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", certificate.keys().getPrivate(), "pw".toCharArray(), new X509Certificate[]{certificate.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "pw".toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = context.getDefaultSSLParameters();
                    p.setWantClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                String cn = "";
                try {
                    X509Certificate peer = (X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0];
                    cn = peer.getSubjectX500Principal().getName().replaceAll("^.*CN=([^,]+).*$", "$1");
                } catch (SSLPeerUnverifiedException noClientCertificate) {
                    // Answer with an empty CN.
                }
                ObjectNode body = io.capstan.common.json.Json.MAPPER.createObjectNode().put("cn", cn)
                        .put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                byte[] bytes = io.capstan.common.json.Json.bytes(body);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
                ex.close();
            });
            server.start();
            servers.add(server);
            return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
