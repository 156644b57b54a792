package io.capstan.common.server;

import io.capstan.common.pki.CertificateAuthority;
import io.capstan.common.pki.CertificateSpec;
import io.capstan.common.pki.IssuedCertificate;
import io.capstan.common.pki.TestPki;
import io.helidon.config.Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every service port is HTTPS: TLS 1.2+, client certificates requested but left to the authenticators. */
class ServingTlsTest {
    private static ServiceLauncher launcher;

    @BeforeAll
    static void start() throws Exception {
        List<String> args = new ArrayList<>(List.of("--secure-port=0"));
        args.addAll(TestPki.get().servingFlags());
        launcher = ServiceLauncher.start(new PeerEchoService(), args.toArray(String[]::new), false);
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.stop();
        }
    }

    @Test
    void healthIsServedOverHttpsWithTls13() throws Exception {
        try (SSLSocket socket = (SSLSocket) TestPki.get().clientContext().getSocketFactory().createSocket("127.0.0.1", launcher.port())) {
            socket.startHandshake();
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
            assertEquals(1, socket.getSession().getLocalCertificates().length, "the server asked for a client certificate");
        }
        try (HttpClient http = TestPki.get().httpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
    }

    @Test
    void tls12IsAcceptedAndOlderProtocolsAreNot() throws Exception {
        try (SSLSocket socket = socket(TestPki.get().clientContext(), "TLSv1.2")) {
            socket.startHandshake();
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
        }
        assertThrows(IOException.class, () -> {
            try (SSLSocket socket = socket(TestPki.get().clientContext(), "TLSv1.1")) {
                socket.startHandshake();
            }
        });
    }

    @Test
    void plainHttpGetsNoHttpAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", launcher.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buf = in.readNBytes(9);
            assertFalse(new String(buf, StandardCharsets.ISO_8859_1).startsWith("HTTP/1."), "answered plain HTTP");
        } catch (IOException expected) {
            // Connection reset or closed: not served either.
        }
    }

    @Test
    void clientCertificateFromAnotherCaReachesTheHandler() throws Exception {
        CertificateAuthority other = CertificateAuthority.generate("someone-elses-ca");
        IssuedCertificate mallory = other.issue(CertificateSpec.client("mallory", List.of("evil")));
        SSLContext context = context(mallory);
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/peer")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "the handshake succeeded");
            assertTrue(r.body().contains("CN=mallory"), r.body());
        }
        try (HttpClient http = TestPki.get().httpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/peer")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.body().contains("CN=kubernetes-admin"), r.body());
        }
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context(null)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/peer")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("none", r.body(), "no certificate is fine too");
        }
    }

    @Test
    void withoutFilesAServiceServesASelfSignedCertificate() {
        ServingCertificate generated = ServingCertificate.load("", "", "127.0.0.1");
        assertTrue(generated.selfSigned());
        assertEquals(2, generated.chain().size());
        assertTrue(generated.chain().getFirst().getSubjectX500Principal().getName().contains("127.0.0.1@"));
        assertThrows(UsageException.class, () -> ServingCertificate.load("/x.crt", "", "127.0.0.1"));
        assertThrows(UsageException.class, () -> ServingCertificate.load("/nonexistent.crt", "/nonexistent.key", "127.0.0.1"));
    }

    @Test
    void aSelfSignedServerStartsAndServesHttps() throws Exception {
        ServiceLauncher bare = ServiceLauncher.start(new PeerEchoService(), new String[]{"--secure-port=0"}, false);
        try {
            // Untrusted by the test CA: the client refuses the server, proving it is not the test certificate.
            try (HttpClient http = TestPki.get().httpClient()) {
                assertThrows(SSLHandshakeException.class, () -> http.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + bare.port() + "/livez")).build(), HttpResponse.BodyHandlers.ofString()));
            }
        } finally {
            bare.stop();
        }
    }

    private static SSLSocket socket(SSLContext context, String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", launcher.port());
        socket.setEnabledProtocols(new String[]{protocol});
        socket.setSoTimeout(5000);
        return socket;
    }

    private static SSLContext context(IssuedCertificate client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", TestPki.get().ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("c", client.keyPair().getPrivate(), "p".toCharArray(), new X509Certificate[]{client.certificate()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "p".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static URI uri(String path) {
        return URI.create("https://127.0.0.1:" + launcher.port() + path);
    }

    /** Answers {@code /peer} with the subject of the client certificate the TLS layer passed on. */
    private static final class PeerEchoService implements CapstanService {
        @Override
        public String name() {
            return "capstan-tls-test";
        }

        @Override
        public String description() {
            return "Echoes the client certificate.";
        }

        @Override
        public List<Flag> flags() {
            return List.of();
        }

        @Override
        public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
            return new Running() {
                @Override
                public void routing(io.helidon.webserver.http.HttpRules rules) {
                    rules.get("/peer", (req, res) -> {
                        var certs = req.remotePeer().tlsCertificates();
                        res.send(certs.isEmpty() || certs.get().length == 0 ? "none"
                                : ((X509Certificate) certs.get()[0]).getSubjectX500Principal().getName());
                    });
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
