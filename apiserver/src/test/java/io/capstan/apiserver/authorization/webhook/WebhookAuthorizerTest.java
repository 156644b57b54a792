package io.capstan.apiserver.authorization.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.apiserver.webhook.GenericWebhook;
import io.capstan.apiserver.webhook.TestWebhookServer;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The webhook authorizer against a local webhook: the review it sends, the decisions, the cache, failures, TLS. */
class WebhookAuthorizerTest {
    static final UserInfo JANE = new UserInfo("jane", "u-1", List.of("devs", "system:authenticated"),
            Map.of("scopes", List.of("a")));
    static final Attributes GET_POD = Attributes.resource(JANE, "get", "team", "", "v1", "pods", "log", "web-0");

    private final AtomicLong clock = new AtomicLong();

    /** Answers allowed for pods, denied for secrets, neither otherwise. */
    static ObjectNode answer(JsonNode review) {
        ObjectNode out = review.deepCopy();
        ObjectNode status = out.putObject("status");
        String resource = review.path("spec").path("resourceAttributes").path("resource").asText();
        switch (resource) {
            case "pods" -> status.put("allowed", true).put("reason", "pods are fine");
            case "secrets" -> status.put("allowed", false).put("denied", true).put("reason", "no secrets");
            case "both" -> status.put("allowed", true).put("denied", true);
            default -> status.put("allowed", false);
        }
        return out;
    }

    private WebhookAuthorizer authorizer(TestWebhookServer server, String token) throws Exception {
        return new WebhookAuthorizer(GenericWebhook.fromConfigFile(server.configFile(token), Duration.ofSeconds(5),
                Duration.ofMillis(5)), Duration.ofMinutes(5), Duration.ofSeconds(30), clock::get);
    }

    @Test
    void sendsAV1SubjectAccessReviewWithTheUserAndAttributes() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookAuthorizerTest::answer)) {
            AuthorizationDecision d = authorizer(server, "secret-token").authorize(GET_POD);
            assertEquals(AuthorizationDecision.allow("pods are fine"), d);
            TestWebhookServer.Received r = server.received.get(0);
            assertEquals("Bearer secret-token", r.authorization());
            assertEquals(Json.tree("""
                    {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","metadata":{"creationTimestamp":null},
                     "spec":{"resourceAttributes":{"namespace":"team","verb":"get","version":"v1","resource":"pods",
                     "subresource":"log","name":"web-0"},"user":"jane","groups":["devs","system:authenticated"],
                     "extra":{"scopes":["a"]},"uid":"u-1"},"status":{"allowed":false}}""".getBytes()), r.body());

            server.received.clear();
            authorizer(server, null).authorize(Attributes.nonResource(JANE, "get", "/healthz"));
            assertEquals("{\"path\":\"/healthz\",\"verb\":\"get\"}",
                    server.received.get(0).body().path("spec").path("nonResourceAttributes").toString());
            assertEquals(null, server.received.get(0).authorization());
        }
    }

    @Test
    void deniedAndNeitherAreDenyAndNoOpinion() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookAuthorizerTest::answer)) {
            WebhookAuthorizer a = authorizer(server, null);
            assertEquals(AuthorizationDecision.deny("no secrets"),
                    a.authorize(Attributes.resource(JANE, "get", "team", "", "v1", "secrets", "", "")));
            assertEquals(AuthorizationDecision.noOpinion(""),
                    a.authorize(Attributes.resource(JANE, "get", "team", "", "v1", "configmaps", "", "")));
            AuthorizationDecision both = a.authorize(Attributes.resource(JANE, "get", "", "", "v1", "both", "", ""));
            assertEquals(AuthorizationDecision.Decision.DENY, both.decision());
            assertEquals("webhook subject access review returned both allow and deny response", both.error());
        }
    }

    @Test
    void decisionsAreCachedForTheirTtl() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookAuthorizerTest::answer)) {
            WebhookAuthorizer a = authorizer(server, null);
            Attributes secret = Attributes.resource(JANE, "get", "team", "", "v1", "secrets", "", "");
            a.authorize(GET_POD);
            a.authorize(secret);
            a.authorize(GET_POD);
            a.authorize(secret);
            assertEquals(2, server.calls.get(), "both answers cached");
            clock.addAndGet(Duration.ofSeconds(31).toNanos());
            a.authorize(GET_POD);
            a.authorize(secret);
            assertEquals(3, server.calls.get(), "the unauthorized TTL (30s) ran out, the authorized one (5m) did not");
            clock.addAndGet(Duration.ofMinutes(5).toNanos());
            a.authorize(GET_POD);
            assertEquals(4, server.calls.get());
            a.authorize(Attributes.resource(JANE, "list", "team", "", "v1", "pods", "", ""));
            assertEquals(5, server.calls.get(), "other attributes are another question");
        }
    }

    @Test
    void serverErrorsAreRetriedThenNoOpinion() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(WebhookAuthorizerTest::answer)) {
            WebhookAuthorizer a = authorizer(server, null);
            server.failFirst.addAll(List.of(500, 429));
            assertEquals(AuthorizationDecision.allow("pods are fine"), a.authorize(GET_POD));
            assertEquals(3, server.calls.get());

            server.failFirst.addAll(List.of(503, 503, 503, 503, 503));
            AuthorizationDecision d = a.authorize(Attributes.resource(JANE, "list", "", "", "v1", "pods", "", ""));
            assertEquals(AuthorizationDecision.Decision.NO_OPINION, d.decision());
            assertEquals("the server responded with the status code 503 but did not return more information", d.error());
            assertEquals(8, server.calls.get(), "five attempts");

            server.failFirst.add(401);
            AuthorizationDecision unauthorized = a.authorize(Attributes.resource(JANE, "watch", "", "", "v1", "pods", "", ""));
            assertEquals(AuthorizationDecision.Decision.NO_OPINION, unauthorized.decision());
            assertEquals(9, server.calls.get(), "a 4xx is not retried");
            a.authorize(Attributes.resource(JANE, "watch", "", "", "v1", "pods", "", ""));
            assertEquals(10, server.calls.get(), "failures are not cached");
        }
    }

    @Test
    void anUnreachableWebhookIsNoOpinion() throws Exception {
        TestWebhookServer server = TestWebhookServer.http(WebhookAuthorizerTest::answer);
        WebhookAuthorizer a = authorizer(server, null);
        server.close();
        AuthorizationDecision d = a.authorize(GET_POD);
        assertEquals(AuthorizationDecision.Decision.NO_OPINION, d.decision());
        assertEquals(true, d.error().startsWith("Post \"" + server.url() + "\""), d.error());
    }

    @Test
    void httpsWithTheConfiguredAuthorityAndClientCertificate() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.https(WebhookAuthorizerTest::answer)) {
            WebhookAuthorizer a = WebhookAuthorizer.fromConfigFile(server.configFile(null), Duration.ofMinutes(5), Duration.ofSeconds(30));
            assertEquals(AuthorizationDecision.allow("pods are fine"), a.authorize(GET_POD));
            assertEquals("CN=kube-apiserver,O=system:masters", server.received.get(0).clientSubject());
        }
    }
}
