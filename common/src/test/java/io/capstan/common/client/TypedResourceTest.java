package io.capstan.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.api.ConflictException;
import io.capstan.common.api.GoneException;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.NotFoundException;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.capstan.common.client.FakeApiServer.event;
import static io.capstan.common.client.FakeApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed client speaks the same requests as the dynamic one and decodes answers into fabric8 models. */
class TypedResourceTest {
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p1\",\"namespace\":\"ns1\",\"resourceVersion\":\"7\"},\"spec\":{\"nodeName\":\"n1\"}}";
    private static final String CONFLICT = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,"
            + "\"message\":\"Apply failed with 1 conflict: conflict with \\\"kubectl\\\": .spec.nodeName\"}";

    private FakeApiServer server;
    private RestClient client;
    private TypedResource<Pod> pods;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeApiServer();
        client = new RestClient(ClientConfig.forServer(server.uri()), new Backoff(Duration.ofMillis(1), 2, Duration.ofMillis(10), 0));
        pods = client.typed(PODS, Pod.class).inNamespace("ns1");
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns1").endMetadata()
                .withNewSpec().withNodeName("n1").endSpec().build();
    }

    @Test
    void getAndListDecodeIntoModelsWithListMetadata() {
        server.on("GET", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        server.on("GET", "/api/v1/namespaces/ns1/pods", json(200, "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\","
                + "\"continue\":\"tok\",\"remainingItemCount\":4},\"items\":[" + POD + "]}"));
        assertEquals("n1", pods.get("p1").getSpec().getNodeName());
        TypedList<Pod> page = pods.list(ListOptions.NONE.withLabelSelector("app=web").withResourceVersion("5")
                .withResourceVersionMatch("NotOlderThan").withPage(1, ""));
        assertEquals(List.of("p1"), page.items().stream().map(p -> p.getMetadata().getName()).toList());
        assertEquals("9", page.resourceVersion());
        assertEquals("tok", page.continueToken());
        assertEquals(4L, page.remainingItemCount());
        assertTrue(page.hasMore());
        assertEquals("labelSelector=app%3Dweb&resourceVersion=5&resourceVersionMatch=NotOlderThan&limit=1",
                server.requests("GET", "/api/v1/namespaces/ns1/pods").getFirst().query());
    }

    @Test
    void listAllFollowsContinueTokensWithoutResendingTheVersion() {
        server.on("GET", "/api/v1/pods",
                json(200, "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\",\"continue\":\"t2\"},\"items\":[" + POD + "]}"),
                json(200, "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":[" + POD.replace("p1", "p2") + "]}"));
        TypedList<Pod> all = client.typed(PODS, Pod.class).listAll(ListOptions.NONE.withResourceVersion("3").withResourceVersionMatch("Exact"), 1);
        assertEquals(List.of("p1", "p2"), all.items().stream().map(p -> p.getMetadata().getName()).toList());
        assertFalse(all.hasMore());
        assertEquals(List.of("resourceVersion=3&resourceVersionMatch=Exact&limit=1", "limit=1&continue=t2"),
                server.requests("GET", "/api/v1/pods").stream().map(FakeApiServer.Recorded::query).toList());
    }

    @Test
    void writesUseTheObjectsNamespaceAndUpstreamVerbs() {
        server.on("POST", "/api/v1/namespaces/ns1/pods", json(201, POD));
        server.on("PUT", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        server.on("PUT", "/api/v1/namespaces/ns1/pods/p1/status", json(200, POD));
        TypedResource<Pod> anywhere = client.typed(PODS, Pod.class);
        assertEquals("7", anywhere.create(pod("p1")).getMetadata().getResourceVersion());
        assertEquals("7", anywhere.update(pod("p1")).getMetadata().getResourceVersion());
        assertEquals("7", pods.updateStatus(pod("p1")).getMetadata().getResourceVersion());
        JsonNode created = Json.tree(server.requests("POST", "/api/v1/namespaces/ns1/pods").getFirst().body().getBytes());
        assertEquals("Pod", created.path("kind").asText());
        assertEquals("n1", created.path("spec").path("nodeName").asText());
    }

    @Test
    void everyPatchTypeSendsItsContentTypeAndOptions() {
        server.on("PATCH", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        server.on("PATCH", "/api/v1/namespaces/ns1/pods/p1/status", json(200, POD));
        JsonNode merge = Json.tree("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}".getBytes());
        pods.patch("p1", PatchType.JSON, Json.tree("[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{}}]".getBytes()), PatchOptions.NONE);
        pods.patch("p1", PatchType.MERGE, merge, new PatchOptions("me", false, true));
        pods.patch("p1", PatchType.STRATEGIC, merge, PatchOptions.NONE);
        pods.apply(pod("p1"), "capstan-test", true);
        pods.patch("p1", "status", PatchType.MERGE, Json.tree("{\"status\":{\"phase\":\"Running\"}}".getBytes()), PatchOptions.NONE);
        List<FakeApiServer.Recorded> patches = server.requests("PATCH", "/api/v1/namespaces/ns1/pods/p1");
        assertEquals(List.of("application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json",
                "application/apply-patch+yaml"), patches.stream().map(r -> r.header("Content-type")).toList());
        assertEquals("fieldManager=me&dryRun=All", patches.get(1).query());
        assertEquals("fieldManager=capstan-test&force=true", patches.get(3).query());
        assertEquals(1, server.requests("PATCH", "/api/v1/namespaces/ns1/pods/p1/status").size());
    }

    @Test
    void applyConflictIsATypedConflictException() {
        server.on("PATCH", "/api/v1/namespaces/ns1/pods/p1", json(409, CONFLICT));
        ConflictException e = assertThrows(ConflictException.class, () -> pods.apply(pod("p1"), "capstan-test", false));
        assertTrue(e.getMessage().contains("conflict with"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pods.apply(pod("p1"), "", false), "apply needs a field manager");
    }

    @Test
    void deleteSendsDeleteOptionsAsTheBodyAndReturnsTheObjectOrNothing() {
        server.on("DELETE", "/api/v1/namespaces/ns1/pods/p1", json(200, POD),
                json(200, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\"}"));
        Optional<Pod> deleted = pods.delete("p1", new DeleteOptionsBuilder().withPropagationPolicy("Foreground").withGracePeriodSeconds(0L)
                .withNewPreconditions().withUid("u1").withResourceVersion("7").endPreconditions().withDryRun("All").build());
        assertEquals("p1", deleted.orElseThrow().getMetadata().getName());
        assertTrue(pods.delete("p1").isEmpty(), "a Status answer is no object");
        JsonNode body = Json.tree(server.requests("DELETE", "/api/v1/namespaces/ns1/pods/p1").getFirst().body().getBytes());
        assertEquals("Foreground", body.path("propagationPolicy").asText());
        assertEquals(0, body.path("gracePeriodSeconds").asInt(-1));
        assertEquals("u1", body.path("preconditions").path("uid").asText());
        assertEquals("7", body.path("preconditions").path("resourceVersion").asText());
        assertEquals("All", body.path("dryRun").path(0).asText());
    }

    @Test
    void deleteCollectionSendsSelectorsAndOptions() {
        server.on("DELETE", "/api/v1/namespaces/ns1/pods", json(200, "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"12\"},\"items\":[" + POD + "]}"));
        TypedList<Pod> gone = pods.deleteCollection(new DeleteOptionsBuilder().withPropagationPolicy("Background").build(),
                ListOptions.NONE.withLabelSelector("app=web"));
        assertEquals(1, gone.items().size());
        FakeApiServer.Recorded r = server.requests("DELETE", "/api/v1/namespaces/ns1/pods").getFirst();
        assertEquals("labelSelector=app%3Dweb", r.query());
        assertEquals("Background", Json.tree(r.body().getBytes()).path("propagationPolicy").asText());
    }

    @Test
    void scaleSubresourceReadsWritesAndPatchesAScale() {
        String scale = "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\",\"namespace\":\"ns1\"},"
                + "\"spec\":{\"replicas\":3},\"status\":{\"replicas\":1,\"selector\":\"app=web\"}}";
        String path = "/apis/apps/v1/namespaces/ns1/deployments/web/scale";
        server.on("GET", path, json(200, scale));
        server.on("PUT", path, json(200, scale));
        server.on("PATCH", path, json(200, scale));
        TypedResource<Deployment> deployments = client.typed(new GroupVersionResource("apps", "v1", "deployments"), Deployment.class).inNamespace("ns1");
        Scale got = deployments.getScale("web");
        assertEquals(3, got.getSpec().getReplicas());
        assertEquals("app=web", got.getStatus().getSelector());
        deployments.updateScale("web", new ScaleBuilder().withNewSpec().withReplicas(5).endSpec().build());
        JsonNode put = Json.tree(server.requests("PUT", path).getFirst().body().getBytes());
        assertEquals(5, put.path("spec").path("replicas").asInt());
        assertEquals("web", put.path("metadata").path("name").asText());
        deployments.patchScale("web", PatchType.MERGE, Json.tree("{\"spec\":{\"replicas\":2}}".getBytes()), PatchOptions.NONE);
        assertEquals("application/merge-patch+json", server.requests("PATCH", path).getFirst().header("Content-type"));
    }

    @Test
    void watchDeliversTypedEventsAndBookmarksAndErrorsAsExceptions() throws Exception {
        server.on("WATCH", "/api/v1/namespaces/ns1/pods", FakeApiServer.stream(
                event("ADDED", POD),
                event("BOOKMARK", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"12\"}}"),
                event("ERROR", "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version: 7 (10)\"}")));
        try (TypedWatch<Pod> watch = pods.watch(ListOptions.NONE.withResourceVersion("7").withWatch(30, true))) {
            TypedWatchEvent<Pod> added = watch.next();
            assertEquals(WatchEvent.Type.ADDED, added.type());
            assertEquals("n1", added.object().getSpec().getNodeName());
            TypedWatchEvent<Pod> bookmark = watch.next();
            assertEquals(WatchEvent.Type.BOOKMARK, bookmark.type());
            assertEquals("12", bookmark.resourceVersion());
            assertEquals("12", bookmark.object().getMetadata().getResourceVersion());
            GoneException gone = assertThrows(GoneException.class, watch::next);
            assertEquals(410, gone.code());
            assertNull(watch.next());
        }
        assertEquals("watch=true&resourceVersion=7&timeoutSeconds=30&allowWatchBookmarks=true",
                server.requests("WATCH", "/api/v1/namespaces/ns1/pods").getFirst().query());
    }

    @Test
    void notFoundIsTyped() {
        server.on("GET", "/api/v1/namespaces/ns1/pods/nope", json(404,
                "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,\"message\":\"pods \\\"nope\\\" not found\"}"));
        assertThrows(NotFoundException.class, () -> pods.get("nope"));
    }
}
