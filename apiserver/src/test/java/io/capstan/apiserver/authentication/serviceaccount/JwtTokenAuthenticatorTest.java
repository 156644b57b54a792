package io.capstan.apiserver.authentication.serviceaccount;

import io.capstan.common.jwt.TokenGenerator;
import io.capstan.common.jwt.JsonWebToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.TestCerts;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Service-account JWTs, bound and legacy: signature, algorithm, expiry, audience, and the objects they name. */
class JwtTokenAuthenticatorTest {
    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    static final KeyPair RSA = TestCerts.rsa();
    static final KeyPair EC = TestCerts.ec();
    static final KeyPair OTHER = TestCerts.rsa();
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    FakeTokenGetter objects;
    ObjectNode sa;
    JwtTokenAuthenticator bound;
    JwtTokenAuthenticator legacy;
    TokenGenerator generator;

    @BeforeEach
    void setUp() {
        objects = new FakeTokenGetter();
        sa = objects.put("ServiceAccount", "ns", "builder", "sa-uid");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        bound = new JwtTokenAuthenticator(List.of(ISSUER), List.of(RSA.getPublic(), EC.getPublic()), List.of(ISSUER),
                new BoundTokenValidator(objects, clock));
        legacy = new JwtTokenAuthenticator(List.of(LegacyValidator.LEGACY_ISSUER), List.of(RSA.getPublic()), List.of(ISSUER),
                new LegacyValidator(true, objects));
        generator = new TokenGenerator(ISSUER, RSA.getPrivate(), RSA.getPublic());
    }

    String token(ObjectNode pod, ObjectNode secret, ObjectNode node, Instant issued, long seconds, List<String> aud) {
        return generator.generateToken(BoundClaims.of(sa, pod, secret, node, null, issued, seconds, aud));
    }

    AuthenticationResponse authenticate(String token) throws AuthenticationException {
        return bound.authenticateToken(token, List.of()).orElseThrow();
    }

    @Test
    void validBoundTokenIsTheServiceAccount() throws Exception {
        AuthenticationResponse r = authenticate(token(null, null, null, NOW, 3600, List.of(ISSUER)));
        UserInfo u = r.user();
        assertEquals("system:serviceaccount:ns:builder", u.username());
        assertEquals("sa-uid", u.uid());
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:ns"), u.groups());
        assertTrue(u.extra().get("authentication.kubernetes.io/credential-id").get(0).startsWith("JTI="));
        assertEquals(List.of(ISSUER), r.audiences());
    }

    @Test
    void es256TokensVerify() throws Exception {
        TokenGenerator es = new TokenGenerator(ISSUER, EC.getPrivate(), EC.getPublic());
        String t = es.generateToken(BoundClaims.of(sa, null, null, null, null, NOW, 3600, List.of(ISSUER)));
        assertEquals("ES256", JsonWebToken.parse(t).orElseThrow().algorithm());
        assertEquals("system:serviceaccount:ns:builder", authenticate(t).user().username());
    }

    @Test
    void expiredTokenIsInvalid() {
        String t = token(null, null, null, NOW.minusSeconds(7200), 3600, List.of(ISSUER));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> authenticate(t));
        assertEquals("service account token has expired", e.getMessage());
    }

    @Test
    void expiryHasOneMinuteOfLeeway() throws Exception {
        authenticate(token(null, null, null, NOW.minusSeconds(3630), 3600, List.of(ISSUER)));
    }

    @Test
    void notYetValidTokenIsInvalid() {
        String t = token(null, null, null, NOW.plusSeconds(600), 3600, List.of(ISSUER));
        assertThrows(AuthenticationException.class, () -> authenticate(t));
    }

    @Test
    void tokenSignedByAnotherKeyIsInvalid() {
        String t = new TokenGenerator(ISSUER, OTHER.getPrivate(), OTHER.getPublic())
                .generateToken(BoundClaims.of(sa, null, null, null, null, NOW, 3600, List.of(ISSUER)));
        assertThrows(AuthenticationException.class, () -> authenticate(t));
    }

    @Test
    void tamperedClaimsAreInvalid() {
        String[] parts = token(null, null, null, NOW, 3600, List.of(ISSUER)).split("\\.");
        ObjectNode claims = (ObjectNode) Json.tree(Base64.getUrlDecoder().decode(parts[1]));
        ((ObjectNode) claims.get("kubernetes.io").get("serviceaccount")).put("name", "admin");
        String forged = parts[0] + "." + b64(Json.bytes(claims)) + "." + parts[2];
        assertThrows(AuthenticationException.class, () -> authenticate(forged));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "PS256", ""})
    void unexpectedAlgorithmsAreRejected(String alg) {
        ObjectNode claims = BoundClaims.of(sa, null, null, null, null, NOW, 3600, List.of(ISSUER)).put("iss", ISSUER);
        String header = b64(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        String unsigned = header + "." + b64(Json.bytes(claims)) + ".";
        assertThrows(AuthenticationException.class, () -> authenticate(unsigned));
        // A signature made with the RSA public key as an HMAC secret (the classic confusion) does not verify either.
        String withSignature = header + "." + b64(Json.bytes(claims)) + "." + b64(RSA.getPublic().getEncoded());
        assertThrows(AuthenticationException.class, () -> authenticate(withSignature));
    }

    @Test
    void rs256HeaderOnAnEcSignatureIsRejected() {
        TokenGenerator es = new TokenGenerator(ISSUER, EC.getPrivate(), EC.getPublic());
        String[] parts = es.generateToken(BoundClaims.of(sa, null, null, null, null, NOW, 3600, List.of(ISSUER))).split("\\.");
        String swapped = b64("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
        assertThrows(AuthenticationException.class, () -> authenticate(swapped));
    }

    @Test
    void wrongAudienceIsInvalid() {
        String t = token(null, null, null, NOW, 3600, List.of("vault"));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> authenticate(t));
        assertEquals("token audiences [\"vault\"] is invalid for the target audiences [\"" + ISSUER + "\"]", e.getMessage());
    }

    @Test
    void requestedAudiencesReplaceTheApiAudiences() throws Exception {
        String t = token(null, null, null, NOW, 3600, List.of("vault"));
        assertEquals(List.of("vault"), bound.authenticateToken(t, List.of("vault")).orElseThrow().audiences());
    }

    @Test
    void otherIssuersAndNonJwtsAreNotRecognised() throws Exception {
        String t = new TokenGenerator("https://elsewhere", RSA.getPrivate(), RSA.getPublic())
                .generateToken(BoundClaims.of(sa, null, null, null, null, NOW, 3600, List.of(ISSUER)));
        assertTrue(bound.authenticateToken(t, List.of()).isEmpty());
        assertTrue(bound.authenticateToken("not-a-jwt", List.of()).isEmpty());
        assertTrue(bound.authenticateToken("a.b.c", List.of()).isEmpty());
    }

    @Test
    void unknownOrRecreatedServiceAccountInvalidatesTheToken() {
        String t = token(null, null, null, NOW, 3600, List.of(ISSUER));
        objects.remove("ServiceAccount", "ns", "builder");
        assertThrows(AuthenticationException.class, () -> authenticate(t));
        objects.put("ServiceAccount", "ns", "builder", "new-uid");
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> authenticate(t));
        assertEquals("service account UID (new-uid) does not match claim (sa-uid)", e.getMessage());
    }

    @Test
    void podBoundTokenDiesWithItsPod() throws Exception {
        ObjectNode pod = objects.put("Pod", "ns", "web", "pod-uid");
        ObjectNode node = objects.put("Node", "", "node-1", "node-uid");
        String t = token(pod, null, node, NOW, 3600, List.of(ISSUER));
        UserInfo u = authenticate(t).user();
        assertEquals(List.of("web"), u.extra().get("authentication.kubernetes.io/pod-name"));
        assertEquals(List.of("pod-uid"), u.extra().get("authentication.kubernetes.io/pod-uid"));
        assertEquals(List.of("node-1"), u.extra().get("authentication.kubernetes.io/node-name"));
        assertEquals(List.of("node-uid"), u.extra().get("authentication.kubernetes.io/node-uid"));

        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", NOW.minusSeconds(30).toString());
        authenticate(t); // deletion started within the leeway: still valid
        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", NOW.minusSeconds(120).toString());
        assertThrows(AuthenticationException.class, () -> authenticate(t));
        objects.remove("Pod", "ns", "web");
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> authenticate(t));
        assertEquals("service account token has been invalidated", e.getMessage());
        objects.put("Pod", "ns", "web", "other-uid");
        assertThrows(AuthenticationException.class, () -> authenticate(t), "a pod of the same name is another pod");
    }

    @Test
    void secretAndNodeBoundTokensDieWithTheirObject() throws Exception {
        ObjectNode secret = objects.put("Secret", "ns", "s", "secret-uid");
        String st = token(null, secret, null, NOW, 3600, List.of(ISSUER));
        authenticate(st);
        objects.remove("Secret", "ns", "s");
        assertThrows(AuthenticationException.class, () -> authenticate(st));

        ObjectNode node = objects.put("Node", "", "n1", "node-uid");
        String nt = token(null, null, node, NOW, 3600, List.of(ISSUER));
        assertEquals(List.of("n1"), authenticate(nt).user().extra().get("authentication.kubernetes.io/node-name"));
        objects.put("Node", "", "n1", "recreated");
        assertThrows(AuthenticationException.class, () -> authenticate(nt));
    }

    String legacyToken(String secretName) {
        return new TokenGenerator(LegacyValidator.LEGACY_ISSUER, RSA.getPrivate(), RSA.getPublic())
                .generateToken(LegacyValidator.claims("ns", "builder", "sa-uid", secretName));
    }

    ObjectNode secretHolding(String name, String token) {
        ObjectNode s = objects.put("Secret", "ns", name, "s-uid");
        s.put("type", "kubernetes.io/service-account-token");
        s.putObject("data").put("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        return s;
    }

    @Test
    void legacyTokenNeedsItsSecretAndAccount() throws Exception {
        String t = legacyToken("builder-token");
        assertThrows(AuthenticationException.class, () -> legacy.authenticateToken(t, List.of()), "no secret");
        secretHolding("builder-token", t);
        AuthenticationResponse r = legacy.authenticateToken(t, List.of()).orElseThrow();
        assertEquals("system:serviceaccount:ns:builder", r.user().username());
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:ns"), r.user().groups());
        assertEquals(Map.of(), r.user().extra());

        secretHolding("builder-token", "another-token");
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> legacy.authenticateToken(t, List.of()));
        assertEquals("Token has been invalidated", e.getMessage());

        secretHolding("builder-token", t);
        objects.remove("ServiceAccount", "ns", "builder");
        assertThrows(AuthenticationException.class, () -> legacy.authenticateToken(t, List.of()));
    }

    @Test
    void legacyAuthenticatorIgnoresBoundTokensAndViceVersa() throws Exception {
        assertTrue(legacy.authenticateToken(token(null, null, null, NOW, 3600, List.of(ISSUER)), List.of()).isEmpty());
        assertTrue(bound.authenticateToken(legacyToken("x"), List.of()).isEmpty());
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
