package io.capstan.common.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.capstan.common.client.FakeApiServer.event;
import static io.capstan.common.client.FakeApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestClientTest {
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    private static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p1\",\"namespace\":\"ns1\",\"resourceVersion\":\"7\"}}";

    private FakeApiServer server;
    private RestClient client;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeApiServer();
        client = new RestClient(ClientConfig.forServer(server.uri()).withBearerToken("tok")
                .withUserAgent("capstan-test/0.1.0"), new Backoff(Duration.ofMillis(1), 2, Duration.ofMillis(10), 0));
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void getSendsTokenUserAgentAndUpstreamPath() {
        server.on("GET", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        ObjectNode pod = client.resource(PODS).namespace("ns1").get("p1");
        assertEquals("7", pod.path("metadata").path("resourceVersion").asText());
        FakeApiServer.Recorded r = server.requests().getFirst();
        assertEquals("Bearer tok", r.header("Authorization"));
        assertEquals("capstan-test/0.1.0", r.header("User-agent"));
        assertEquals("application/json", r.header("Accept"));
    }

    @Test
    void metadataResourceAsksForPartialObjectMetadataOnReadsOnly() throws Exception {
        server.on("GET", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        server.on("GET", "/api/v1/pods", json(200, "{\"kind\":\"PartialObjectMetadataList\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":[]}"));
        server.on("WATCH", "/api/v1/pods", FakeApiServer.stream());
        server.on("DELETE", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        ResourceInterface metadata = client.metadata(PODS);
        metadata.namespace("ns1").get("p1");
        metadata.list(ListOptions.NONE);
        metadata.watch(ListOptions.NONE).close();
        metadata.namespace("ns1").delete("p1");
        List<String> accepts = server.requests().stream().map(r -> r.header("Accept")).toList();
        assertEquals(List.of(
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json",
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json",
                "application/json"), accepts);
        client.resource(PODS).list(ListOptions.NONE);
        assertEquals("application/json", server.requests().getLast().header("Accept"), "the plain resource is unchanged");
    }

    @Test
    void listSendsSelectorsPagingAndResourceVersion() {
        server.on("GET", "/api/v1/pods", json(200, "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":[]}"));
        ObjectNode list = client.resource(PODS).list(ListOptions.NONE.withLabelSelector("app=web")
                .withFieldSelector("spec.nodeName=").withPage(2, "abc").withResourceVersion("5"));
        assertEquals("9", list.path("metadata").path("resourceVersion").asText());
        assertEquals("labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3D&resourceVersion=5&limit=2&continue=abc",
                server.requests().getFirst().query());
    }

    @Test
    void writesUseUpstreamVerbsPathsAndContentTypes() {
        server.on("POST", "/api/v1/namespaces", json(201, "{\"metadata\":{\"name\":\"team\"}}"));
        server.on("PUT", "/apis/apps/v1/namespaces/ns1/deployments/d", json(200, "{}"));
        server.on("PUT", "/apis/apps/v1/namespaces/ns1/deployments/d/status", json(200, "{}"));
        server.on("PATCH", "/api/v1/namespaces/ns1/pods/p1/status", json(200, POD));
        server.on("DELETE", "/api/v1/namespaces/ns1/pods/p1", json(200, "{\"kind\":\"Status\",\"status\":\"Success\"}"));
        server.on("POST", "/api/v1/namespaces/ns1/pods/p1/binding", json(201, "{\"kind\":\"Status\",\"status\":\"Success\"}"));

        ObjectNode ns = Json.object("{\"metadata\":{\"name\":\"team\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals("team", client.resource(NAMESPACES).create(ns).path("metadata").path("name").asText());
        ObjectNode deployment = Json.object("{\"metadata\":{\"name\":\"d\",\"namespace\":\"ns1\"}}".getBytes(StandardCharsets.UTF_8));
        client.resource(DEPLOYMENTS).update(deployment);
        client.resource(DEPLOYMENTS).namespace("ns1").updateStatus(deployment);
        client.resource(PODS).namespace("ns1").patch("p1", PatchType.STRATEGIC, Json.tree("{\"status\":{}}".getBytes(StandardCharsets.UTF_8)), "status");
        assertEquals("Success", client.resource(PODS).namespace("ns1").delete("p1").path("status").asText());
        client.resource(PODS).namespace("ns1").createSubresource("p1", "binding", Json.MAPPER.createObjectNode());

        List<FakeApiServer.Recorded> all = server.requests();
        assertEquals(List.of("POST /api/v1/namespaces", "PUT /apis/apps/v1/namespaces/ns1/deployments/d",
                "PUT /apis/apps/v1/namespaces/ns1/deployments/d/status", "PATCH /api/v1/namespaces/ns1/pods/p1/status",
                "DELETE /api/v1/namespaces/ns1/pods/p1", "POST /api/v1/namespaces/ns1/pods/p1/binding"),
                all.stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals("application/strategic-merge-patch+json", all.get(3).header("Content-type"));
        assertEquals("{\"status\":{}}", all.get(3).body());
        assertEquals("application/json", all.get(0).header("Content-type"));
    }

    @Test
    void typedCallsConvertThroughFabric8Models() {
        server.on("POST", "/api/v1/namespaces/ns1/pods", (ex, r) -> json(201, r.body()).respond(ex, r));
        Pod created = client.create(PODS, new PodBuilder().withNewMetadata().withName("p1").withNamespace("ns1").endMetadata()
                .withNewSpec().withNodeName("n1").endSpec().build());
        assertEquals("n1", created.getSpec().getNodeName());
        server.on("GET", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        assertEquals("7", client.get(PODS, Pod.class, "ns1", "p1").getMetadata().getResourceVersion());
    }

    @Test
    void errorStatusBecomesStatusException() {
        server.on("POST", "/api/v1/namespaces/ns1/pods", json(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"pods \\\"p1\\\" already exists\",\"reason\":\"AlreadyExists\",\"code\":409}"));
        StatusException e = assertThrows(StatusException.class,
                () -> client.resource(PODS).namespace("ns1").create(Json.MAPPER.createObjectNode()));
        assertTrue(e.isAlreadyExists());
        assertEquals("pods \"p1\" already exists", e.getMessage());

        server.on("GET", "/api/v1/namespaces/ns1/pods/p1", (ex, r) -> {
            byte[] text = "forbidden: no".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(403, text.length);
            ex.getResponseBody().write(text);
        });
        StatusException plain = assertThrows(StatusException.class, () -> client.resource(PODS).namespace("ns1").get("p1"));
        assertEquals(403, plain.code());
        assertEquals("Forbidden", plain.reason());
        assertEquals("forbidden: no", plain.getMessage());

        StatusException missing = assertThrows(StatusException.class, () -> client.resource(PODS).namespace("ns1").get("absent"));
        assertTrue(missing.isNotFound());
    }

    @Test
    void retriesGetOn503HonouringRetryAfter() {
        server.on("GET", "/api/v1/namespaces/ns1/pods/p1",
                json(503, "{\"kind\":\"Status\",\"code\":503,\"reason\":\"ServiceUnavailable\"}", Map.of("Retry-After", "1")),
                json(200, POD));
        long start = System.nanoTime();
        client.resource(PODS).namespace("ns1").get("p1");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, server.requests().size());
        assertTrue(elapsedMillis >= 950, "waited only " + elapsedMillis + "ms for Retry-After: 1");
    }

    @Test
    void retriesAnyVerbOn429ButNeverPostOnBare503() {
        server.on("POST", "/api/v1/namespaces/ns1/pods",
                json(429, "{\"kind\":\"Status\",\"code\":429,\"reason\":\"TooManyRequests\"}", Map.of("Retry-After", "0")),
                json(201, POD));
        client.resource(PODS).namespace("ns1").create(Json.MAPPER.createObjectNode());
        assertEquals(2, server.requests("POST", "/api/v1/namespaces/ns1/pods").size());

        server.on("POST", "/api/v1/namespaces/ns2/pods", json(503, "{\"kind\":\"Status\",\"code\":503,\"reason\":\"ServiceUnavailable\"}"));
        StatusException e = assertThrows(StatusException.class,
                () -> client.resource(PODS).namespace("ns2").create(Json.MAPPER.createObjectNode()));
        assertEquals(503, e.code());
        assertEquals(1, server.requests("POST", "/api/v1/namespaces/ns2/pods").size());
    }

    @Test
    void gettingUpAfterRetriesReportsTheLastAnswer() {
        server.on("GET", "/api/v1/namespaces/ns1/pods/p1", json(503, "{\"kind\":\"Status\",\"code\":503,\"reason\":\"ServiceUnavailable\"}"));
        StatusException e = assertThrows(StatusException.class, () -> client.resource(PODS).namespace("ns1").get("p1"));
        assertEquals("ServiceUnavailable", e.reason());
        assertEquals(RestClient.MAX_RETRIES + 1, server.requests().size());
    }

    @Test
    void watchParsesEventsAsTheyArriveEvenWhenAChunkEndsMidLine() throws Exception {
        CountDownLatch firstEventSeen = new CountDownLatch(1);
        AtomicBoolean clientReadBeforeRest = new AtomicBoolean();
        String second = event("MODIFIED", "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p1\",\"resourceVersion\":\"12\"}}");
        server.on("WATCH", "/api/v1/namespaces/ns1/pods", (ex, r) -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write((event("ADDED", "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p1\",\"resourceVersion\":\"11\"}}")
                    + second.substring(0, 20)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            // The client must hand out the first event while the second is still half-sent.
            clientReadBeforeRest.set(firstEventSeen.await(5, TimeUnit.SECONDS));
            out.write((second.substring(20) + event("BOOKMARK", "{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"15\"}}"))
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
        try (Watch w = client.resource(PODS).namespace("ns1").watch(ListOptions.NONE.withResourceVersion("10").withWatch(30, true))) {
            WatchEvent first = w.next();
            firstEventSeen.countDown();
            assertEquals(WatchEvent.Type.ADDED, first.type());
            assertEquals("11", first.resourceVersion());
            WatchEvent modified = w.next();
            assertEquals(WatchEvent.Type.MODIFIED, modified.type());
            assertEquals("12", modified.resourceVersion());
            WatchEvent bookmark = w.next();
            assertEquals(WatchEvent.Type.BOOKMARK, bookmark.type());
            assertEquals("15", bookmark.resourceVersion());
            assertNull(w.next(), "stream ended");
        }
        assertTrue(clientReadBeforeRest.get(), "first event was only delivered after the rest of the stream arrived");
        assertEquals("watch=true&resourceVersion=10&timeoutSeconds=30&allowWatchBookmarks=true", server.requests().getFirst().query());
    }

    @Test
    void watchErrorsComeAsStatusBeforeTheStreamAndAsErrorEventsInIt() throws Exception {
        server.on("WATCH", "/api/v1/pods", json(410, "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version: 1 (5)\"}"));
        StatusException gone = assertThrows(StatusException.class, () -> client.resource(PODS).watch(ListOptions.NONE));
        assertTrue(gone.isGone());

        server.on("WATCH", "/api/v1/namespaces/ns1/pods", FakeApiServer.stream(
                event("ERROR", "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old\"}")));
        try (Watch w = client.resource(PODS).namespace("ns1").watch(ListOptions.NONE)) {
            WatchEvent e = w.next();
            assertEquals(WatchEvent.Type.ERROR, e.type());
            assertTrue(e.error().isGone());
        }
    }

    @Test
    void closingAWatchReleasesABlockedReader() throws Exception {
        server.on("WATCH", "/api/v1/pods", FakeApiServer.hang());
        Watch w = client.resource(PODS).watch(ListOptions.NONE);
        CountDownLatch ended = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                if (w.next() == null) {
                    ended.countDown();
                }
            } catch (Exception e) {
                ended.countDown();
            }
        });
        Thread.sleep(100);
        w.close();
        assertTrue(ended.await(5, TimeUnit.SECONDS), "reader still blocked after close");
        reader.join();
    }

    @Test
    void serverSideApplySendsTheApplyContentTypeFieldManagerAndForce() {
        server.on("PATCH", "/apis/apps/v1/namespaces/ns1/deployments/d", json(200, "{}"));
        ObjectNode d = Json.object("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"}}"
                .getBytes(StandardCharsets.UTF_8));
        ResourceInterface deployments = client.resource(DEPLOYMENTS).namespace("ns1");
        deployments.apply(d, "my-controller", true);
        deployments.patch("d", PatchType.MERGE, Json.MAPPER.createObjectNode(), null, new PatchOptions("kubectl-edit", false, true));
        List<FakeApiServer.Recorded> all = server.requests();
        assertEquals("application/apply-patch+yaml", all.get(0).header("Content-type"));
        assertEquals("fieldManager=my-controller&force=true", all.get(0).query());
        assertEquals(Json.MAPPER.valueToTree(d).toString(), all.get(0).body());
        assertEquals("application/merge-patch+json", all.get(1).header("Content-type"));
        assertEquals("fieldManager=kubectl-edit&dryRun=All", all.get(1).query());
        assertThrows(IllegalArgumentException.class, () -> deployments.apply(d, "", false), "apply needs a field manager");
        assertThrows(IllegalArgumentException.class,
                () -> deployments.patch("d", PatchType.APPLY, d, null, PatchOptions.NONE), "apply needs a field manager");
        assertEquals(2, server.requests().size());
    }

    @Test
    void deleteCollectionSendsItsSelectors() {
        server.on("DELETE", "/api/v1/namespaces/ns1/pods", json(200, "{\"kind\":\"PodList\",\"items\":[]}"));
        client.resource(PODS).namespace("ns1").deleteCollection(ListOptions.NONE.withLabelSelector("app=web"));
        assertEquals("labelSelector=app%3Dweb", server.requests().getFirst().query());
    }

    @Test
    void statusErrorsBecomeTypedExceptionsByReason() {
        record Case(int code, String reason, Class<? extends StatusException> type) {
        }
        for (Case c : List.of(
                new Case(400, "BadRequest", io.capstan.common.api.BadRequestException.class),
                new Case(401, "Unauthorized", io.capstan.common.api.UnauthorizedException.class),
                new Case(403, "Forbidden", io.capstan.common.api.ForbiddenException.class),
                new Case(404, "NotFound", io.capstan.common.api.NotFoundException.class),
                new Case(409, "AlreadyExists", io.capstan.common.api.AlreadyExistsException.class),
                new Case(409, "Conflict", io.capstan.common.api.ConflictException.class),
                new Case(410, "Expired", io.capstan.common.api.GoneException.class),
                new Case(410, "Gone", io.capstan.common.api.GoneException.class),
                new Case(422, "Invalid", io.capstan.common.api.InvalidException.class),
                new Case(500, "InternalError", StatusException.class))) {
            String path = "/api/v1/namespaces/ns1/pods/" + c.reason().toLowerCase() + c.code();
            server.on("POST", path, json(c.code(), "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"" + c.reason()
                    + "\",\"code\":" + c.code() + ",\"message\":\"m\"}"));
            StatusException e = assertThrows(StatusException.class, () -> client.resource(PODS).namespace("ns1")
                    .createSubresource(path.substring(path.lastIndexOf('/') + 1), null, Json.MAPPER.createObjectNode()));
            assertEquals(c.type(), e.getClass(), c.code() + " " + c.reason());
            assertEquals(c.reason(), e.reason());
        }
        // A bare 404 without a Status body is typed by its code.
        server.on("GET", "/api/v1/namespaces/ns1/pods/plain", (ex, r) -> {
            ex.sendResponseHeaders(404, -1);
        });
        assertEquals(io.capstan.common.api.NotFoundException.class,
                assertThrows(StatusException.class, () -> client.resource(PODS).namespace("ns1").get("plain")).getClass());
    }

    @Test
    void sequentialRequestsReuseOneConnection() {
        server.on("GET", "/api/v1/namespaces/ns1/pods/p1", json(200, POD));
        for (int i = 0; i < 5; i++) {
            client.resource(PODS).namespace("ns1").get("p1");
        }
        assertEquals(1, server.remotePorts().stream().distinct().count(), "one pooled keep-alive connection: " + server.remotePorts());
    }

    @Test
    void theDefaultUserAgentHasClientGosShape() {
        assertTrue(ClientConfig.DEFAULT_USER_AGENT.matches("capstan/v0\\.1\\.0 \\([a-z0-9]+/[a-z0-9_]+\\) capstan"),
                ClientConfig.DEFAULT_USER_AGENT);
        assertTrue(ClientFlags.clientGoStyle("capstan-scheduler/0.1.0").startsWith("capstan-scheduler/v0.1.0 ("));
        assertEquals("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9", ClientFlags.clientGoStyle("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9"));
    }

    @Test
    void rateLimitingAllowsTheBurstThenHoldsToQps() {
        long[] now = {0};
        TokenBucket bucket = new TokenBucket(5, 10, () -> now[0]); // client-go's defaults
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ZERO, bucket.reserve(), "request " + i + " is within the burst");
        }
        assertEquals(Duration.ofMillis(200), bucket.reserve(), "the 11th waits one token at 5 qps");
        assertEquals(Duration.ofMillis(400), bucket.reserve());
        now[0] = Duration.ofSeconds(10).toNanos();
        assertEquals(Duration.ZERO, bucket.reserve(), "refilled after a pause");
    }

    @Test
    void listAllFollowsContinueTokensAndRelistsWhenOneExpires() {
        String page1 = "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\",\"continue\":\"t1\"},\"items\":[" + POD + "]}";
        String page2 = "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":["
                + POD.replace("p1", "p2") + "]}";
        server.on("GET", "/api/v1/namespaces/ns1/pods", json(200, page1), json(200, page2));
        List<Pod> pods = client.list(PODS, Pod.class, "ns1", ListOptions.NONE.withLabelSelector("app=web").withResourceVersion("0"));
        assertEquals(List.of("p1", "p2"), pods.stream().map(p -> p.getMetadata().getName()).toList());
        List<FakeApiServer.Recorded> requests = server.requests();
        assertEquals("labelSelector=app%3Dweb&resourceVersion=0&limit=500", requests.get(0).query());
        assertEquals("labelSelector=app%3Dweb&limit=500&continue=t1", requests.get(1).query(), "the token carries the version");

        String counted = page1.replace("\"continue\":\"t1\"", "\"continue\":\"t1\",\"remainingItemCount\":1");
        server.on("GET", "/api/v1/namespaces/ns2/pods", json(200, counted), json(200, page2));
        ObjectNode merged = client.resource(PODS).namespace("ns2").listAll(ListOptions.NONE, 1);
        assertEquals(2, merged.path("items").size());
        assertEquals("{\"resourceVersion\":\"9\"}", merged.path("metadata").toString(),
                "the whole list has no continue token and nothing remaining, as client-go's pager returns it");

        server.on("GET", "/api/v1/pods", json(200, page1),
                json(410, "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"continue token expired\"}"),
                json(200, page2));
        ObjectNode all = client.resource(PODS).listAll(ListOptions.NONE, 1);
        assertEquals(1, all.path("items").size(), "the full relist's answer, not a mix of pages");
        assertEquals("", server.requests("GET", "/api/v1/pods").get(2).query() == null ? "" : server.requests("GET", "/api/v1/pods").get(2).query(),
                "the relist asks for everything in one request");
    }
}
