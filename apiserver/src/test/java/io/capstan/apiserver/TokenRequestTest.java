package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.apiserver.authentication.TestCerts;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serviceaccounts/<name>/token} through the API server, and the tokens it issues used as bearer tokens
 * against the same server: bound tokens stop working once their pod or account is gone.
 */
class TokenRequestTest {
    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    static final String NS = "/api/v1/namespaces/tokens";
    static final String UNAUTHORIZED = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";
    static TestApiServer server;
    static Path keyDir;
    static final java.security.KeyPair KEY = TestCerts.rsa();

    @BeforeAll
    static void start() throws Exception {
        keyDir = Files.createTempDirectory("sa-key");
        Path key = Files.writeString(keyDir.resolve("sa.key"), TestCerts.pem(KEY.getPrivate()));
        server = new TestApiServer("--service-account-signing-key-file=" + key, "--service-account-issuer=" + ISSUER,
                "--service-account-max-token-expiration=2h");
        assertEquals(201, server.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"tokens\"}}").code());
        serviceAccount("builder");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void serviceAccount(String name) throws Exception {
        var r = server.post(NS + "/serviceaccounts", "{\"metadata\":{\"name\":\"" + name + "\"}}");
        assertEquals(201, r.code(), r.body());
    }

    static TestApiServer.Response tokenRequest(String sa, String spec) throws Exception {
        return server.post(NS + "/serviceaccounts/" + sa + "/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":" + spec + "}");
    }

    static String token(String sa, String spec) throws Exception {
        var r = tokenRequest(sa, spec);
        assertEquals(201, r.code(), r.body());
        return r.json().path("status").path("token").asText();
    }

    static HttpResponse<String> getWith(String token, String path) throws Exception {
        return server.http.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode claims(String token) {
        return Json.tree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    @Test
    void discoveryListsTheTokenSubresource() throws Exception {
        JsonNode resources = server.get("/api/v1").json().path("resources");
        JsonNode token = null;
        for (JsonNode r : resources) {
            if (r.path("name").asText().equals("serviceaccounts/token")) {
                token = r;
            }
        }
        assertTrue(token != null, resources.toString());
        assertEquals("TokenRequest", token.path("kind").asText());
        assertEquals("authentication.k8s.io", token.path("group").asText());
        assertEquals("v1", token.path("version").asText());
        assertEquals("[\"create\"]", token.path("verbs").toString());
    }

    @Test
    void issuesATokenWithUpstreamDefaults() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        var r = tokenRequest("builder", "{}");
        assertEquals(201, r.code(), r.body());
        JsonNode tr = r.json();
        assertEquals("TokenRequest", tr.path("kind").asText());
        assertEquals("authentication.k8s.io/v1", tr.path("apiVersion").asText());
        assertEquals("builder", tr.path("metadata").path("name").asText());
        assertEquals("tokens", tr.path("metadata").path("namespace").asText());
        assertEquals("[\"" + ISSUER + "\"]", tr.path("spec").path("audiences").toString());
        assertEquals(3600, tr.path("spec").path("expirationSeconds").asLong());
        Instant expires = Instant.parse(tr.path("status").path("expirationTimestamp").asText());
        assertTrue(!expires.isBefore(before.plusSeconds(3600)) && expires.isBefore(Instant.now().plusSeconds(3602)), expires.toString());
        JsonNode claims = claims(tr.path("status").path("token").asText());
        assertEquals(ISSUER, claims.path("iss").asText());
        assertEquals("system:serviceaccount:tokens:builder", claims.path("sub").asText());
        assertEquals(expires.getEpochSecond(), claims.path("exp").asLong());
        String saUid = server.get(NS + "/serviceaccounts/builder").json().path("metadata").path("uid").asText();
        assertEquals(saUid, claims.path("kubernetes.io").path("serviceaccount").path("uid").asText());

        assertEquals(200, getWith(tr.path("status").path("token").asText(), "/api/v1/namespaces").statusCode());
    }

    @Test
    void forgedAndForeignAudienceTokensAre401() throws Exception {
        String good = token("builder", "{}");
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
        HttpResponse<String> r = getWith(forged, "/api/v1/namespaces");
        assertEquals(401, r.statusCode());
        assertEquals(UNAUTHORIZED, r.body());
        String vault = token("builder", "{\"audiences\":[\"vault\"]}");
        assertEquals("[\"vault\"]", claims(vault).path("aud").toString());
        assertEquals(401, getWith(vault, "/api/v1/namespaces").statusCode());
    }

    @Test
    void expirationIsValidatedAndCapped() throws Exception {
        var tooShort = tokenRequest("builder", "{\"expirationSeconds\":599}");
        assertEquals(422, tooShort.code(), tooShort.body());
        assertEquals("Invalid", tooShort.json().path("reason").asText());
        assertEquals("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 599: "
                + "may not specify a duration less than 10 minutes", tooShort.json().path("message").asText());
        var capped = tokenRequest("builder", "{\"expirationSeconds\":100000}");
        assertEquals(201, capped.code(), capped.body());
        assertEquals(7200, capped.json().path("spec").path("expirationSeconds").asLong());
    }

    @Test
    void unknownServiceAccountIs404() throws Exception {
        var r = tokenRequest("ghost", "{}");
        assertEquals(404, r.code(), r.body());
        assertEquals("serviceaccounts \"ghost\" not found", r.json().path("message").asText());
    }

    @Test
    void nameInBodyMustMatch() throws Exception {
        var r = server.post(NS + "/serviceaccounts/builder/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"metadata\":{\"name\":\"other\"},\"spec\":{}}");
        assertEquals(422, r.code(), r.body());
    }

    static String pod(String name, String sa) throws Exception {
        var r = server.post(NS + "/pods", "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"serviceAccountName\":\"" + sa
                + "\",\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        assertEquals(201, r.code(), r.body());
        return r.json().path("metadata").path("uid").asText();
    }

    @Test
    void podBoundTokenStopsWorkingOnceThePodIsGone() throws Exception {
        String uid = pod("bound", "builder");
        String token = token("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"bound\",\"uid\":\"" + uid + "\"}}");
        assertEquals("bound", claims(token).path("kubernetes.io").path("pod").path("name").asText());
        assertEquals(200, getWith(token, "/api/v1/namespaces").statusCode());
        var d = server.delete(NS + "/pods/bound?gracePeriodSeconds=0");
        assertEquals(200, d.code(), d.body());
        assertEquals(404, server.get(NS + "/pods/bound").code());
        HttpResponse<String> r = getWith(token, "/api/v1/namespaces");
        assertEquals(401, r.statusCode());
        assertEquals(UNAUTHORIZED, r.body());
    }

    @Test
    void boundObjectChecks() throws Exception {
        pod("other-sa", "default-like");
        var wrongSa = tokenRequest("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"other-sa\"}}");
        assertEquals(400, wrongSa.code(), wrongSa.body());
        assertEquals("cannot bind token for serviceaccount \"builder\" to pod running with different serviceaccount name.",
                wrongSa.json().path("message").asText());
        pod("uid-check", "builder");
        var wrongUid = tokenRequest("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"uid-check\",\"uid\":\"nope\"}}");
        assertEquals(409, wrongUid.code(), wrongUid.body());
        var kind = tokenRequest("builder", "{\"boundObjectRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"x\"}}");
        assertEquals(400, kind.code(), kind.body());
        assertEquals("cannot bind token to object of type apps/v1, Kind=Deployment", kind.json().path("message").asText());
        var missing = tokenRequest("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"missing\"}}");
        assertEquals(404, missing.code(), missing.body());
    }

    @Test
    void secretBoundTokenAndDeletedServiceAccount() throws Exception {
        serviceAccount("short-lived");
        var s = server.post(NS + "/secrets", "{\"metadata\":{\"name\":\"anchor\"}}");
        assertEquals(201, s.code(), s.body());
        String token = token("short-lived", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"anchor\"}}");
        String unbound = token("short-lived", "{}");
        assertEquals(200, getWith(token, "/api/v1/namespaces").statusCode());
        assertEquals(200, server.delete(NS + "/secrets/anchor").code());
        assertEquals(401, getWith(token, "/api/v1/namespaces").statusCode());
        assertEquals(200, getWith(unbound, "/api/v1/namespaces").statusCode());
        assertEquals(200, server.delete(NS + "/serviceaccounts/short-lived").code());
        assertEquals(401, getWith(unbound, "/api/v1/namespaces").statusCode());
    }

    @Test
    void onlyCreate() throws Exception {
        assertEquals(405, server.get(NS + "/serviceaccounts/builder/token").code());
    }


    @Test
    void legacySecretTokenWorksWhileItsSecretHoldsIt() throws Exception {
        serviceAccount("legacy");
        String uid = server.get(NS + "/serviceaccounts/legacy").json().path("metadata").path("uid").asText();
        String token = new io.capstan.common.jwt.TokenGenerator(io.capstan.common.jwt.LegacyClaims.ISSUER, KEY.getPrivate(), KEY.getPublic())
                .generateToken(io.capstan.common.jwt.LegacyClaims.of("tokens", "legacy", uid, "legacy-token"));
        String b64 = Base64.getEncoder().encodeToString(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(401, getWith(token, "/api/v1/namespaces").statusCode(), "no Secret holds it yet");
        var s = server.post(NS + "/secrets", "{\"metadata\":{\"name\":\"legacy-token\",\"annotations\":{"
                + "\"kubernetes.io/service-account.name\":\"legacy\"}},\"type\":\"kubernetes.io/service-account-token\","
                + "\"data\":{\"token\":\"" + b64 + "\"}}");
        assertEquals(201, s.code(), s.body());
        assertEquals(200, getWith(token, "/api/v1/namespaces").statusCode());
        assertEquals(200, server.delete(NS + "/secrets/legacy-token").code());
        assertEquals(401, getWith(token, "/api/v1/namespaces").statusCode());
    }

    @Test
    void kubectlCreateToken() throws Exception {
        java.util.Optional<Path> kubectl = java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst();
        if (kubectl.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("kubectl is not on PATH (required when CI=true)");
            }
            System.err.println("SKIPPED kubectlCreateToken: kubectl is not on PATH");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "kubectl is not on PATH");
        }
        Path kubeconfig = Files.writeString(keyDir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", certificate-authority: "%s"}}]
                users: [{name: u, user: {client-certificate: "%s", client-key: "%s"}}]
                contexts: [{name: x, context: {cluster: c, user: u, namespace: tokens}}]
                current-context: x
                """.formatted(server.uri("").toString(), io.capstan.common.pki.TestPki.get().dir().resolve("ca.crt"),
                io.capstan.common.pki.TestPki.get().dir().resolve("admin.crt"), io.capstan.common.pki.TestPki.get().dir().resolve("admin.key")));
        Process p = new ProcessBuilder(kubectl.get().toString(), "--kubeconfig", kubeconfig.toString(), "create", "token", "builder",
                "--duration=20m", "--audience=vault").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        JsonNode claims = claims(out);
        assertEquals("system:serviceaccount:tokens:builder", claims.path("sub").asText());
        assertEquals("[\"vault\"]", claims.path("aud").toString());
        assertEquals(1200, claims.path("exp").asLong() - claims.path("iat").asLong());
    }
}
