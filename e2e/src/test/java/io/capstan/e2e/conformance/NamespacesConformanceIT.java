package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.LocalControlPlane;
import io.capstan.e2e.StorageBackend;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java twins of upstream's {@code [sig-api-machinery] Namespaces [Serial]} conformance tests that need no
 * kubelet ({@code test/e2e/apimachinery/namespace.go}, v1.32): a namespace's services go with it, a
 * strategic-merge patch, the status subresource (read, merge-patch, update), an update, and a finalizer
 * added and removed through the {@code finalize} subresource. The pods test needs a Running pod (tier B).
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class NamespacesConformanceIT {

    /** client-go's {@code retry.RetryOnConflict(retry.DefaultRetry, ...)}: up to five tries while the server says 409. */
    private static <T> T retryOnConflict(Supplier<T> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || i >= 5) {
                    throw e;
                }
            }
        }
    }

    private static void pollUntilGone(KubernetesClient c, String ns, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (c.namespaces().withName(ns).get() != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("namespace " + ns + " was not removed within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(1000);
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Namespaces [Serial] should ensure that all services are removed when a namespace is deleted [Conformance]")
    void servicesAreRemovedWithTheirNamespace(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "namespaces")) {
            KubernetesClient c = f.client();
            // Creating a test namespace, waiting for its default service account
            try (Framework test = Framework.create(plane, "nsdeletetest")) {
                String ns = test.namespace();
                // Creating a service in the namespace
                var service = c.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("test-service").endMetadata()
                        .withNewSpec().withSelector(Map.of("foo", "bar", "baz", "blah"))
                        .addNewPort().withPort(80).withTargetPort(new IntOrString(80)).endPort().endSpec().build()).create();

                // Deleting the namespace, waiting for it to be removed
                c.namespaces().withName(ns).delete();
                pollUntilGone(c, ns, Duration.ofSeconds(60));

                // Recreating the namespace; verifying there is no service in it
                c.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
                assertNull(c.services().inNamespace(ns).withName(service.getMetadata().getName()).get(),
                        "the service went with its namespace");
            }
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Namespaces [Serial] should patch a Namespace [Conformance]")
    void patchesANamespace(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "namespaces");
             Framework test = Framework.create(plane, "nspatchtest-" + UUID.randomUUID())) {
            KubernetesClient c = f.client();
            String name = test.namespace();
            Namespace ns = c.namespaces().withName(name).get();
            Namespace patched = c.namespaces().withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"metadata\":{\"labels\":{\"testLabel\":\"testValue\"}}}");
            assertTrue(Long.parseLong(ns.getMetadata().getResourceVersion()) < Long.parseLong(patched.getMetadata().getResourceVersion()),
                    "patched object should have a larger resource version");
            assertEquals("testValue", c.namespaces().withName(name).get().getMetadata().getLabels().get("testLabel"), "namespace not patched");
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Namespaces [Serial] should apply changes to a namespace status [Conformance]")
    void appliesChangesToANamespaceStatus(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "namespaces")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            String statusPath = "/api/v1/namespaces/" + ns + "/status";

            // Read namespace status
            Namespace status = Serialization.unmarshal(c.raw(statusPath), Namespace.class);
            assertEquals("Active", status.getStatus().getPhase(), "The phase returned was " + status.getStatus().getPhase());

            // Patch namespace status
            NamespaceCondition condition = new NamespaceConditionBuilder().withType("StatusPatch").withStatus("True")
                    .withReason("E2E").withMessage("Patched by an e2e test").build();
            Namespace patched = c.namespaces().withName(ns).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"e2e-patched-ns-status\":\"" + ns + "\"}},\"status\":{\"conditions\":["
                            + Serialization.asJson(condition) + "]}}");
            assertEquals(ns, patched.getMetadata().getAnnotations().get("e2e-patched-ns-status"), "patched object should have the applied annotation");
            List<NamespaceCondition> conditions = patched.getStatus().getConditions();
            assertEquals("E2E", conditions.getLast().getReason());
            assertEquals("Patched by an e2e test", conditions.getLast().getMessage());

            // Update namespace status
            Namespace updated = retryOnConflict(() -> {
                Namespace toUpdate = Serialization.unmarshal(c.raw(statusPath), Namespace.class);
                List<NamespaceCondition> all = new ArrayList<>(toUpdate.getStatus().getConditions());
                all.add(new NamespaceConditionBuilder().withType("StatusUpdate").withStatus("True")
                        .withReason("E2E").withMessage("Updated by an e2e test").build());
                toUpdate.getStatus().setConditions(all);
                return c.namespaces().resource(toUpdate).updateStatus();
            });
            assertEquals("StatusUpdate", updated.getStatus().getConditions().getLast().getType(), "updated object should have the approved condition");
            assertEquals("Updated by an e2e test", updated.getStatus().getConditions().getLast().getMessage());
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Namespaces [Serial] should apply an update to a Namespace [Conformance]")
    void appliesAnUpdateToANamespace(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "namespaces")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            Namespace updated = retryOnConflict(() -> {
                Namespace current = c.namespaces().withName(ns).get();
                current.getMetadata().getLabels().put(ns, "updated");
                return c.namespaces().resource(current).update();
            });
            assertEquals("updated", updated.getMetadata().getLabels().get(ns), "Failed to update namespace " + ns);
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Namespaces [Serial] should apply a finalizer to a Namespace [Conformance]")
    void appliesAFinalizerToANamespace(LocalControlPlane plane) throws Exception {
        String fake = "e2e.example.com/fakeFinalizer";
        try (Framework f = Framework.create(plane, "namespaces");
             Framework test = Framework.create(plane, "e2e-ns-" + UUID.randomUUID().toString().substring(0, 5))) {
            KubernetesClient c = f.client();
            String ns = test.namespace();

            // Adding e2e finalizer to the namespace
            Namespace added = retryOnConflict(() -> {
                Namespace current = c.namespaces().withName(ns).get();
                List<String> finalizers = new ArrayList<>(current.getSpec().getFinalizers());
                finalizers.add(fake);
                current.getSpec().setFinalizers(finalizers);
                return c.namespaces().resource(current).subresource("finalize").update();
            });
            assertTrue(added.getSpec().getFinalizers().contains(fake), "Finalizer " + fake + " was not found: " + added.getSpec().getFinalizers());

            // Removing e2e finalizer from the namespace
            Namespace removed = retryOnConflict(() -> {
                Namespace current = c.namespaces().withName(ns).get();
                current.getSpec().setFinalizers(current.getSpec().getFinalizers().stream().filter(x -> !x.equals(fake)).toList());
                return c.namespaces().resource(current).subresource("finalize").update();
            });
            assertFalse(removed.getSpec().getFinalizers().contains(fake), "Finalizer " + fake + " was found: " + removed.getSpec().getFinalizers());
        }
    }
}
