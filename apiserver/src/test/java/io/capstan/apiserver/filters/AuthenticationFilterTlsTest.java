package io.capstan.apiserver.filters;

import io.capstan.apiserver.authentication.Authentication;
import io.capstan.apiserver.authentication.TestCerts;
import io.capstan.apiserver.authentication.serviceaccount.ServiceAccountTokenGetter;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The filter behind real TLS: the server accepts any client chain (as the API server's TLS does) and the
 * authenticators verify it. Client certificates from the cluster CA are users; from another CA a 401; the
 * front-proxy headers count only over the front-proxy certificate and are blanked for the handler.
 */
class AuthenticationFilterTlsTest {
    static final TestCerts.Issued CA = TestCerts.ca("cluster-ca");
    static final TestCerts.Issued FRONT_PROXY_CA = TestCerts.ca("front-proxy-ca");
    static final TestCerts.Issued ROGUE_CA = TestCerts.ca("cluster-ca");
    static WebServer server;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("authn-tls");
        Files.writeString(dir.resolve("ca.crt"), CA.pem());
        Files.writeString(dir.resolve("front-proxy-ca.crt"), FRONT_PROXY_CA.pem());
        Config config = Config.builder().addSource(ConfigSources.create(Map.of(
                        "authentication.client-ca-file", dir.resolve("ca.crt").toString(),
                        "authentication.requestheader.client-ca-file", dir.resolve("front-proxy-ca.crt").toString(),
                        "authentication.requestheader.allowed-names", "front-proxy-client")))
                .disableEnvironmentVariablesSource().disableSystemPropertiesSource().build();
        Authentication auth = Authentication.fromConfig(config, new ServiceAccountTokenGetter() {
            public Optional<com.fasterxml.jackson.databind.node.ObjectNode> serviceAccount(String ns, String n) {
                return Optional.empty();
            }

            public Optional<com.fasterxml.jackson.databind.node.ObjectNode> secret(String ns, String n) {
                return Optional.empty();
            }

            public Optional<com.fasterxml.jackson.databind.node.ObjectNode> pod(String ns, String n) {
                return Optional.empty();
            }

            public Optional<com.fasterxml.jackson.databind.node.ObjectNode> node(String n) {
                return Optional.empty();
            }
        }, Clock.systemUTC());
        AuthenticationFilter filter = new AuthenticationFilter(auth.authenticator(), auth.apiAudiences(), auth.requestHeader());

        TestCerts.Issued serving = CA.server("apiserver");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serving.keyStore(), "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), new TrustManager[] {acceptAny()}, null);
        server = WebServer.builder().port(0).host("127.0.0.1")
                .tls(Tls.builder().sslContext(ssl).clientAuth(TlsClientAuth.OPTIONAL).build())
                .routing(r -> r.addFilter(filter).get("/whoami", (req, res) -> {
                    RequestContext ctx = RequestContext.of(req);
                    res.send(ctx.user().username() + " " + ctx.user().groups() + " x-remote-user=["
                            + req.headers().first(HeaderNames.create("X-Remote-User")).orElse("<none>") + "]");
                })).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static X509TrustManager acceptAny() {
        return new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }

    static HttpResponse<String> get(TestCerts.Issued clientCert, Map<String, String> headers) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        if (clientCert != null) {
            kmf.init(clientCert.keyStore(), "changeit".toCharArray());
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(clientCert == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        try (HttpClient http = HttpClient.newBuilder().sslContext(ssl).build()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/whoami"));
            headers.forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void clientCertificateIsTheUser() throws Exception {
        HttpResponse<String> r = get(CA.client("CN=alice,O=dev"), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("alice [dev, system:authenticated] x-remote-user=[<none>]", r.body());
    }

    @Test
    void noCertificateIsAnonymous() throws Exception {
        assertEquals("system:anonymous [system:unauthenticated] x-remote-user=[<none>]", get(null, Map.of()).body());
    }

    @Test
    void certificateFromAnotherCaIs401() throws Exception {
        HttpResponse<String> r = get(ROGUE_CA.client("CN=admin,O=system:masters"), Map.of());
        assertEquals(401, r.statusCode());
        assertEquals(AuthenticationFilterTest.UNAUTHORIZED, r.body());
    }

    @Test
    void frontProxyHeadersOnlyOverTheProxyCertificate() throws Exception {
        Map<String, String> spoof = Map.of("X-Remote-User", "admin", "X-Remote-Group", "system:masters");
        assertEquals("system:anonymous [system:unauthenticated] x-remote-user=[]", get(null, spoof).body(),
                "without a certificate the headers mean nothing, and are blanked as upstream clears them after authentication");
        assertEquals("bob [system:authenticated] x-remote-user=[]", get(CA.client("CN=bob"), spoof).body());
        assertEquals("admin [system:masters, system:authenticated] x-remote-user=[]",
                get(FRONT_PROXY_CA.client("CN=front-proxy-client"), spoof).body());
        assertEquals(401, get(FRONT_PROXY_CA.client("CN=intruder"), spoof).statusCode());
    }
}
