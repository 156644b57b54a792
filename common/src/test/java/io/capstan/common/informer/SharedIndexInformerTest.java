package io.capstan.common.informer;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.FakeApiServer;
import io.capstan.common.client.RestClient;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.capstan.common.client.FakeApiServer.event;
import static io.capstan.common.client.FakeApiServer.json;
import static io.capstan.common.informer.ReflectorTest.await;
import static io.capstan.common.informer.ReflectorTest.pod;
import static io.capstan.common.informer.ReflectorTest.podList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedIndexInformerTest {
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");

    private static ResourceEventHandler<Pod> recorder(List<String> events) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                events.add("add " + p.getMetadata().getName() + "@" + p.getMetadata().getResourceVersion());
            }

            @Override
            public void onUpdate(Pod o, Pod n) {
                events.add("update " + n.getMetadata().getName() + " " + o.getMetadata().getResourceVersion()
                        + "->" + n.getMetadata().getResourceVersion());
            }

            @Override
            public void onDelete(Pod p) {
                events.add("delete " + p.getMetadata().getName());
            }
        };
    }

    @Test
    void handlersSeeEachObjectsChangesInResourceVersionOrderAndLateHandlersGetTheCache() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods", json(200, podList(2, "", pod("a", 1), pod("b", 2))));
            server.on("WATCH", "/api/v1/pods",
                    FakeApiServer.stream(event("MODIFIED", pod("a", 3)), event("MODIFIED", pod("a", 4)), event("DELETED", pod("b", 5))),
                    FakeApiServer.hang());
            try (SharedInformerFactory factory = new SharedInformerFactory(client, Duration.ZERO, ReflectorTest.FAST)) {
                SharedInformer<Pod> informer = factory.informerFor(PODS, Pod.class);
                assertSame(informer, factory.informerFor(PODS, Pod.class), "one informer per resource");
                assertThrows(IllegalArgumentException.class, () -> factory.informerFor(PODS, io.fabric8.kubernetes.api.model.Node.class));
                List<String> events = new CopyOnWriteArrayList<>();
                informer.addEventHandler(recorder(events));
                factory.start();
                assertTrue(factory.waitForCacheSync(Duration.ofSeconds(15)));
                await(() -> events.size() == 5, "five events");
                List<String> sorted = events.stream().sorted().toList();
                assertEquals(List.of("add a@1", "add b@2", "delete b", "update a 1->3", "update a 3->4"), sorted);
                assertTrue(events.indexOf("update a 1->3") < events.indexOf("update a 3->4"));
                assertTrue(events.indexOf("add b@2") < events.indexOf("delete b"));

                List<String> late = new CopyOnWriteArrayList<>();
                informer.addEventHandler(recorder(late));
                assertEquals(List.of("add a@4"), late);
                assertEquals("4", informer.lister().get("ns", "a").orElseThrow().getMetadata().getResourceVersion());
                assertEquals("5", informer.lastSyncResourceVersion());
            }
        }
    }

    private static String podOnNode(String name, int rv, String node) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\","
                + "\"resourceVersion\":\"" + rv + "\",\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\","
                + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:spec\":{}}}]},\"spec\":{\"nodeName\":\"" + node + "\"}}";
    }

    @Test
    void aTransformRunsBeforeCachingAndCustomIndexersIndexOldAndNewObjects() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/pods", json(200, podList(2, "", podOnNode("a", 1, "n1"), podOnNode("b", 2, "n2"))));
            server.on("WATCH", "/api/v1/pods", FakeApiServer.stream(event("ADDED", podOnNode("c", 3, "n1"))), FakeApiServer.hang());
            try (SharedInformerFactory factory = new SharedInformerFactory(client, Duration.ZERO, ReflectorTest.FAST)) {
                SharedInformer<Pod> informer = factory.informerFor(PODS, Pod.class);
                informer.setTransform(SharedInformer.dropManagedFields());
                List<String> seen = new CopyOnWriteArrayList<>();
                informer.addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod p) {
                        seen.add(p.getMetadata().getName() + " managedFields=" + p.getMetadata().getManagedFields());
                    }

                    @Override
                    public void onUpdate(Pod o, Pod n) {
                    }

                    @Override
                    public void onDelete(Pod p) {
                    }
                });
                factory.start();
                assertThrows(IllegalStateException.class, () -> informer.setTransform(SharedInformer.dropManagedFields()),
                        "client-go refuses a transform once the informer runs");
                assertTrue(factory.waitForCacheSync(Duration.ofSeconds(15)));
                informer.addIndexers(java.util.Map.of("byNode", p -> List.of(p.getSpec().getNodeName())));
                await(() -> seen.size() == 3, "three adds");
                assertEquals(List.of("a managedFields=null", "b managedFields=null", "c managedFields=null"), seen.stream().sorted().toList(),
                        "handlers and cache get the transformed objects");
                assertEquals(null, informer.lister().get("ns", "c").orElseThrow().getMetadata().getManagedFields());
                assertEquals(List.of("a", "c"), informer.indexer().byIndex("byNode", "n1").stream()
                        .map(p -> p.getMetadata().getName()).sorted().toList());
                assertEquals(List.of("b"), informer.indexer().byIndex("byNode", "n2").stream().map(p -> p.getMetadata().getName()).toList());
                assertThrows(IllegalArgumentException.class,
                        () -> informer.addIndexers(java.util.Map.of("byNode", p -> List.of())), "an index name is used once");
                assertThrows(IllegalArgumentException.class,
                        () -> informer.addIndexers(java.util.Map.of(Indexer.NAMESPACE_INDEX, p -> List.of())));
            }
        }
    }
}
