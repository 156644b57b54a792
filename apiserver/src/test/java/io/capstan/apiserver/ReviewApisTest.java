package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.authorization.RuleResolver;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The create-only review APIs over HTTP: TokenReview, SelfSubjectReview and the SubjectAccessReview family, with a
 * fake token authenticator, authorizer and rule resolver; their discovery, 405s and validation.
 */
class ReviewApisTest {
    static TestApiServer server;

    /** alice may get and list pods in "team" and GET /healthz; deletes are denied outright; the rest has no opinion. */
    static final Authorizer AUTHORIZER = a -> {
        if (a.verb().equals("impersonate")) {
            return a.user().username().equals("system:anonymous") && !a.name().equals("root")
                    ? AuthorizationDecision.allow("") : AuthorizationDecision.noOpinion("");
        }
        if (a.verb().equals("delete")) {
            return AuthorizationDecision.deny("deletes are denied");
        }
        if (!a.user().username().equals("alice") && !a.user().groups().contains("devs")) {
            return AuthorizationDecision.noOpinion("");
        }
        if (a.resourceRequest() && a.namespace().equals("team") && a.resource().equals("pods")
                && (a.verb().equals("get") || a.verb().equals("list"))) {
            return AuthorizationDecision.allow("RBAC: allowed by RoleBinding \"pods/team\"");
        }
        if (!a.resourceRequest() && a.path().equals("/healthz") && a.verb().equals("get")) {
            return AuthorizationDecision.allow("");
        }
        return AuthorizationDecision.noOpinion("");
    };

    static final RuleResolver RULES = (user, namespace) -> user.username().equals("alice") && namespace.equals("team")
            ? new RuleResolver.Rules(
            List.of(new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get", "list").build()),
            List.of(new PolicyRuleBuilder().withNonResourceURLs("/healthz").withVerbs("get").build()), false, "")
            : new RuleResolver.Rules(List.of(), List.of(), true, "no rules for " + user.username());

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer(new ApiServerService((token, audiences) -> switch (token) {
            case "alice-token" -> Optional.of(new AuthenticationResponse(
                    new UserInfo("alice", "u-1", List.of("devs", "system:authenticated"), Map.of("scopes", List.of("a", "b"))),
                    audiences.isEmpty() ? List.of("https://capstan") : audiences.subList(0, 1)));
            case "expired" -> throw new AuthenticationException("service account token has expired");
            case "other-audience" -> Optional.of(new AuthenticationResponse(new UserInfo("bob", "", List.of(), Map.of()),
                    List.of("somewhere-else")));
            case "static-token" -> Optional.of(AuthenticationResponse.of(new UserInfo("carol", "", List.of(), Map.of())));
            default -> Optional.empty();
        }, List.of("https://capstan"), AUTHORIZER, RULES));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    // ---- discovery and the create-only mechanism ----------------------------------------------------------

    @Test
    void discoveryListsTheReviewsWithTheCreateVerbOnly() throws Exception {
        JsonNode authn = server.get("/apis/authentication.k8s.io/v1").json();
        JsonNode tokenReviews = resource(authn, "tokenreviews");
        assertEquals("TokenReview", tokenReviews.path("kind").asText());
        assertFalse(tokenReviews.path("namespaced").asBoolean());
        assertEquals("[\"create\"]", tokenReviews.path("verbs").toString());
        assertEquals("[\"create\"]", resource(authn, "selfsubjectreviews").path("verbs").toString());
        JsonNode authz = server.get("/apis/authorization.k8s.io/v1").json();
        assertTrue(resource(authz, "localsubjectaccessreviews").path("namespaced").asBoolean());
        for (String r : List.of("subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews", "localsubjectaccessreviews")) {
            assertEquals("[\"create\"]", resource(authz, r).path("verbs").toString(), r);
        }
        TestApiServer.Response aggregated = server.send("GET", "/apis", null, (byte[]) null,
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        assertEquals(200, aggregated.code());
        assertTrue(aggregated.body().contains("\"resource\":\"selfsubjectaccessreviews\""), aggregated.body());
    }

    @Test
    void theGroupsComeWhereUpstreamListsThem() throws Exception {
        List<String> groups = new java.util.ArrayList<>();
        server.get("/apis").json().path("groups").forEach(g -> groups.add(g.path("name").asText()));
        int events = groups.indexOf("events.k8s.io");
        assertEquals(List.of("events.k8s.io", "authentication.k8s.io", "authorization.k8s.io"),
                groups.subList(events, events + 3), groups.toString());
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode r : list.path("resources")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    @Test
    void otherVerbsThanCreateAreMethodNotAllowed() throws Exception {
        for (String[] call : List.of(new String[] {"GET", "/apis/authentication.k8s.io/v1/tokenreviews"},
                new String[] {"GET", "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews"},
                new String[] {"DELETE", "/apis/authorization.k8s.io/v1/subjectaccessreviews"},
                new String[] {"GET", "/apis/authentication.k8s.io/v1/tokenreviews/x"})) {
            TestApiServer.Response r = server.send(call[0], call[1], null, (String) null);
            assertEquals(405, r.code(), call[0] + " " + call[1] + ": " + r.body());
            assertEquals("MethodNotAllowed", r.json().path("reason").asText());
        }
    }

    @Test
    void theOpenApiDocumentHasOnlyThePost() throws Exception {
        JsonNode doc = server.get("/openapi/v3/apis/authentication.k8s.io/v1").json();
        JsonNode path = doc.path("paths").path("/apis/authentication.k8s.io/v1/tokenreviews");
        assertTrue(path.has("post"), doc.path("paths").toString());
        assertFalse(path.has("get"));
        assertFalse(doc.path("paths").has("/apis/authentication.k8s.io/v1/tokenreviews/{name}"));
    }

    // ---- TokenReview -------------------------------------------------------------------------------------

    private static JsonNode tokenReview(String token, String audiences, String query) throws Exception {
        TestApiServer.Response r = server.post("/apis/authentication.k8s.io/v1/tokenreviews" + query,
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\""
                        + (audiences == null ? "" : ",\"audiences\":" + audiences) + "}}");
        assertEquals(201, r.code(), r.body());
        return r.json();
    }

    @Test
    void aKnownTokenIsAuthenticatedWithItsUserAndAudiences() throws Exception {
        JsonNode review = tokenReview("alice-token", null, "");
        assertEquals("TokenReview", review.path("kind").asText());
        assertEquals("authentication.k8s.io/v1", review.path("apiVersion").asText());
        JsonNode status = review.path("status");
        assertTrue(status.path("authenticated").asBoolean(), review.toString());
        assertEquals("alice", status.path("user").path("username").asText());
        assertEquals("u-1", status.path("user").path("uid").asText());
        assertEquals("[\"devs\",\"system:authenticated\"]", status.path("user").path("groups").toString());
        assertEquals("{\"scopes\":[\"a\",\"b\"]}", status.path("user").path("extra").toString());
        assertEquals("[\"https://capstan\"]", status.path("audiences").toString());
        assertFalse(status.has("error"));
    }

    @Test
    void spec_audiencesAreHonouredAndDryRunIsAccepted() throws Exception {
        JsonNode review = tokenReview("alice-token", "[\"vault\",\"other\"]", "?dryRun=All");
        assertTrue(review.path("status").path("authenticated").asBoolean(), review.toString());
        assertEquals("[\"vault\"]", review.path("status").path("audiences").toString());
    }

    @Test
    void anAudienceAgnosticAuthenticatorsTokensAreGoodForTheServersAudiencesOnly() throws Exception {
        JsonNode own = tokenReview("static-token", null, "").path("status");
        assertTrue(own.path("authenticated").asBoolean(), own.toString());
        assertEquals("carol", own.path("user").path("username").asText());
        assertEquals("[\"https://capstan\"]", own.path("audiences").toString());
        JsonNode other = tokenReview("static-token", "[\"vault\"]", "").path("status");
        assertFalse(other.path("authenticated").asBoolean(), other.toString());
        assertFalse(other.has("user"));
    }

    @Test
    void unknownAndInvalidTokensAreNotAuthenticated() throws Exception {
        JsonNode unknown = tokenReview("nobody", null, "").path("status");
        assertFalse(unknown.path("authenticated").asBoolean());
        assertFalse(unknown.has("user"));
        assertFalse(unknown.has("error"));
        JsonNode expired = tokenReview("expired", null, "").path("status");
        assertFalse(expired.path("authenticated").asBoolean());
        assertEquals("service account token has expired", expired.path("error").asText());
    }

    @Test
    void aTokenForAudiencesNobodyAskedForIsAnInternalErrorAsUpstream() throws Exception {
        TestApiServer.Response r = server.post("/apis/authentication.k8s.io/v1/tokenreviews",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"other-audience\"}}");
        assertEquals(500, r.code(), r.body());
        assertEquals("Internal error occurred: error validating audiences", r.json().path("message").asText());
    }

    @Test
    void anEmptyTokenIsABadRequest() throws Exception {
        TestApiServer.Response r = server.post("/apis/authentication.k8s.io/v1/tokenreviews",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{}}");
        assertEquals(400, r.code(), r.body());
        assertEquals("token is required for TokenReview in authentication", r.json().path("message").asText());
    }

    // ---- SelfSubjectReview ---------------------------------------------------------------------------------

    @Test
    void selfSubjectReviewAnswersWhoTheRequestActsAs() throws Exception {
        String body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";
        TestApiServer.Response anonymous = server.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", body);
        assertEquals(201, anonymous.code(), anonymous.body());
        assertEquals("system:anonymous", anonymous.json().path("status").path("userInfo").path("username").asText());
        assertFalse(anonymous.json().path("metadata").path("creationTimestamp").asText().isEmpty());

        TestApiServer.Response alice = server.sendWithHeaders("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body,
                "Impersonate-User", "alice", "Impersonate-Group", "devs", "Impersonate-Extra-Reason%2fwhy", "testing");
        assertEquals(201, alice.code(), alice.body());
        JsonNode userInfo = alice.json().path("status").path("userInfo");
        assertEquals("alice", userInfo.path("username").asText());
        assertEquals("[\"devs\",\"system:authenticated\"]", userInfo.path("groups").toString());
        assertEquals("{\"reason/why\":[\"testing\"]}", userInfo.path("extra").toString());
    }

    // ---- the access reviews ------------------------------------------------------------------------------------

    private static TestApiServer.Response post(String path, String kind, String spec) throws Exception {
        return server.post(path, "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"" + kind + "\",\"spec\":" + spec + "}");
    }

    @Test
    void subjectAccessReviewAsksTheAuthorizerAboutTheSpecsUser() throws Exception {
        String path = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
        TestApiServer.Response allowed = post(path, "SubjectAccessReview",
                "{\"user\":\"alice\",\"resourceAttributes\":{\"namespace\":\"team\",\"verb\":\"list\",\"resource\":\"pods\"}}");
        assertEquals(201, allowed.code(), allowed.body());
        assertEquals("{\"allowed\":true,\"reason\":\"RBAC: allowed by RoleBinding \\\"pods/team\\\"\"}",
                allowed.json().path("status").toString());

        JsonNode byGroup = post(path, "SubjectAccessReview",
                "{\"groups\":[\"devs\"],\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}}").json();
        assertTrue(byGroup.path("status").path("allowed").asBoolean(), byGroup.toString());

        JsonNode denied = post(path, "SubjectAccessReview",
                "{\"user\":\"alice\",\"resourceAttributes\":{\"namespace\":\"team\",\"verb\":\"delete\",\"resource\":\"pods\"}}").json();
        assertEquals("{\"allowed\":false,\"denied\":true,\"reason\":\"deletes are denied\"}", denied.path("status").toString());

        JsonNode noOpinion = post(path, "SubjectAccessReview",
                "{\"user\":\"bob\",\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"pods\"}}").json();
        assertEquals("{\"allowed\":false}", noOpinion.path("status").toString());
    }

    @Test
    void subjectAccessReviewValidationIsUpstreams() throws Exception {
        String path = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
        TestApiServer.Response neither = post(path, "SubjectAccessReview", "{\"user\":\"alice\"}");
        assertEquals(422, neither.code(), neither.body());
        assertEquals("SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": "
                + "exactly one of nonResourceAttributes or resourceAttributes must be specified", neither.json().path("message").asText());

        TestApiServer.Response both = post(path, "SubjectAccessReview", "{\"resourceAttributes\":{\"verb\":\"get\"},"
                + "\"nonResourceAttributes\":{\"path\":\"/api\",\"verb\":\"get\"}}");
        assertEquals(422, both.code(), both.body());
        assertEquals("SubjectAccessReview.authorization.k8s.io \"\" is invalid: [spec.nonResourceAttributes: Invalid value: "
                + "authorization.NonResourceAttributes{Path:\"/api\", Verb:\"get\"}: cannot be specified in combination with "
                + "resourceAttributes, spec.user: Invalid value: \"\": at least one of user or group must be specified]",
                both.json().path("message").asText());
        assertEquals(2, both.json().path("details").path("causes").size());

        TestApiServer.Response named = server.post(path, "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\","
                + "\"metadata\":{\"name\":\"x\"},\"spec\":{\"user\":\"a\",\"resourceAttributes\":{\"verb\":\"get\"}}}");
        assertEquals(422, named.code(), named.body());
        assertTrue(named.json().path("message").asText().endsWith(": must be empty"), named.body());
    }

    @Test
    void localSubjectAccessReviewIsBoundToItsNamespace() throws Exception {
        String path = "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews";
        TestApiServer.Response ok = post(path, "LocalSubjectAccessReview",
                "{\"user\":\"alice\",\"resourceAttributes\":{\"namespace\":\"team\",\"verb\":\"get\",\"resource\":\"pods\"}}");
        assertEquals(201, ok.code(), ok.body());
        assertTrue(ok.json().path("status").path("allowed").asBoolean());
        assertEquals("team", ok.json().path("metadata").path("namespace").asText());

        TestApiServer.Response otherNamespace = post(path, "LocalSubjectAccessReview",
                "{\"user\":\"alice\",\"resourceAttributes\":{\"namespace\":\"prod\",\"verb\":\"get\",\"resource\":\"pods\"}}");
        assertEquals(422, otherNamespace.code(), otherNamespace.body());
        assertEquals("LocalSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes.namespace: "
                + "Invalid value: \"prod\": must match metadata.namespace", otherNamespace.json().path("message").asText());

        TestApiServer.Response objectInAnotherNamespace = server.post(path, "{\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"kind\":\"LocalSubjectAccessReview\",\"metadata\":{\"namespace\":\"prod\"},"
                + "\"spec\":{\"user\":\"alice\",\"resourceAttributes\":{\"namespace\":\"prod\",\"verb\":\"get\"}}}");
        assertEquals(400, objectInAnotherNamespace.code(), objectInAnotherNamespace.body());
        assertEquals("the namespace of the provided object does not match the namespace sent on the request",
                objectInAnotherNamespace.json().path("message").asText());

        TestApiServer.Response withoutNamespace = post("/apis/authorization.k8s.io/v1/localsubjectaccessreviews",
                "LocalSubjectAccessReview", "{\"user\":\"alice\",\"resourceAttributes\":{\"verb\":\"get\"}}");
        assertEquals(404, withoutNamespace.code(), withoutNamespace.body());

        TestApiServer.Response nonResource = post(path, "LocalSubjectAccessReview",
                "{\"user\":\"alice\",\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}}");
        assertEquals(422, nonResource.code(), nonResource.body());
        assertTrue(nonResource.json().path("message").asText().contains("spec.nonResourceAttributes: Invalid value: "
                + "&authorization.NonResourceAttributes{Path:\"/healthz\", Verb:\"get\"}: disallowed on this kind of request"),
                nonResource.body());
    }

    @Test
    void selfSubjectAccessReviewAsksAboutTheCaller() throws Exception {
        String path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
        String body = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":"
                + "{\"resourceAttributes\":{\"namespace\":\"team\",\"verb\":\"get\",\"resource\":\"pods\"}}}";
        assertFalse(server.post(path, body).json().path("status").path("allowed").asBoolean(), "anonymous may not");
        TestApiServer.Response asAlice = server.sendWithHeaders("POST", path, body, "Impersonate-User", "alice");
        assertEquals(201, asAlice.code(), asAlice.body());
        assertTrue(asAlice.json().path("status").path("allowed").asBoolean(), asAlice.body());

        TestApiServer.Response invalid = post(path, "SelfSubjectAccessReview", "{}");
        assertEquals(422, invalid.code());
        assertEquals("SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: "
                + "\"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified", invalid.json().path("message").asText());
    }

    @Test
    void selfSubjectRulesReviewListsTheCallersRules() throws Exception {
        String path = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
        String body = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\",\"spec\":{\"namespace\":\"team\"}}";
        TestApiServer.Response r = server.sendWithHeaders("POST", path, body, "Impersonate-User", "alice");
        assertEquals(201, r.code(), r.body());
        assertEquals("{\"resourceRules\":[{\"verbs\":[\"get\",\"list\"],\"apiGroups\":[\"\"],\"resources\":[\"pods\"]}],"
                + "\"nonResourceRules\":[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\"]}],\"incomplete\":false}",
                r.json().path("status").toString());

        JsonNode anonymous = server.post(path, body).json().path("status");
        assertTrue(anonymous.path("incomplete").asBoolean());
        assertEquals("no rules for system:anonymous", anonymous.path("evaluationError").asText());

        TestApiServer.Response noNamespace = post(path, "SelfSubjectRulesReview", "{}");
        assertEquals(400, noNamespace.code(), noNamespace.body());
        assertEquals("no namespace on request", noNamespace.json().path("message").asText());
    }

    // ---- impersonation through the filter chain ------------------------------------------------------------------

    @Test
    void impersonationTheAuthorizerRefusesIsForbidden() throws Exception {
        TestApiServer.Response r = server.sendWithHeaders("GET", "/api/v1/namespaces", null, "Impersonate-User", "root");
        assertEquals(403, r.code(), r.body());
        assertEquals("Forbidden", r.json().path("reason").asText());
        assertEquals("users \"root\" is forbidden: User \"system:anonymous\" cannot impersonate resource \"users\" in API group "
                + "\"\" at the cluster scope", r.json().path("message").asText());
    }
}
