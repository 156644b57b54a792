package io.capstan.apiserver.authentication.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.webhook.GenericWebhook;
import io.capstan.apiserver.webhook.TestWebhookServer;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The webhook token authenticator against a local webhook: the TokenReview sent, audiences, the cache, errors, TLS. */
class WebhookTokenAuthenticatorTest {
    private final AtomicLong clock = new AtomicLong();

    /**
     * "good" is jane for any audience (echoing none back); "scoped" is valid for audience "vault" only (and says so);
     * "broken" is an error; anything else is unknown.
     */
    static ObjectNode answer(JsonNode review) {
        ObjectNode out = review.deepCopy();
        ObjectNode status = out.putObject("status");
        switch (review.path("spec").path("token").asText()) {
            case "good" -> {
                status.put("authenticated", true);
                ObjectNode user = status.putObject("user");
                user.put("username", "jane").put("uid", "u-1");
                user.putArray("groups").add("devs");
                user.putObject("extra").putArray("scopes").add("a");
            }
            case "scoped" -> {
                status.put("authenticated", true);
                status.putObject("user").put("username", "vault-user");
                status.putArray("audiences").add("vault");
            }
            case "broken" -> status.put("authenticated", false).put("error", "token signature is invalid");
            default -> status.put("authenticated", false);
        }
        return out;
    }

    private WebhookTokenAuthenticator authenticator(TestWebhookServer server, List<String> implicit) throws Exception {
        return new WebhookTokenAuthenticator(GenericWebhook.fromConfigFile(server.configFile("apiserver-token"),
                Duration.ofSeconds(5), Duration.ofMillis(5)), Duration.ofMinutes(2), implicit, clock::get);
    }

    @Test
    void sendsAV1TokenReviewAndReturnsTheUser() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookTokenAuthenticatorTest::answer)) {
            Optional<AuthenticationResponse> r = authenticator(server, List.of()).authenticateToken("good", List.of());
            assertEquals(Optional.of(new AuthenticationResponse(new UserInfo("jane", "u-1", List.of("devs"),
                    Map.of("scopes", List.of("a"))), List.of())), r);
            assertEquals(Json.tree("""
                    {"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","metadata":{"creationTimestamp":null},
                     "spec":{"token":"good"},"status":{"user":{}}}""".getBytes()), server.received.get(0).body());
            assertEquals("Bearer apiserver-token", server.received.get(0).authorization());
        }
    }

    @Test
    void unknownTokensAreEmptyAndErrorsThrow() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookTokenAuthenticatorTest::answer)) {
            WebhookTokenAuthenticator a = authenticator(server, List.of());
            assertEquals(Optional.empty(), a.authenticateToken("nobody", List.of()));
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> a.authenticateToken("broken", List.of()));
            assertEquals("token signature is invalid", e.getMessage());
        }
    }

    @Test
    void audiencesAreSentAndIntersected() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookTokenAuthenticatorTest::answer)) {
            WebhookTokenAuthenticator a = authenticator(server, List.of("https://capstan"));
            // No audiences asked: the implicit ones are sent, and a review without audiences counts for them.
            assertEquals(List.of("https://capstan"), a.authenticateToken("good", List.of()).orElseThrow().audiences());
            assertEquals("[\"https://capstan\"]", server.received.get(0).body().path("spec").path("audiences").toString());
            // The webhook says the token is for vault only.
            assertEquals(Optional.empty(), a.authenticateToken("scoped", List.of()));
            assertEquals(List.of("vault"), a.authenticateToken("scoped", List.of("other", "vault")).orElseThrow().audiences());
            // A review without audiences does not make the token good for audiences other than the implicit ones.
            assertEquals(Optional.empty(), a.authenticateToken("good", List.of("vault")));
        }
    }

    @Test
    void answersAreCachedForTheTtlAndFailuresAreNot() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookTokenAuthenticatorTest::answer)) {
            WebhookTokenAuthenticator a = authenticator(server, List.of());
            a.authenticateToken("good", List.of());
            a.authenticateToken("good", List.of());
            a.authenticateToken("nobody", List.of());
            a.authenticateToken("nobody", List.of());
            assertEquals(2, server.calls.get());
            a.authenticateToken("good", List.of("x"));
            assertEquals(3, server.calls.get(), "other audiences, another question");
            clock.addAndGet(Duration.ofMinutes(2).toNanos());
            a.authenticateToken("good", List.of());
            assertEquals(4, server.calls.get());

            server.failFirst.addAll(List.of(500, 500, 500, 500, 500));
            assertThrows(AuthenticationException.class, () -> a.authenticateToken("fresh", List.of()));
            assertEquals(9, server.calls.get());
            assertEquals(Optional.empty(), a.authenticateToken("fresh", List.of()));
            assertEquals(10, server.calls.get(), "the failure was not cached");
        }
    }

    @Test
    void httpsWithTheConfiguredAuthorityAndClientCertificate() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.https(WebhookTokenAuthenticatorTest::answer)) {
            WebhookTokenAuthenticator a = WebhookTokenAuthenticator.fromConfigFile(server.configFile(null), Duration.ofMinutes(2), List.of());
            assertEquals("jane", a.authenticateToken("good", List.of()).orElseThrow().user().username());
            assertEquals("CN=kube-apiserver,O=system:masters", server.received.get(0).clientSubject());
        }
    }
}
