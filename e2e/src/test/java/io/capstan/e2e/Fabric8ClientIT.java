package io.capstan.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fabric8 Kubernetes client, an outside reference, against the front door: CRUD, label
 * selection, conflicts, and an informer (which first tries a WebSocket watch and must fall back to
 * a streaming HTTP watch).
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class Fabric8ClientIT {

    @Test
    void crudSelectorsConflictsAndAnInformer(LocalControlPlane plane) throws Exception {
        Config config = plane.fabric8Config(plane.aggregatorUrl()).withHttp2Disable(true)
                .withRequestTimeout(30_000).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fabric8").endMetadata().build()).create();

            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            // The root CA publisher puts kube-root-ca.crt in every namespace, as upstream's does: not this test's object.
            java.util.function.Predicate<ConfigMap> ours = cm -> !cm.getMetadata().getName().equals("kube-root-ca.crt");
            SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("fabric8").inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap obj) {
                    if (ours.test(obj)) {
                        events.add("add " + obj.getMetadata().getName());
                    }
                }

                @Override
                public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                    if (ours.test(newObj) && !oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                        events.add("update " + newObj.getMetadata().getName() + " " + newObj.getData().get("k"));
                    }
                }

                @Override
                public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                    if (ours.test(obj)) {
                        events.add("delete " + obj.getMetadata().getName());
                    }
                }
            }, 0);
            informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);

            ConfigMap created = client.configMaps().inNamespace("fabric8").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("one").addToLabels("app", "x").endMetadata()
                    .withData(Map.of("k", "v1")).build()).create();
            assertNotNull(created.getMetadata().getUid());
            assertEquals("add one", events.poll(10, TimeUnit.SECONDS));

            client.configMaps().inNamespace("fabric8").withName("one").edit(cm -> new ConfigMapBuilder(cm).addToData("k", "v2").build());
            assertEquals("update one v2", events.poll(10, TimeUnit.SECONDS));

            List<ConfigMap> selected = client.configMaps().inNamespace("fabric8").withLabel("app", "x").list().getItems();
            assertEquals(1, selected.size());
            assertEquals(0, client.configMaps().inNamespace("fabric8").withLabel("app", "y").list().getItems().size());

            KubernetesClientException conflict = assertThrows(KubernetesClientException.class, () ->
                    client.configMaps().inNamespace("fabric8").resource(created).update());
            assertEquals(409, conflict.getCode(), "an update with a stale resourceVersion is a conflict");

            client.configMaps().inNamespace("fabric8").withName("one").delete();
            assertEquals("delete one", events.poll(10, TimeUnit.SECONDS));
            assertNull(client.configMaps().inNamespace("fabric8").withName("one").get());
            informer.close();
        }
    }
}
