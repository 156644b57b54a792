package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1) on /api and /apis, chosen by Accept. */
class AggregatedDiscoveryTest {
    static final String V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    static final String V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    /** What kubectl 1.32 sends. */
    static final String KUBECTL = V2 + "," + V2BETA1 + ",application/json";
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest(name = "{0} with Accept {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/api  | application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList      | application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            "/apis | application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList      | application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            "/apis | application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList | application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
            "/apis | application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json | application/json",
            "/apis | application/json                                                           | application/json",
            "/api  |                                                                            | application/json",
    })
    void acceptChoosesTheFormatAndContentTypeEchoesIt(String path, String accept, String contentType) throws Exception {
        var r = server.send("GET", path, null, null, accept);
        assertEquals(200, r.code(), r.body());
        assertEquals(contentType, r.headers().firstValue("Content-Type").orElse(""));
        String kind = r.json().path("kind").asText();
        if (contentType.contains("apidiscovery")) {
            assertEquals("APIGroupDiscoveryList", kind);
            assertEquals("apidiscovery.k8s.io/" + (contentType.contains("v2beta1") ? "v2beta1" : "v2"), r.json().path("apiVersion").asText());
        } else {
            assertEquals(path.equals("/api") ? "APIVersions" : "APIGroupList", kind);
        }
    }

    @Test
    void coreGroupHasNoNameAndListsPodsWithSubresources() throws Exception {
        JsonNode doc = server.send("GET", "/api", null, null, KUBECTL).json();
        assertEquals(1, doc.path("items").size());
        JsonNode core = doc.path("items").get(0);
        assertFalse(core.path("metadata").has("name"));
        JsonNode v1 = core.path("versions").get(0);
        assertEquals("v1", v1.path("version").asText());
        assertEquals("Current", v1.path("freshness").asText());
        JsonNode pods = resource(v1, "pods");
        assertEquals("Namespaced", pods.path("scope").asText());
        assertEquals("pod", pods.path("singularResource").asText());
        assertEquals("Pod", pods.path("responseKind").path("kind").asText());
        assertEquals("", pods.path("responseKind").path("group").asText());
        assertEquals("[\"po\"]", pods.path("shortNames").toString());
        assertEquals("[\"all\"]", pods.path("categories").toString());
        assertEquals("[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]", pods.path("verbs").toString());
        JsonNode binding = subresource(pods, "binding");
        assertEquals("[\"create\"]", binding.path("verbs").toString());
        assertEquals("Binding", binding.path("responseKind").path("kind").asText());
        assertEquals("[\"get\",\"patch\",\"update\"]", subresource(pods, "status").path("verbs").toString());
        assertEquals("Cluster", resource(v1, "nodes").path("scope").asText());
        assertEquals("[\"update\"]", subresource(resource(v1, "namespaces"), "finalize").path("verbs").toString());
    }

    @Test
    void namedGroupsListScaleAsAutoscalingV1() throws Exception {
        JsonNode doc = server.send("GET", "/apis", null, null, KUBECTL).json();
        List<String> names = new ArrayList<>();
        doc.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        assertEquals("apps", names.get(0));
        assertTrue(names.containsAll(List.of("batch", "events.k8s.io", "certificates.k8s.io", "flowcontrol.apiserver.k8s.io")), names.toString());
        JsonNode apps = doc.path("items").get(0).path("versions").get(0);
        JsonNode deployments = resource(apps, "deployments");
        assertEquals("[\"deploy\"]", deployments.path("shortNames").toString());
        JsonNode scale = subresource(deployments, "scale");
        assertEquals("autoscaling", scale.path("responseKind").path("group").asText());
        assertEquals("v1", scale.path("responseKind").path("version").asText());
        assertEquals("Scale", scale.path("responseKind").path("kind").asText());
        JsonNode csr = resource(doc.path("items").get(names.indexOf("certificates.k8s.io")).path("versions").get(0), "certificatesigningrequests");
        assertEquals("Cluster", csr.path("scope").asText());
        assertNotNull(subresource(csr, "approval"));
    }

    @Test
    void etagAnswers304WhenUnchanged() throws Exception {
        var first = server.send("GET", "/apis", null, null, V2);
        String etag = first.headers().firstValue("ETag").orElse("");
        assertTrue(etag.matches("\"[0-9A-F]{128}\""), etag);
        assertEquals("public", first.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("Accept", first.headers().firstValue("Vary").orElse(""));
        var again = server.http.send(java.net.http.HttpRequest.newBuilder(server.uri("/apis"))
                .header("Accept", V2).header("If-None-Match", etag).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
        var stale = server.http.send(java.net.http.HttpRequest.newBuilder(server.uri("/apis"))
                .header("Accept", V2).header("If-None-Match", "\"ABC\"").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stale.statusCode());
    }

    @Test
    void onlyAggregatedAcceptedOnAGroupVersionIs406() throws Exception {
        var r = server.send("GET", "/apis/apps/v1", null, null, V2);
        assertEquals(406, r.code(), r.body());
        assertEquals("NotAcceptable", r.json().path("reason").asText());
    }

    static JsonNode resource(JsonNode version, String name) {
        for (JsonNode r : version.path("resources")) {
            if (r.path("resource").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + name + " in " + version);
    }

    static JsonNode subresource(JsonNode resource, String name) {
        for (JsonNode s : resource.path("subresources")) {
            if (s.path("subresource").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no subresource " + name + " in " + resource);
    }
}
