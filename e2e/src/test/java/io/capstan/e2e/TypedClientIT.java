package io.capstan.e2e;

import io.capstan.common.api.ConflictException;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.NotFoundException;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.PatchOptions;
import io.capstan.common.client.PatchType;
import io.capstan.common.client.RestClient;
import io.capstan.common.client.TypedList;
import io.capstan.common.client.TypedResource;
import io.capstan.common.client.TypedWatch;
import io.capstan.common.client.TypedWatchEvent;
import io.capstan.common.client.WatchEvent;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * common's typed client over fabric8 models against the whole control plane, through the aggregator:
 * every verb, list pages and {@code resourceVersion=0} lists, typed watch events with bookmarks, every
 * patch type, server-side apply with a conflict and force, the scale and status subresources, delete
 * options and deletecollection.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class TypedClientIT {
    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    private static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    private static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");

    private static String namespace(RestClient client) {
        String name = "e2e-typed-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        Namespace ns = client.typed(NAMESPACES, Namespace.class).create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
        assertEquals(name, ns.getMetadata().getName());
        return name;
    }

    private static ConfigMap configMap(String name, Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withData(data).build();
    }

    private static List<String> names(TypedList<ConfigMap> list) {
        return list.items().stream().map(c -> c.getMetadata().getName()).toList();
    }

    @Test
    void readsPagesAndWatchesAsTypedModels(LocalControlPlane plane) throws Exception {
        try (RestClient client = new RestClient(plane.clientConfig(plane.aggregatorUrl()))) {
            String ns = namespace(client);
            TypedResource<ConfigMap> cms = client.typed(CONFIGMAPS, ConfigMap.class).inNamespace(ns);
            for (String n : List.of("a", "b", "c", "d", "e")) {
                ConfigMap created = cms.create(configMap(n, Map.of("app", "web"), Map.of("k", n)));
                assertFalse(created.getMetadata().getResourceVersion().isEmpty());
                assertNotNull(created.getMetadata().getUid());
            }
            assertEquals("c", cms.get("c").getData().get("k"));
            assertThrows(NotFoundException.class, () -> cms.get("nope"));

            TypedList<ConfigMap> first = cms.list(ListOptions.NONE.withPage(2, ""));
            assertEquals(List.of("a", "b"), names(first));
            assertTrue(first.hasMore());
            TypedList<ConfigMap> second = cms.list(ListOptions.NONE.withPage(2, first.continueToken()));
            assertEquals(List.of("c", "d"), names(second));
            assertEquals(List.of("a", "b", "c", "d", "e"), names(cms.listAll(ListOptions.NONE.withLabelSelector("app=web"), 2)));

            // Upstream's watch cache answers resourceVersion=0 whole: the limit is ignored, no continue token. (The
            // selector leaves out kube-root-ca.crt, which the root CA publisher adds to every namespace.)
            for (String match : List.of("", "NotOlderThan")) {
                TypedList<ConfigMap> any = cms.list(ListOptions.NONE.withResourceVersion("0").withResourceVersionMatch(match)
                        .withLabelSelector("app=web").withPage(2, ""));
                assertEquals(5, any.items().size(), "resourceVersion=0 match=" + match);
                assertFalse(any.hasMore(), "resourceVersion=0 match=" + match);
            }

            TypedList<ConfigMap> at = cms.list(ListOptions.NONE);
            try (TypedWatch<ConfigMap> watch = cms.watch(ListOptions.NONE.withResourceVersion(at.resourceVersion()).withWatch(60, true))) {
                ConfigMap c = cms.get("c");
                c.getData().put("k", "changed");
                ConfigMap updated = cms.update(c);
                TypedWatchEvent<ConfigMap> event = nextNonBookmark(watch);
                assertEquals(WatchEvent.Type.MODIFIED, event.type());
                assertEquals("changed", event.object().getData().get("k"));
                assertEquals(updated.getMetadata().getResourceVersion(), event.resourceVersion());
                cms.delete("e");
                TypedWatchEvent<ConfigMap> deleted = nextNonBookmark(watch);
                assertEquals(WatchEvent.Type.DELETED, deleted.type());
                assertEquals("e", deleted.object().getMetadata().getName());
            }

            ConfigMap stale = cms.get("a");
            ConfigMap fresh = cms.get("a");
            fresh.getData().put("k", "newer");
            cms.update(fresh); // a real change: an unchanged update keeps the resourceVersion, as upstream
            assertThrows(ConflictException.class, () -> cms.update(stale), "a stale resourceVersion is a 409");
        }
    }

    private static TypedWatchEvent<ConfigMap> nextNonBookmark(TypedWatch<ConfigMap> watch) throws Exception {
        while (true) {
            TypedWatchEvent<ConfigMap> e = watch.next();
            assertNotNull(e, "the watch ended early");
            if (e.type() != WatchEvent.Type.BOOKMARK) {
                return e;
            }
        }
    }

    @Test
    void patchesApplyConflictsAndForce(LocalControlPlane plane) {
        try (RestClient client = new RestClient(plane.clientConfig(plane.aggregatorUrl()))) {
            String ns = namespace(client);
            TypedResource<ConfigMap> cms = client.typed(CONFIGMAPS, ConfigMap.class).inNamespace(ns);
            cms.create(configMap("p", Map.of("app", "web"), Map.of("k", "v")));

            cms.patch("p", PatchType.JSON, Json.tree("[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"json\"}]".getBytes()), PatchOptions.NONE);
            cms.patch("p", PatchType.MERGE, Json.tree("{\"data\":{\"m\":\"merge\"}}".getBytes()), PatchOptions.NONE);
            ConfigMap patched = cms.patch("p", PatchType.STRATEGIC, Json.tree("{\"metadata\":{\"labels\":{\"s\":\"strategic\"}}}".getBytes()), PatchOptions.NONE);
            assertEquals(Map.of("k", "v", "j", "json", "m", "merge"), patched.getData());
            assertEquals("strategic", patched.getMetadata().getLabels().get("s"));
            ConfigMap dry = cms.patch("p", PatchType.MERGE, Json.tree("{\"data\":{\"k\":\"dry\"}}".getBytes()), new PatchOptions("", false, true));
            assertEquals("dry", dry.getData().get("k"));
            assertEquals("v", cms.get("p").getData().get("k"), "a dry run stores nothing");

            ConfigMap applied = cms.apply(configMap("owned", Map.of(), Map.of("key", "from-a")), "manager-a", false);
            assertEquals("from-a", applied.getData().get("key"));
            ConflictException conflict = assertThrows(ConflictException.class,
                    () -> cms.apply(configMap("owned", Map.of(), Map.of("key", "from-b")), "manager-b", false));
            assertEquals(409, conflict.code());
            assertTrue(conflict.getMessage().contains("conflict with \"manager-a\""), conflict.getMessage());
            assertEquals("from-a", cms.get("owned").getData().get("key"));

            ConfigMap forced = cms.apply(configMap("owned", Map.of(), Map.of("key", "from-b")), "manager-b", true);
            assertEquals("from-b", forced.getData().get("key"));
            List<String> managers = new ArrayList<>();
            for (ManagedFieldsEntry e : forced.getMetadata().getManagedFields()) {
                if ("Apply".equals(e.getOperation())) {
                    managers.add(e.getManager());
                }
            }
            assertTrue(managers.contains("manager-b"), "manager-b owns the field now: " + managers);
        }
    }

    @Test
    void subresourcesDeleteOptionsAndDeleteCollection(LocalControlPlane plane) throws Exception {
        try (RestClient client = new RestClient(plane.clientConfig(plane.aggregatorUrl()))) {
            String ns = namespace(client);
            TypedResource<Deployment> deployments = client.typed(DEPLOYMENTS, Deployment.class).inNamespace(ns);
            deployments.create(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().endTemplate()
                    .endSpec().build());
            Scale scale = deployments.getScale("web");
            assertEquals(1, scale.getSpec().getReplicas());
            scale.getSpec().setReplicas(3);
            assertEquals(3, deployments.updateScale("web", scale).getSpec().getReplicas());
            assertEquals(3, deployments.get("web").getSpec().getReplicas());
            assertEquals(4, deployments.patchScale("web", PatchType.MERGE, Json.tree("{\"spec\":{\"replicas\":4}}".getBytes()), PatchOptions.NONE)
                    .getSpec().getReplicas());

            Deployment d = deployments.get("web");
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(4).build());
            d.getSpec().setReplicas(9); // ignored by the status subresource
            Deployment withStatus = deployments.updateStatus(d);
            assertEquals(4, withStatus.getStatus().getReplicas());
            assertEquals(4, withStatus.getSpec().getReplicas());

            TypedResource<ConfigMap> cms = client.typed(CONFIGMAPS, ConfigMap.class).inNamespace(ns);
            ConfigMap target = cms.create(configMap("target", Map.of(), Map.of()));
            ConflictException wrongUid = assertThrows(ConflictException.class, () -> cms.delete("target",
                    new DeleteOptionsBuilder().withNewPreconditions().withUid("not-" + target.getMetadata().getUid()).endPreconditions().build()));
            assertEquals(409, wrongUid.code());
            cms.delete("target", new DeleteOptionsBuilder().withDryRun("All").build());
            assertEquals(target.getMetadata().getUid(), cms.get("target").getMetadata().getUid(), "a dry-run delete keeps the object");
            ConfigMap held = cms.delete("target", new DeleteOptionsBuilder().withPropagationPolicy("Foreground")
                    .withNewPreconditions().withUid(target.getMetadata().getUid()).endPreconditions().build()).orElseThrow();
            assertNotNull(held.getMetadata().getDeletionTimestamp(), "foreground deletion marks the object first");
            assertTrue(held.getMetadata().getFinalizers().contains("foregroundDeletion"), held.getMetadata().getFinalizers().toString());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (true) {
                try {
                    cms.get("target");
                } catch (NotFoundException gone) {
                    break;
                }
                assertTrue(Instant.now().isBefore(deadline), "the garbage collector finishes the foreground deletion");
                Thread.sleep(200);
            }

            for (String n : List.of("x1", "x2", "keep")) {
                cms.create(configMap(n, Map.of("tier", n.equals("keep") ? "keep" : "drop"), Map.of()));
            }
            TypedList<ConfigMap> dropped = cms.deleteCollection(new DeleteOptionsBuilder().withPropagationPolicy("Background").build(),
                    ListOptions.NONE.withLabelSelector("tier=drop"));
            assertEquals(List.of("x1", "x2"), names(dropped));
            assertEquals(List.of("keep"), names(cms.list(ListOptions.NONE.withLabelSelector("tier"))));
        }
    }
}
