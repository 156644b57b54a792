package io.capstan.apiserver.authentication.headerrequest;

import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationRequest;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.RequestHeaders;
import io.capstan.apiserver.authentication.TestCerts;
import io.capstan.apiserver.authentication.x509.ChainVerifier;
import io.capstan.apiserver.authentication.x509.Verifier;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Front-proxy headers, trusted only over a client certificate from the requestheader CA with an allowed name. */
class RequestHeaderAuthenticatorTest {
    static final TestCerts.Issued FRONT_PROXY_CA = TestCerts.ca("front-proxy-ca");
    static final TestCerts.Issued CLUSTER_CA = TestCerts.ca("cluster-ca");
    final Verifier authenticator = new Verifier(new ChainVerifier(List.of(FRONT_PROXY_CA.certificate())),
            List.of("front-proxy-client"), new RequestHeaderAuthenticator(RequestHeaderAuthenticator.DEFAULT_USERNAME_HEADERS,
            RequestHeaderAuthenticator.DEFAULT_GROUP_HEADERS, RequestHeaderAuthenticator.DEFAULT_EXTRA_PREFIXES));

    static final Map<String, List<String>> HEADERS = new LinkedHashMap<>(Map.of(
            "X-Remote-User", List.of("alice"),
            "X-Remote-Group", List.of("dev", "system:masters"),
            "X-Remote-Extra-Scopes", List.of("read", "write"),
            "X-Remote-Extra-Example.com%2fPROJECT", List.of("p1")));

    static AuthenticationRequest request(Map<String, List<String>> headers, X509Certificate... chain) {
        return new AuthenticationRequest(RequestHeaders.of(headers), List.of(chain));
    }

    @Test
    void headersOverTheProxyCertificateNameTheUser() throws Exception {
        AuthenticationResponse r = authenticator.authenticate(request(HEADERS, FRONT_PROXY_CA.client("CN=front-proxy-client").certificate())).orElseThrow();
        assertEquals("alice", r.user().username());
        assertEquals(List.of("dev", "system:masters"), r.user().groups());
        assertEquals(List.of("read", "write"), r.user().extra().get("scopes"));
        assertEquals(List.of("p1"), r.user().extra().get("example.com/project"), "extra keys are lower-cased and URL-unescaped");
    }

    @Test
    void spoofedHeadersWithoutACertificateAreIgnored() throws Exception {
        assertTrue(authenticator.authenticate(request(HEADERS)).isEmpty());
    }

    @Test
    void spoofedHeadersOverAClusterClientCertificateAreRejected() {
        assertThrows(AuthenticationException.class, () -> authenticator.authenticate(
                request(HEADERS, CLUSTER_CA.client("CN=front-proxy-client").certificate())));
    }

    @Test
    void disallowedCommonNameIsRejected() {
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> authenticator.authenticate(
                request(HEADERS, FRONT_PROXY_CA.client("CN=someone-else").certificate())));
        assertTrue(e.getMessage().contains("not in the allowed list"), e.getMessage());
    }

    @Test
    void emptyAllowedNamesAcceptAnyCertificateFromTheCa() throws Exception {
        Verifier any = new Verifier(new ChainVerifier(List.of(FRONT_PROXY_CA.certificate())), List.of(),
                new RequestHeaderAuthenticator(List.of("X-Remote-User"), List.of("X-Remote-Group"), List.of("X-Remote-Extra-")));
        assertEquals("alice", any.authenticate(request(HEADERS, FRONT_PROXY_CA.client("CN=anything").certificate())).orElseThrow().user().username());
    }

    @Test
    void proxyCertificateWithoutUserHeaderIsNoCredentials() throws Exception {
        assertTrue(authenticator.authenticate(request(Map.of("X-Remote-Group", List.of("dev")),
                FRONT_PROXY_CA.client("CN=front-proxy-client").certificate())).isEmpty());
    }

    @Test
    void firstNonEmptyUsernameHeaderWins() throws Exception {
        RequestHeaderAuthenticator a = new RequestHeaderAuthenticator(List.of("X-User", "X-Remote-User"), List.of(), List.of());
        assertEquals("bob", a.authenticate(AuthenticationRequest.ofHeaders(Map.of("X-User", List.of(""), "X-Remote-User", List.of("bob"))))
                .orElseThrow().user().username());
    }

    @Test
    void extraKeyUnescaping() {
        assertEquals("example.com/project", RequestHeaderAuthenticator.unescapeExtraKey("example.com%2fproject"));
        assertEquals("a+b", RequestHeaderAuthenticator.unescapeExtraKey("a+b"));
        assertEquals("bad%zz", RequestHeaderAuthenticator.unescapeExtraKey("bad%zz"));
    }
}
