package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.LocalControlPlane;
import io.capstan.e2e.StorageBackend;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Java twins of single upstream {@code [sig-api-machinery]} conformance tests that each need a whole
 * file of their own upstream: the custom resource watch ({@code test/e2e/apimachinery/crd_watch.go}, with
 * the {@code apiextensions-apiserver/test/integration/fixtures} it uses) and the Table request to a
 * backend without metadata ({@code test/e2e/apimachinery/table_conversion.go}), v1.32.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class ApiMachineryConformanceIT {
    private static final ResourceDefinitionContext NOXUS = new ResourceDefinitionContext.Builder()
            .withGroup("mygroup.example.com").withVersion("v1beta1").withPlural("noxus")
            .withKind("WishIHadChosenNoxu").withNamespaced(false).build();

    /** The fixtures' {@code NewNoxuV1CustomResourceDefinition(ClusterScoped)}, with {@code AllowAllSchema()}. */
    private static CustomResourceDefinition noxuDefinition() {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName("noxus.mygroup.example.com").endMetadata()
                .withNewSpec().withGroup("mygroup.example.com").withScope("Cluster")
                .addNewVersion().withName("v1beta1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build()).endSchema().endVersion()
                .withNewNames().withPlural("noxus").withSingular("nonenglishnoxu").withKind("WishIHadChosenNoxu")
                .withShortNames("foo", "bar", "abc", "def").withListKind("NoxuItemList").withCategories("all").endNames()
                .endSpec().build();
    }

    /** The fixtures' {@code NewNoxuInstance}: {@code num1} is the largest int64, which must survive exactly. */
    private static GenericKubernetesResource noxuInstance(String name) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("mygroup.example.com/v1beta1");
        r.setKind("WishIHadChosenNoxu");
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        r.setAdditionalProperty("content", Map.of("key", "value"));
        Map<String, Object> num = new LinkedHashMap<>();
        num.put("num1", Long.MAX_VALUE);
        num.put("num2", 1000000);
        r.setAdditionalProperty("num", num);
        return r;
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> noxus(KubernetesClient c) {
        return c.genericKubernetesResources(NOXUS);
    }

    private static boolean inDiscovery(KubernetesClient c) {
        try {
            APIResourceList resources = c.getApiResources("mygroup.example.com/v1beta1");
            return resources != null && resources.getResources().stream().anyMatch(r -> r.getName().equals("noxus"));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void poll(Duration timeout, String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    /**
     * The fixtures' {@code isWatchCachePrimed}: create and delete a setup instance, then a watch from the
     * create's resource version must first see the DELETE (an ERROR event means "not yet, try again").
     */
    private static boolean watchCachePrimed(KubernetesClient c) {
        GenericKubernetesResource setup = new GenericKubernetesResource();
        setup.setApiVersion("mygroup.example.com/v1beta1");
        setup.setKind("WishIHadChosenNoxu");
        setup.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("setup-instance").build());
        setup.setAdditionalProperty("alpha", "foo_123");
        setup.setAdditionalProperty("beta", 10);
        setup.setAdditionalProperty("gamma", "bar");
        setup.setAdditionalProperty("delta", "hello");
        setup.setAdditionalProperty("epsilon", "foobar");
        setup.setAdditionalProperty("spec", Map.of());
        GenericKubernetesResource created = noxus(c).resource(setup).create();
        noxus(c).withName(created.getMetadata().getName()).delete();
        ListOptions from = new ListOptionsBuilder().withResourceVersion(created.getMetadata().getResourceVersion()).build();
        try (EventChannel<GenericKubernetesResource> w = EventChannel.open(x -> noxus(c).watch(from, x))) {
            EventChannel.Event<GenericKubernetesResource> first = w.poll(Duration.ofSeconds(5));
            if (first == null) {
                throw new AssertionError("gave up waiting for watch event");
            }
            if (first.closed() != null) {
                return false; // upstream: an ERROR event, try again
            }
            if (first.type() != Action.DELETED) {
                throw new AssertionError("expected DELETE, but got " + first);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Upstream's {@code watchCRWithName}: a watch selecting one name, with a 600 s timeout. */
    private static EventChannel<GenericKubernetesResource> watchCRWithName(KubernetesClient c, String name) {
        ListOptions options = new ListOptionsBuilder().withFieldSelector("metadata.name=" + name).withTimeoutSeconds(600L).build();
        return EventChannel.open(w -> noxus(c).watch(options, w));
    }

    /** Upstream's {@code instantiateCustomResource}: the created object has a UID, the served apiVersion and the kind. */
    private static GenericKubernetesResource instantiate(KubernetesClient c, GenericKubernetesResource r) {
        GenericKubernetesResource created = noxus(c).resource(r).create();
        assertFalse(created.getMetadata().getUid() == null || created.getMetadata().getUid().isEmpty(), "missing uuid: " + created);
        assertEquals("mygroup.example.com/v1beta1", created.getApiVersion());
        assertEquals("WishIHadChosenNoxu", created.getKind());
        return created;
    }

    private static void patchCustomResource(KubernetesClient c, String name) {
        noxus(c).withName(name).patch(PatchContext.of(PatchType.JSON), "[{ \"op\": \"add\", \"path\": \"/dummy\", \"value\": \"test\" }]");
    }

    @Test
    @DisplayName("[sig-api-machinery] CustomResourceDefinition Watch [Privileged:ClusterAdmin] CustomResourceDefinition Watch watch on custom resource definition objects [Conformance]")
    void watchOnCustomResourceDefinitionObjects(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "crd-watch")) {
            KubernetesClient c = f.client();
            // fixtures.CreateNewV1CustomResourceDefinition: create, wait for discovery, prime the watch cache
            CustomResourceDefinition crd = c.apiextensions().v1().customResourceDefinitions().resource(noxuDefinition()).create();
            try {
                poll(Duration.ofSeconds(30), "noxus in discovery", () -> inDiscovery(c));
                poll(Duration.ofSeconds(30), "the noxus watch cache", () -> watchCachePrimed(c));

                try (EventChannel<GenericKubernetesResource> watchA = watchCRWithName(c, "name1");
                     EventChannel<GenericKubernetesResource> watchB = watchCRWithName(c, "name2")) {
                    // Creating first CR
                    GenericKubernetesResource a = instantiate(c, noxuInstance("name1"));
                    watchA.expectEvent(Action.ADDED, a);
                    watchB.expectNoEvent(Action.ADDED, a);

                    // Creating second CR
                    GenericKubernetesResource b = instantiate(c, noxuInstance("name2"));
                    watchB.expectEvent(Action.ADDED, b);
                    watchA.expectNoEvent(Action.ADDED, b);

                    // Modifying first CR, then the second
                    patchCustomResource(c, "name1");
                    watchA.expectEvent(Action.MODIFIED, null);
                    watchB.expectNoEvent(Action.MODIFIED, null);
                    patchCustomResource(c, "name2");
                    watchB.expectEvent(Action.MODIFIED, null);
                    watchA.expectNoEvent(Action.MODIFIED, null);

                    // Deleting first CR, then the second
                    noxus(c).withName("name1").delete();
                    watchA.expectEvent(Action.DELETED, null);
                    watchB.expectNoEvent(Action.DELETED, null);
                    noxus(c).withName("name2").delete();
                    watchB.expectEvent(Action.DELETED, null);
                    watchA.expectNoEvent(Action.DELETED, null);
                }
            } finally {
                // fixtures.DeleteV1CustomResourceDefinition: delete, wait until gone from discovery
                c.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).delete();
                poll(Duration.ofSeconds(30), "noxus gone from discovery", () -> !inDiscovery(c));
            }
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Servers with support for Table transformation should return a 406 for a backend which does not implement metadata [Conformance]")
    void tableForABackendWithoutMetadataIs406(LocalControlPlane plane) throws Exception {
        // A SelfSubjectAccessReview posted with a Table Accept header: the review is not an object with
        // metadata, so the server cannot render it as a Table.
        String sar = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                + "\"spec\":{\"nonResourceAttributes\":{\"path\":\"/\",\"verb\":\"get\"}}}";
        HttpResponse<String> response;
        try (HttpClient http = plane.httpClient()) {
            response = http.send(HttpRequest.newBuilder(
                        URI.create(plane.aggregatorUrl() + "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                        .POST(HttpRequest.BodyPublishers.ofString(sar)).build(),
                HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(406, response.statusCode(), response.body());
        assertEquals(406, io.capstan.common.json.Json.MAPPER.readTree(response.body()).path("code").asInt(),
                "the error is a Status with code 406: " + response.body());
    }
}
