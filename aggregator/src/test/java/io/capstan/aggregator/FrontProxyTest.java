package io.capstan.aggregator;

import io.capstan.common.pki.CertificateAuthority;
import io.capstan.common.pki.CertificateSpec;
import io.capstan.common.pki.IssuedCertificate;
import io.capstan.common.pki.PemFile;
import io.capstan.common.pki.TestPki;
import io.capstan.common.server.ServiceLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aggregator authenticates callers and vouches for them with X-Remote-* headers. */
class FrontProxyTest {
    private FakeApiServer backend;
    private ServiceLauncher aggregator;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeApiServer();
        Path ca = TestPki.get().dir().resolve("ca.crt");
        aggregator = ServiceLauncher.start(new AggregatorService(), new String[]{"--secure-port=0",
                "--apiserver-url=" + backend.url(), "--client-ca-file=" + ca,
                TestPki.get().servingFlags().get(0), TestPki.get().servingFlags().get(1)}, false);
    }

    @AfterEach
    void stop() {
        if (aggregator != null) {
            aggregator.stop();
        }
        backend.close();
    }

    @Test
    void aVerifiedClientCertificateBecomesXRemoteUserAndGroupsAndForgedHeadersAreDropped() throws Exception {
        IssuedCertificate jane = TestPki.get().ca().issue(CertificateSpec.client("jane", List.of("dev", "qa")));
        HttpResponse<String> r = send(context(jane), HttpRequest.newBuilder(uri("/api/v1/pods"))
                .header("X-Remote-User", "admin").header("X-Remote-Group", "system:masters")
                .header("X-Remote-Extra-Scopes", "all").header("Authorization", "Bearer abc")
                .header("Impersonate-User", "bob"));
        assertEquals(200, r.statusCode(), r.body());
        FakeApiServer.Received got = backend.next();
        assertEquals(List.of("jane"), got.headers().get("X-Remote-User"));
        assertEquals(List.of("dev", "qa"), got.headers().get("X-Remote-Group"));
        assertNull(got.headers().get("X-Remote-Extra-Scopes"));
        assertNull(got.header("Authorization"), "the authenticated caller's token is not passed on");
        assertEquals("bob", got.header("Impersonate-User"));
    }

    @Test
    void aCertificateFromAnotherCaGetsA401Status() throws Exception {
        IssuedCertificate mallory = CertificateAuthority.generate("other").issue(CertificateSpec.client("mallory", List.of()));
        HttpResponse<String> r = send(context(mallory), HttpRequest.newBuilder(uri("/api/v1/pods")));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"reason\":\"Unauthorized\""), r.body());
        assertTrue(r.body().contains("\"kind\":\"Status\""), r.body());
    }

    @Test
    void aBearerTokenWithoutCertificateIsForwardedWithoutXRemoteHeaders() throws Exception {
        HttpResponse<String> r = send(context(null), HttpRequest.newBuilder(uri("/api/v1/pods"))
                .header("Authorization", "Bearer token-123").header("X-Remote-User", "admin"));
        assertEquals(200, r.statusCode());
        FakeApiServer.Received got = backend.next();
        assertEquals("Bearer token-123", got.header("Authorization"));
        assertNull(got.header("X-Remote-User"));
        assertNull(got.header("X-Remote-Group"));
    }

    @Test
    void neitherCertificateNorTokenIsAnonymous() throws Exception {
        HttpResponse<String> r = send(context(null), HttpRequest.newBuilder(uri("/api/v1/pods")).header("X-Remote-Group", "system:masters"));
        assertEquals(200, r.statusCode());
        FakeApiServer.Received got = backend.next();
        assertEquals(List.of("system:anonymous"), got.headers().get("X-Remote-User"));
        assertEquals(List.of("system:unauthenticated"), got.headers().get("X-Remote-Group"));
    }

    @Test
    void anEmptyBearerTokenIsNoTokenAsUpstreamSplitsTheHeader() {
        FrontProxyAuthenticator authenticator = new FrontProxyAuthenticator(List.of(TestPki.get().ca().certificate()));
        // upstream: strings.TrimSpace, split on " ", parts[1] is the token; empty means no credentials (anonymous).
        for (String header : List.of("Bearer", "Bearer ", "  Bearer   ", "Bearer  abc", "bearer  abc def", "Token abc", "Basic YWRtaW46YWRtaW4=", "")) {
            assertEquals(Optional.of(RemoteUser.ANONYMOUS), authenticator.authenticate(null, header), header);
        }
        for (String header : List.of("Bearer abc", " BEARER abc ", "Bearer abc  def", "bearer a.b.c")) {
            assertEquals(Optional.empty(), authenticator.authenticate(null, header), header);
        }
        assertEquals("abc", FrontProxyAuthenticator.bearerToken("Bearer abc def"));
        assertNull(FrontProxyAuthenticator.bearerToken("Bearer  abc"));
    }

    @Test
    void authenticatorRejectsServerOnlyCertificatesAndAcceptsClientOnes() {
        FrontProxyAuthenticator authenticator = new FrontProxyAuthenticator(List.of(TestPki.get().ca().certificate()));
        IssuedCertificate server = TestPki.get().ca().issue(CertificateSpec.serving("host", List.of("localhost"), List.of()));
        assertThrows(io.capstan.common.api.StatusException.class,
                () -> authenticator.authenticate(new X509Certificate[]{server.certificate()}, null));
        IssuedCertificate admin = TestPki.get().ca().issue(CertificateSpec.client("kubernetes-admin", List.of("system:masters")));
        assertEquals(Optional.of(new RemoteUser("kubernetes-admin", List.of("system:masters"))),
                authenticator.authenticate(new X509Certificate[]{admin.certificate()}, null));
        assertEquals(Optional.of(RemoteUser.ANONYMOUS), authenticator.authenticate(null, "Basic abc"));
        assertEquals(Optional.empty(), authenticator.authenticate(null, "bearer xyz"));
        // Without --client-ca-file, certificates are no authentication method.
        assertEquals(Optional.of(RemoteUser.ANONYMOUS),
                new FrontProxyAuthenticator(List.of()).authenticate(new X509Certificate[]{admin.certificate()}, null));
    }

    @Test
    void proxyClientFlagsMustComeTogether() throws Exception {
        Path dir = Files.createTempDirectory("agg-flags");
        IssuedCertificate client = TestPki.get().ca().issue(CertificateSpec.client("front-proxy-client", List.of()));
        PemFile.create(dir.resolve("c.crt"), PemFile.encode(client.certificate()), false);
        assertThrows(io.capstan.common.server.UsageException.class, () -> ServiceLauncher.start(new AggregatorService(),
                new String[]{"--secure-port=0", "--proxy-client-cert-file=" + dir.resolve("c.crt")}, false));
    }

    private HttpResponse<String> send(SSLContext context, HttpRequest.Builder request) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build()) {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + aggregator.port() + path);
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
}
