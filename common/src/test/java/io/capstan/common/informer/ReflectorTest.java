package io.capstan.common.informer;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.Backoff;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.FakeApiServer;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.RestClient;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.capstan.common.client.FakeApiServer.event;
import static io.capstan.common.client.FakeApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReflectorTest {
    static final Backoff FAST = new Backoff(Duration.ofMillis(10), 2, Duration.ofMillis(50), 0);
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");

    static String pod(String name, int rv) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"resourceVersion\":\"" + rv + "\"}}";
    }

    static String podList(int rv, String continueToken, String... items) {
        return "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + rv + "\""
                + (continueToken.isEmpty() ? "" : ",\"continue\":\"" + continueToken + "\"") + "},\"items\":["
                + String.join(",", items) + "]}";
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void listsInPagesWatchesResumesFromLastVersionAndRelistsOnGone() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods",
                    json(200, podList(10, "page2", pod("a", 5))),
                    json(200, podList(10, "", pod("b", 6))),
                    json(200, podList(20, "", pod("b", 6), pod("c", 11), pod("d", 19))));
            server.on("WATCH", "/api/v1/pods",
                    FakeApiServer.stream(event("ADDED", pod("c", 11)), event("BOOKMARK", "{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"12\"}}")),
                    FakeApiServer.stream(event("ERROR", "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version: 12 (15)\"}")),
                    FakeApiServer.hang());
            ThreadSafeIndexer<Pod> store = new ThreadSafeIndexer<>();
            try (Reflector<Pod> reflector = new Reflector<>("v1/pods",
                    ListerWatcher.forResource(client.resource(PODS), ListOptions.NONE), Pod.class, store, FAST)) {
                reflector.start();
                await(() -> server.requests("WATCH", "/api/v1/pods").size() == 3, "third watch");
                await(() -> "20".equals(reflector.lastSyncResourceVersion()), "relist at 20");

                List<String> lists = server.requests("GET", "/api/v1/pods").stream().map(FakeApiServer.Recorded::query).toList();
                // The first list asks for any version; its answer came in pages, so the server has no watch
                // cache and the relist (from the last version seen) keeps the page size, as client-go's.
                assertEquals(List.of("resourceVersion=0&limit=500", "limit=500&continue=page2", "resourceVersion=12&limit=500"), lists);
                List<String> watchVersions = server.requests("WATCH", "/api/v1/pods").stream()
                        .map(r -> r.query().replaceAll(".*resourceVersion=(\\d+).*", "$1")).toList();
                assertEquals(List.of("10", "12", "20"), watchVersions, "watch from the list, then from the bookmark, then from the relist");
                assertTrue(server.requests("WATCH", "/api/v1/pods").getFirst().query().contains("allowWatchBookmarks=true"));
                assertEquals(List.of("ns/b", "ns/c", "ns/d"), store.listKeys().stream().sorted().toList(),
                        "relist replaced the store: a is gone");
            }
        }
    }

    @Test
    void backsOffAndRetriesWhenTheListFails() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods",
                    json(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\",\"message\":\"no\"}"),
                    json(200, podList(3, "", pod("a", 3))));
            server.on("WATCH", "/api/v1/pods", FakeApiServer.hang());
            ThreadSafeIndexer<Pod> store = new ThreadSafeIndexer<>();
            try (Reflector<Pod> reflector = new Reflector<>("v1/pods",
                    ListerWatcher.forResource(client.resource(PODS), ListOptions.NONE), Pod.class, store, FAST)) {
                reflector.start();
                await(() -> store.getByKey("ns/a").isPresent(), "list after the failure");
                assertEquals(2, server.requests("GET", "/api/v1/pods").size());
            }
        }
    }

    @Test
    void relistAfterGoneAsksForTheLastVersionWholeWhenTheServerServedVersionZeroWhole() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods",
                    json(200, podList(10, "", pod("a", 5), pod("b", 6))),
                    json(200, podList(20, "", pod("b", 6))));
            server.on("WATCH", "/api/v1/pods",
                    FakeApiServer.stream(event("BOOKMARK", "{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"12\"}}"),
                            event("ERROR", "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version: 12 (15)\"}")),
                    FakeApiServer.hang());
            ThreadSafeIndexer<Pod> store = new ThreadSafeIndexer<>();
            try (Reflector<Pod> reflector = new Reflector<>("v1/pods",
                    ListerWatcher.forResource(client.resource(PODS), ListOptions.NONE), Pod.class, store, FAST)) {
                reflector.start();
                await(() -> "20".equals(reflector.lastSyncResourceVersion()), "relist at 20");
                List<String> lists = server.requests("GET", "/api/v1/pods").stream().map(FakeApiServer.Recorded::query).toList();
                assertEquals(List.of("resourceVersion=0&limit=500", "resourceVersion=12"), lists,
                        "a list at a known version asks for no limit, so that the watch cache serves it");
                assertEquals(List.of("ns/b"), store.listKeys());
            }
        }
    }

    @Test
    void fallsBackToAConsistentListWhenTheVersionIsExpired() throws Exception {
        String expired = "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version: 12 (15)\"}";
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods",
                    json(410, expired),
                    json(200, podList(10, "", pod("a", 5))),
                    json(410, expired),
                    json(200, podList(30, "", pod("c", 25))));
            server.on("WATCH", "/api/v1/pods",
                    FakeApiServer.stream(event("ERROR", expired)),
                    FakeApiServer.hang());
            ThreadSafeIndexer<Pod> store = new ThreadSafeIndexer<>();
            try (Reflector<Pod> reflector = new Reflector<>("v1/pods",
                    ListerWatcher.forResource(client.resource(PODS), ListOptions.NONE), Pod.class, store, FAST)) {
                reflector.start();
                await(() -> "30".equals(reflector.lastSyncResourceVersion()), "second list at 30");
                List<String> lists = server.requests("GET", "/api/v1/pods").stream().map(FakeApiServer.Recorded::query).toList();
                assertEquals(List.of("resourceVersion=0&limit=500", "limit=500", "resourceVersion=10", "limit=500"), lists,
                        "an unavailable version is retried at once as a consistent, paged list");
                assertEquals("30", reflector.relistResourceVersion(), "after a successful list, relists start from its version again");
                assertEquals(List.of("ns/c"), store.listKeys());
            }
        }
    }

    @Test
    void tooLargeResourceVersionIsRecognisedAsUpstreamSendsIt() {
        io.fabric8.kubernetes.api.model.Status byCause = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(504).withReason("Timeout")
                .withMessage("Too large resource version: 30, current: 20")
                .withNewDetails().addNewCause().withReason("ResourceVersionTooLarge").withMessage("Too large resource version").endCause().endDetails().build();
        io.fabric8.kubernetes.api.model.Status byMessage = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(504).withReason("Timeout")
                .withMessage("Too large resource version: 30, current: 20").build();
        io.fabric8.kubernetes.api.model.Status otherTimeout = new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(504).withReason("Timeout")
                .withMessage("request timed out").build();
        assertTrue(Reflector.isTooLargeResourceVersion(io.capstan.common.api.StatusException.of(byCause)));
        assertTrue(Reflector.isTooLargeResourceVersion(io.capstan.common.api.StatusException.of(byMessage)));
        org.junit.jupiter.api.Assertions.assertFalse(Reflector.isTooLargeResourceVersion(io.capstan.common.api.StatusException.of(otherTimeout)));
    }
}
