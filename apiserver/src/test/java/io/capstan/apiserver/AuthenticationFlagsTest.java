package io.capstan.apiserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The API server with {@code --anonymous-auth=false} and {@code --token-auth-file}: every route needs credentials. */
class AuthenticationFlagsTest {
    static TestApiServer server;
    static Path tokens;

    @BeforeAll
    static void start() throws Exception {
        tokens = Files.createTempFile("tokens", ".csv");
        Files.writeString(tokens, "admin-token,admin,1,\"system:masters\"\n");
        server = new TestApiServer("--anonymous-auth=false", "--token-auth-file=" + tokens);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        Files.deleteIfExists(tokens);
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutCredentialsEveryRouteIs401() throws Exception {
        for (String path : new String[] {"/api/v1/namespaces", "/healthz", "/version", "/metrics"}) {
            HttpResponse<String> r = get(path, null);
            assertEquals(401, r.statusCode(), path);
            assertEquals(TokenRequestTest.UNAUTHORIZED, r.body(), path);
        }
    }

    @Test
    void tokenFromTheFileIsAccepted() throws Exception {
        HttpResponse<String> first = get("/api/v1/namespaces", "admin-token");
        assertEquals(200, first.statusCode(), first.body());
        // /healthz answers 500 until every post-start hook is done (as upstream's); the token is accepted either way.
        HttpResponse<String> health = get("/healthz", "admin-token");
        for (int i = 0; i < 100 && health.statusCode() == 500; i++) {
            Thread.sleep(100);
            health = get("/healthz", "admin-token");
        }
        assertEquals(200, health.statusCode(), health.body());
        assertEquals(401, get("/api/v1/namespaces", "admin-token-2").statusCode());
    }

    @Test
    void aCreatedOrAppliedCertificateSigningRequestRecordsTheAuthenticatedRequester() throws Exception {
        String spec = "\"spec\":{\"request\":\"cmVx\",\"signerName\":\"example.com/s\",\"usages\":[\"digital signature\"],"
                + "\"username\":\"mallory\"}";
        HttpResponse<String> created = server.http.send(HttpRequest.newBuilder(server.uri("/apis/certificates.k8s.io/v1/certificatesigningrequests"))
                .header("Authorization", "Bearer admin-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"posted\"}," + spec + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> applied = server.http.send(HttpRequest.newBuilder(
                        server.uri("/apis/certificates.k8s.io/v1/certificatesigningrequests/applied?fieldManager=test"))
                .header("Authorization", "Bearer admin-token").header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"certificates.k8s.io/v1\","
                        + "\"kind\":\"CertificateSigningRequest\",\"metadata\":{\"name\":\"applied\"}," + spec + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, applied.statusCode(), applied.body());
        for (HttpResponse<String> r : List.of(created, applied)) {
            var csrSpec = io.capstan.common.json.Json.tree(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("spec");
            assertEquals("admin", csrSpec.path("username").asText(), r.body());
            assertEquals("1", csrSpec.path("uid").asText(), r.body());
            assertEquals("[\"system:masters\",\"system:authenticated\"]", csrSpec.path("groups").toString(), r.body());
        }
    }
}
