package io.capstan.apiserver.filters;

import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.common.json.Json;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The filter over a real Helidon server: what it asks, its 403/500 bodies, and the current request for handlers. */
class AuthorizationFilterTest {
    private final List<Attributes> asked = new ArrayList<>();
    private WebServer server;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void start() {
        server = WebServer.builder().host("127.0.0.1").port(0).useNio(false).routing(r -> {
            r.addFilter(new AuthorizationFilter(a -> {
                asked.add(a);
                if (a.path().equals("/error")) {
                    return new AuthorizationDecision(AuthorizationDecision.Decision.NO_OPINION, "", "webhook unreachable");
                }
                return a.resourceRequest() || a.path().equals("/denied")
                        ? AuthorizationDecision.noOpinion(a.path().equals("/denied") ? "" : "RBAC: role.rbac.authorization.k8s.io \"r\" not found")
                        : AuthorizationDecision.allow("");
            }));
            // What the store's escalation hooks see: the request is current on the handler's thread.
            r.get("/whoami", (req, res) -> res.send(CurrentRequest.get().map(c -> c.user().username()).orElse("<none>")));
        }).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void allowedRequestsReachTheHandlerWithTheRequestCurrent() throws Exception {
        start();
        HttpResponse<String> r = get("/whoami");
        assertEquals(200, r.statusCode());
        assertEquals("system:anonymous", r.body());
        assertEquals("get", asked.getFirst().verb());
        assertEquals("/whoami", asked.getFirst().path());
        assertEquals(false, CurrentRequest.get().isPresent());
    }

    @Test
    void deniedRequestsGetUpstreamsForbiddenStatus() throws Exception {
        start();
        HttpResponse<String> r = get("/api/v1/namespaces/ns/secrets/s");
        assertEquals(403, r.statusCode());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        var status = Json.tree(r.body().getBytes());
        assertEquals("Failure", status.path("status").asText());
        assertEquals("Forbidden", status.path("reason").asText());
        assertEquals(403, status.path("code").asInt());
        assertEquals("secrets \"s\" is forbidden: User \"system:anonymous\" cannot get resource \"secrets\" in API group \"\" in the"
                + " namespace \"ns\": RBAC: role.rbac.authorization.k8s.io \"r\" not found", status.path("message").asText());
        assertEquals("s", status.path("details").path("name").asText());
        assertEquals("secrets", status.path("details").path("kind").asText());
        assertEquals(false, status.path("details").has("group"));
        Attributes a = asked.getFirst();
        assertEquals(List.of("get", "ns", "", "v1", "secrets", "s"), List.of(a.verb(), a.namespace(), a.apiGroup(), a.apiVersion(), a.resource(), a.name()));
        get("/api/v1/namespaces/ns/pods/p/proxy/some/path");
        assertEquals("proxy", asked.getLast().subresource());
        assertEquals("forbidden: User \"system:anonymous\" cannot get path \"/denied\"",
                Json.tree(get("/denied").body().getBytes()).path("message").asText());
    }

    @Test
    void evaluationErrorsAreInternalErrors() throws Exception {
        start();
        HttpResponse<String> r = get("/error");
        assertEquals(500, r.statusCode());
        assertEquals("InternalError", Json.tree(r.body().getBytes()).path("reason").asText());
    }
}
