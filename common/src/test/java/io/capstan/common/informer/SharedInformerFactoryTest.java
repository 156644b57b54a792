package io.capstan.common.informer;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.FakeApiServer;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.RestClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.capstan.common.client.FakeApiServer.event;
import static io.capstan.common.client.FakeApiServer.json;
import static io.capstan.common.informer.ReflectorTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filtered informers (selectors on every list and watch) and metadata informers (partial object metadata). */
class SharedInformerFactoryTest {
    private static final GroupVersionResource CONFIG_MAPS = new GroupVersionResource("", "v1", "configmaps");
    private static final String METADATA_ACCEPT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    private static final String METADATA_LIST_ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    private static String configMap(String kind, String apiVersion, String name, int rv) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"ns\",\"uid\":\"u-" + name + "\",\"resourceVersion\":\"" + rv + "\","
                + "\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"p\",\"uid\":\"p-uid\"}]}}";
    }

    @Test
    void aFilteredInformerSendsItsSelectorsOnEveryListAndWatchAndIsSharedBySelectors() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/configmaps", json(200, "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\","
                    + "\"metadata\":{\"resourceVersion\":\"3\"},\"items\":[" + configMap("ConfigMap", "v1", "kube-root-ca.crt", 3) + "]}"));
            server.on("WATCH", "/api/v1/configmaps", FakeApiServer.hang());
            try (SharedInformerFactory factory = new SharedInformerFactory(client, Duration.ZERO, ReflectorTest.FAST)) {
                ListOptions byName = ListOptions.NONE.withFieldSelector("metadata.name=kube-root-ca.crt");
                SharedInformer<ConfigMap> filtered = factory.informerFor(CONFIG_MAPS, ConfigMap.class, byName);
                assertSame(filtered, factory.informerFor(CONFIG_MAPS, ConfigMap.class,
                        ListOptions.NONE.withFieldSelector("metadata.name=kube-root-ca.crt").withPage(5, "")), "same selectors, same informer");
                assertNotSame(filtered, factory.informerFor(CONFIG_MAPS, ConfigMap.class), "the unfiltered informer is another one");
                factory.start();
                assertTrue(factory.waitForCacheSync(Duration.ofSeconds(15)));
                await(() -> server.requests("WATCH", "/api/v1/configmaps").size() >= 2, "both informers watch");
                long filteredCalls = server.requests().stream()
                        .filter(r -> r.query() != null && r.query().contains("fieldSelector=metadata.name%3Dkube-root-ca.crt")).count();
                assertEquals(2, filteredCalls, "the filtered informer's list and watch carry the selector: " + server.requests());
                long plainCalls = server.requests().stream().filter(r -> r.query() == null || !r.query().contains("fieldSelector")).count();
                assertEquals(2, plainCalls, "the unfiltered informer's list and watch carry none");
                assertEquals("3", filtered.lister().get("ns", "kube-root-ca.crt").orElseThrow().getMetadata().getResourceVersion());
            }
        }
    }

    @Test
    void aMetadataInformerListsAndWatchesPartialObjectMetadata() throws Exception {
        try (FakeApiServer server = new FakeApiServer(); RestClient client = new RestClient(ClientConfig.forServer(server.uri()))) {
            server.on("GET", "/api/v1/configmaps", json(200, "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\","
                    + "\"metadata\":{\"resourceVersion\":\"3\"},\"items\":["
                    + configMap("PartialObjectMetadata", "meta.k8s.io/v1", "a", 3) + "]}"));
            server.on("WATCH", "/api/v1/configmaps",
                    FakeApiServer.stream(event("ADDED", configMap("PartialObjectMetadata", "meta.k8s.io/v1", "b", 4)),
                            // a server without partial metadata answers whole objects: only their metadata is kept
                            event("MODIFIED", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","
                                    + "\"namespace\":\"ns\",\"uid\":\"u-a\",\"resourceVersion\":\"5\"},\"data\":{\"k\":\"v\"}}")),
                    FakeApiServer.hang());
            try (SharedInformerFactory factory = new SharedInformerFactory(client, Duration.ZERO, ReflectorTest.FAST)) {
                SharedInformer<PartialObjectMetadata> informer = factory.metadataInformerFor(CONFIG_MAPS);
                assertSame(informer, factory.metadataInformerFor(CONFIG_MAPS));
                assertThrows(IllegalArgumentException.class, () -> factory.informerFor(CONFIG_MAPS, ConfigMap.class),
                        "one resource is not cached twice in one factory under two types");
                factory.start();
                assertTrue(factory.waitForCacheSync(Duration.ofSeconds(15)));
                await(() -> informer.lister().get("ns", "a").map(o -> o.getMetadata().getResourceVersion().equals("5")).orElse(false),
                        "the watch's events reach the cache");
                PartialObjectMetadata b = informer.lister().get("ns", "b").orElseThrow();
                assertEquals("u-b", b.getMetadata().getUid());
                assertEquals("p-uid", b.getMetadata().getOwnerReferences().getFirst().getUid());
                assertEquals(METADATA_LIST_ACCEPT, server.requests("GET", "/api/v1/configmaps").getFirst().header("Accept"));
                assertEquals(METADATA_ACCEPT, server.requests("WATCH", "/api/v1/configmaps").getFirst().header("Accept"));
            }
        }
    }
}
