package io.capstan.apiserver.authentication;

import io.capstan.apiserver.authentication.serviceaccount.ServiceAccountTokenGetter;
import io.capstan.common.server.UsageException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole chain as the flags build it: union, system:authenticated, anonymous with fail-on-error. */
class AuthenticationTest {
    static final TestCerts.Issued CA = TestCerts.ca("cluster-ca");
    static final TestCerts.Issued FRONT_PROXY_CA = TestCerts.ca("front-proxy-ca");
    static Path dir;

    static final ServiceAccountTokenGetter NOTHING = new ServiceAccountTokenGetter() {
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
    };

    @BeforeAll
    static void files() throws Exception {
        dir = Files.createTempDirectory("authn");
        Files.writeString(dir.resolve("ca.crt"), CA.pem());
        Files.writeString(dir.resolve("front-proxy-ca.crt"), FRONT_PROXY_CA.pem());
        Files.writeString(dir.resolve("tokens.csv"), "secret-token,alice,uid-a,\"dev,ops\"\n");
    }

    static Authentication build(Map<String, String> flags) {
        Map<String, String> all = new HashMap<>(Map.of(
                "authentication.client-ca-file", dir.resolve("ca.crt").toString(),
                "authentication.token-auth-file", dir.resolve("tokens.csv").toString(),
                "authentication.requestheader.client-ca-file", dir.resolve("front-proxy-ca.crt").toString(),
                "authentication.requestheader.allowed-names", "front-proxy-client"));
        all.putAll(flags);
        Config config = Config.builder().addSource(ConfigSources.create(all)).disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource().build();
        return Authentication.fromConfig(config, NOTHING, Clock.systemUTC());
    }

    static AuthenticationRequest bearer(String token) {
        return AuthenticationRequest.ofHeaders(Map.of("Authorization", List.of("Bearer " + token)));
    }

    @Test
    void noCredentialsIsAnonymous() throws Exception {
        UserInfo u = build(Map.of()).authenticator().authenticate(AuthenticationRequest.ofHeaders(Map.of())).orElseThrow().user();
        assertEquals("system:anonymous", u.username());
        assertEquals(List.of("system:unauthenticated"), u.groups());
    }

    @Test
    void validTokenGetsSystemAuthenticated() throws Exception {
        UserInfo u = build(Map.of()).authenticator().authenticate(bearer("secret-token")).orElseThrow().user();
        assertEquals("alice", u.username());
        assertEquals(List.of("dev", "ops", "system:authenticated"), u.groups());
    }

    @Test
    void invalidTokenIsAnErrorNotAnonymous() {
        assertThrows(AuthenticationException.class, () -> build(Map.of()).authenticator().authenticate(bearer("wrong")));
    }

    @Test
    void otherSchemesAndEmptyBearerAreNoCredentials() throws Exception {
        Authenticator a = build(Map.of()).authenticator();
        assertEquals("system:anonymous", a.authenticate(AuthenticationRequest.ofHeaders(Map.of("Authorization", List.of("Basic YTpi"))))
                .orElseThrow().user().username());
        assertEquals("system:anonymous", a.authenticate(AuthenticationRequest.ofHeaders(Map.of("Authorization", List.of("Bearer "))))
                .orElseThrow().user().username());
    }

    @Test
    void anonymousCanBeTurnedOff() throws Exception {
        assertTrue(build(Map.of("authentication.anonymous", "false")).authenticator().authenticate(AuthenticationRequest.ofHeaders(Map.of())).isEmpty());
    }

    @Test
    void certificateFromAnotherCaIsRejectedNotAnonymous() {
        TestCerts.Issued rogue = TestCerts.ca("cluster-ca").client("CN=admin,O=system:masters");
        assertThrows(AuthenticationException.class, () -> build(Map.of()).authenticator()
                .authenticate(new AuthenticationRequest(h -> List.of(), List.of(rogue.certificate()))));
    }

    @Test
    void clientCertificateWorksAlongsideTheFrontProxy() throws Exception {
        AuthenticationResponse r = build(Map.of()).authenticator().authenticate(new AuthenticationRequest(h -> List.of(),
                List.of(CA.client("CN=admin,O=system:masters").certificate()))).orElseThrow();
        assertEquals("admin", r.user().username());
        assertEquals(List.of("system:masters", "system:authenticated"), r.user().groups());
    }

    @Test
    void frontProxyHeadersOnlyOverTheProxyCertificate() throws Exception {
        Map<String, List<String>> spoof = Map.of("X-Remote-User", List.of("admin"), "X-Remote-Group", List.of("system:masters"));
        Authenticator a = build(Map.of()).authenticator();
        assertEquals("system:anonymous", a.authenticate(new AuthenticationRequest(RequestHeaders.of(spoof), List.of()))
                .orElseThrow().user().username(), "headers without the proxy certificate are ignored");
        UserInfo viaCluster = a.authenticate(new AuthenticationRequest(RequestHeaders.of(spoof),
                List.of(CA.client("CN=bob").certificate()))).orElseThrow().user();
        assertEquals("bob", viaCluster.username(), "a cluster client certificate is its own user, whatever the headers say");
        UserInfo viaProxy = a.authenticate(new AuthenticationRequest(RequestHeaders.of(spoof),
                List.of(FRONT_PROXY_CA.client("CN=front-proxy-client").certificate()))).orElseThrow().user();
        assertEquals("admin", viaProxy.username());
        assertEquals(List.of("system:masters", "system:authenticated"), viaProxy.groups());
        assertThrows(AuthenticationException.class, () -> a.authenticate(new AuthenticationRequest(RequestHeaders.of(spoof),
                List.of(FRONT_PROXY_CA.client("CN=not-allowed").certificate()))));
    }

    @Test
    void tokenAuthenticatorForReviews() throws Exception {
        Authentication auth = build(Map.of());
        assertEquals(List.of("dev", "ops", "system:authenticated"),
                auth.tokenAuthenticator().authenticateToken("secret-token", List.of()).orElseThrow().user().groups());
        assertTrue(auth.tokenAuthenticator().authenticateToken("unknown", List.of()).isEmpty());
    }

    @Test
    void signingKeyNeedsAnIssuer() throws Exception {
        Path key = Files.writeString(dir.resolve("sa.key"), TestCerts.pem(TestCerts.rsa().getPrivate()));
        assertThrows(UsageException.class, () -> build(Map.of("authentication.service-account.signing-key-file", key.toString())));
        Authentication a = build(Map.of("authentication.service-account.signing-key-file", key.toString(),
                "authentication.service-account.issuers", "https://one,https://two"));
        assertEquals("https://one", a.tokenGenerator().orElseThrow().issuer());
        assertEquals(List.of("https://one", "https://two"), a.apiAudiences(), "API audiences default to the issuers");
    }

    @Test
    void missingFilesAreUsageErrors() {
        assertThrows(UsageException.class, () -> build(Map.of("authentication.client-ca-file", "/nonexistent/ca.crt")));
        assertThrows(UsageException.class, () -> build(Map.of("authentication.service-account.max-token-expiration", "10m")));
    }
}
