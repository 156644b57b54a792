package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pods/eviction (policy/v1 Eviction) with PodDisruptionBudgets, as upstream's EvictionREST. */
class EvictionTest {
    static final String PODS = "/api/v1/namespaces/evict/pods";
    static final String PDBS = "/apis/policy/v1/namespaces/evict/poddisruptionbudgets";
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
        server.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"evict\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void pod(String name, String app, boolean running) throws Exception {
        var r = server.post(PODS, "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + app + "\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        assertEquals(201, r.code(), r.body());
        if (running) {
            var s = server.send("PATCH", PODS + "/" + name + "/status", "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\"}}");
            assertEquals(200, s.code(), s.body());
        }
    }

    static TestApiServer.Response evict(String name, String query) throws Exception {
        return server.post(PODS + "/" + name + "/eviction" + query,
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"evict\"}}");
    }

    @Test
    void pendingPodIsEvictedAtOnce() throws Exception {
        pod("pending", "p", false);
        var r = evict("pending", "");
        assertEquals(201, r.code(), r.body());
        assertEquals("Success", r.json().path("status").asText());
        assertEquals(201, r.json().path("code").asInt());
        assertEquals(404, server.get(PODS + "/pending").code());
    }

    @Test
    void budgetDecidesForRunningPods() throws Exception {
        pod("web-1", "web", true);
        var pdb = server.post(PDBS, "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"minAvailable\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}}");
        assertEquals(201, pdb.code(), pdb.body());
        var refused = evict("web-1", "");
        assertEquals(429, refused.code(), refused.body());
        assertEquals("TooManyRequests", refused.json().path("reason").asText());
        assertEquals("Cannot evict pod as it would violate the pod's disruption budget.", refused.json().path("message").asText());
        assertEquals("DisruptionBudget", refused.json().path("details").path("causes").get(0).path("reason").asText());
        assertEquals(200, server.get(PODS + "/web-1").code());

        var status = server.send("PATCH", PDBS + "/web/status", "application/merge-patch+json",
                "{\"status\":{\"observedGeneration\":1,\"disruptionsAllowed\":1,\"currentHealthy\":2,\"desiredHealthy\":1,\"expectedPods\":2}}");
        assertEquals(200, status.code(), status.body());
        var dry = evict("web-1", "?dryRun=All");
        assertEquals(201, dry.code(), dry.body());
        assertEquals(200, server.get(PODS + "/web-1").code(), "a dry run leaves the pod");
        assertEquals(1, server.get(PDBS + "/web").json().path("status").path("disruptionsAllowed").asInt(), "and the budget");

        var allowed = evict("web-1", "");
        assertEquals(201, allowed.code(), allowed.body());
        assertEquals(404, server.get(PODS + "/web-1").code());
        JsonNode budget = server.get(PDBS + "/web").json().path("status");
        assertEquals(0, budget.path("disruptionsAllowed").asInt());
        assertTrue(budget.path("disruptedPods").has("web-1"), budget.toString());
    }

    @Test
    void nameMismatchIs400AndMissingPodIs404() throws Exception {
        var mismatch = server.post(PODS + "/a/eviction", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"b\"}}");
        assertEquals(400, mismatch.code(), mismatch.body());
        assertEquals(404, evict("nope", "").code());
    }

    @Test
    void discoveryListsEvictionAsCreateOnlyPolicyV1() throws Exception {
        for (JsonNode r : server.get("/api/v1").json().path("resources")) {
            if (r.path("name").asText().equals("pods/eviction")) {
                assertEquals("policy", r.path("group").asText());
                assertEquals("Eviction", r.path("kind").asText());
                assertEquals("[\"create\"]", r.path("verbs").toString());
                return;
            }
        }
        throw new AssertionError("pods/eviction not in discovery");
    }
}
