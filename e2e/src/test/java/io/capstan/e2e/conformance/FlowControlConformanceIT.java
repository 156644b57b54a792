package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.LocalControlPlane;
import io.capstan.e2e.StorageBackend;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaBuilder;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaCondition;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaConditionBuilder;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaList;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfiguration;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfigurationBuilder;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfigurationCondition;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfigurationConditionBuilder;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfigurationList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of upstream's {@code [sig-api-machinery] API priority and fairness} API-operations
 * conformance tests ({@code test/e2e/apimachinery/flowcontrol.go}, v1.32): discovery of
 * flowcontrol.apiserver.k8s.io/v1 and of the two kinds with their {@code status} subresources, then
 * create, get, list, watch, merge-patch, update, status get/merge-patch/update, delete and delete a
 * collection, on FlowSchemas and on PriorityLevelConfigurations. Later releases also check that the
 * read object has a valid resourceVersion and that a patch raises it; v1.32 does not, so neither does
 * this. The fabric8 client stands in for client-go; a DeleteCollection is one {@code DELETE} on the
 * collection.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class FlowControlConformanceIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GROUP = "flowcontrol.apiserver.k8s.io";
    /** {@code wait.ForeverTestTimeout}. */
    private static final Duration FOREVER_TEST_TIMEOUT = Duration.ofSeconds(30);

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

    /** {@code utilrand.String(n)}: lower-case consonants and digits. */
    private static String randomString(int n) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** client-go's {@code DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: ...})}. */
    private static void deleteCollection(KubernetesClient client, String collectionPath, String labelSelector) {
        client.raw(collectionPath + "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8),
                "DELETE", new DeleteOptions());
    }

    /** The discovery steps both tests share: the group, its v1, and the resource with its status subresource. */
    private static void checkDiscovery(DiscoveryClient discovery, String resource) {
        String version = "v1";
        // getting /apis
        boolean found = false;
        for (DiscoveryClient.Group group : discovery.serverGroups()) {
            if (group.name().equals(GROUP) && group.versions().contains(version)) {
                found = true;
            }
        }
        assertTrue(found, "expected flowcontrol API group/version, got " + discovery.serverGroups());

        // getting /apis/flowcontrol.apiserver.k8s.io
        JsonNode group = discovery.getInto("/apis/" + GROUP);
        found = false;
        for (JsonNode v : group.path("versions")) {
            if (v.path("version").asText().equals(version)) {
                found = true;
                break;
            }
        }
        assertTrue(found, "expected " + resource + " API version, got " + group.path("versions"));

        // getting /apis/flowcontrol.apiserver.k8s.io/v1
        List<String> names = DiscoveryClient.resourceNames(discovery.serverResourcesForGroupVersion(GROUP + "/" + version));
        assertTrue(names.contains(resource), "expected " + resource + ", got " + names);
        assertTrue(names.contains(resource + "/status"), "expected " + resource + "/status, got " + names);
    }

    /** The watch loop both tests share: every event is MODIFIED, until one carries the patched annotation. */
    private static <T extends HasMetadata> void awaitPatchedAnnotation(ResultChan<T> watch) throws InterruptedException {
        for (boolean sawAnnotation = false; !sawAnnotation; ) {
            ResultChan.Event<T> evt = watch.next(FOREVER_TEST_TIMEOUT);
            if (evt == null) {
                fail("timed out waiting for watch event");
            }
            if (evt.type() == null) {
                fail("watch channel should not close: " + evt.closed());
            }
            assertEquals(Watcher.Action.MODIFIED, evt.type());
            Map<String, String> annotations = evt.object().getMetadata().getAnnotations();
            if (annotations != null && "true".equals(annotations.get("patched"))) {
                sawAnnotation = true;
            }
        }
    }

    /** The dynamic client's {@code Get(ctx, name, metav1.GetOptions{}, "status")}: apiVersion, kind and uid. */
    private static void checkStatusRead(KubernetesClient c, String path, String kind, String uid) throws Exception {
        JsonNode statusRead = MAPPER.readTree(c.raw(path + "/status"));
        assertEquals(GROUP + "/v1", statusRead.path("apiVersion").asText());
        assertEquals(kind, statusRead.path("kind").asText());
        assertEquals(uid, statusRead.path("metadata").path("uid").asText());
    }

    @Test
    @DisplayName("[sig-api-machinery] API priority and fairness should support FlowSchema API operations [Conformance]")
    void supportsFlowSchemaApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "apf");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            KubernetesClient c = f.client();
            checkDiscovery(discovery, "flowschemas");

            NonNamespaceOperation<FlowSchema, FlowSchemaList, Resource<FlowSchema>> client = c.flowControl().v1().flowSchema();
            String collection = "/apis/" + GROUP + "/v1/flowschemas";
            String labelKey = "example-e2e-fs-label";
            String labelValue = randomString(8);
            String label = labelKey + "=" + labelValue;
            Supplier<FlowSchema> template = () -> new FlowSchemaBuilder()
                    .withNewMetadata().withGenerateName("e2e-example-fs-").addToLabels(labelKey, labelValue).endMetadata()
                    .withNewSpec().withMatchingPrecedence(10000)
                    .withNewPriorityLevelConfiguration().withName("global-default").endPriorityLevelConfiguration()
                    .withNewDistinguisherMethod().withType("ByUser").endDistinguisherMethod()
                    .addNewRule()
                    .addNewSubject().withKind("User").withNewUser().withName("example-e2e-non-existent-user").endUser().endSubject()
                    .addNewNonResourceRule().withVerbs("*").withNonResourceURLs("*").endNonResourceRule()
                    .endRule().endSpec().build();

            try {
                // creating
                client.resource(template.get()).create();
                client.resource(template.get()).create();
                FlowSchema fsCreated = client.resource(template.get()).create();
                String name = fsCreated.getMetadata().getName();

                // getting
                FlowSchema fsRead = client.withName(name).get();
                assertEquals(fsCreated.getMetadata().getUid(), fsRead.getMetadata().getUid());

                // listing
                FlowSchemaList list = client.withLabelSelector(label).list();
                assertEquals(3, list.getItems().size(), "filtered list should have 3 items");

                // watching
                try (ResultChan<FlowSchema> fsWatch = ResultChan.open(w -> client.watch(new ListOptionsBuilder()
                        .withResourceVersion(list.getMetadata().getResourceVersion()).withLabelSelector(label).build(), w))) {
                    // patching
                    FlowSchema fsPatched = client.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}},\"spec\":{\"matchingPrecedence\":9999}}");
                    assertEquals("true", fsPatched.getMetadata().getAnnotations().get("patched"),
                            "patched object should have the applied annotation");
                    assertEquals(9999, fsPatched.getSpec().getMatchingPrecedence(), "patched object should have the applied spec");

                    // updating
                    FlowSchema fsUpdated = retryOnConflict(() -> {
                        FlowSchema fsToUpdate = client.withName(name).get();
                        fsToUpdate.getMetadata().getAnnotations().put("updated", "true");
                        fsToUpdate.getSpec().setMatchingPrecedence(9000);
                        return client.resource(fsToUpdate).update();
                    });
                    assertEquals("true", fsUpdated.getMetadata().getAnnotations().get("updated"),
                            "updated object should have the applied annotation");
                    assertEquals(9000, fsUpdated.getSpec().getMatchingPrecedence(), "updated object should have the applied spec");

                    // waiting for watch events with expected annotations
                    awaitPatchedAnnotation(fsWatch);
                }

                // getting /status
                checkStatusRead(c, collection + "/" + name, "FlowSchema", fsCreated.getMetadata().getUid());

                // patching /status
                FlowSchema fsStatusPatched = client.withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"conditions\":[{\"type\":\"PatchStatusFailed\",\"status\":\"False\",\"reason\":\"e2e\"}]}}");
                assertNotNull(fsCondition(fsStatusPatched, "PatchStatusFailed"));

                // updating /status
                FlowSchema fsStatusUpdated = retryOnConflict(() -> {
                    FlowSchema fsStatusToUpdate = client.withName(name).get();
                    List<FlowSchemaCondition> conditions = fsStatusToUpdate.getStatus() == null
                            || fsStatusToUpdate.getStatus().getConditions() == null
                            ? new ArrayList<>() : new ArrayList<>(fsStatusToUpdate.getStatus().getConditions());
                    conditions.add(new FlowSchemaConditionBuilder().withType("StatusUpdateFailed").withStatus("False")
                            .withReason("E2E").withMessage("Set from an e2e test").build());
                    fsStatusToUpdate.setStatus(fsStatusToUpdate.getStatus() == null
                            ? new io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaStatus() : fsStatusToUpdate.getStatus());
                    fsStatusToUpdate.getStatus().setConditions(conditions);
                    return client.resource(fsStatusToUpdate).updateStatus();
                });
                assertNotNull(fsCondition(fsStatusUpdated, "StatusUpdateFailed"));

                // deleting
                client.withName(name).delete();
                if (client.withName(name).get() != null) {
                    fail("expected 404, got the FlowSchema " + name);
                }
                assertEquals(2, client.withLabelSelector(label).list().getItems().size(), "filtered list should have 2 items");

                // deleting a collection
                deleteCollection(c, collection, label);
                assertTrue(client.withLabelSelector(label).list().getItems().isEmpty(), "filtered list should have 0 items");
            } finally {
                // DeferCleanup
                deleteCollection(c, collection, label);
            }
        }
    }

    /** {@code apihelpers.GetFlowSchemaConditionByType}. */
    private static FlowSchemaCondition fsCondition(FlowSchema fs, String type) {
        if (fs.getStatus() == null || fs.getStatus().getConditions() == null) {
            return null;
        }
        return fs.getStatus().getConditions().stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
    }

    @Test
    @DisplayName("[sig-api-machinery] API priority and fairness should support PriorityLevelConfiguration API operations [Conformance]")
    void supportsPriorityLevelConfigurationApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "apf");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            KubernetesClient c = f.client();
            checkDiscovery(discovery, "prioritylevelconfigurations");

            NonNamespaceOperation<PriorityLevelConfiguration, PriorityLevelConfigurationList, Resource<PriorityLevelConfiguration>> client =
                    c.flowControl().v1().priorityLevelConfigurations();
            String collection = "/apis/" + GROUP + "/v1/prioritylevelconfigurations";
            String labelKey = "example-e2e-pl-label";
            String labelValue = randomString(8);
            String label = labelKey + "=" + labelValue;
            Supplier<PriorityLevelConfiguration> template = () -> new PriorityLevelConfigurationBuilder()
                    .withNewMetadata().withGenerateName("e2e-example-pl-").addToLabels(labelKey, labelValue).endMetadata()
                    .withNewSpec().withType("Limited").withNewLimited().withNominalConcurrencyShares(2)
                    .withNewLimitResponse().withType("Reject").endLimitResponse().endLimited().endSpec().build();

            try {
                // creating
                client.resource(template.get()).create();
                client.resource(template.get()).create();
                PriorityLevelConfiguration plCreated = client.resource(template.get()).create();
                String name = plCreated.getMetadata().getName();

                // getting
                PriorityLevelConfiguration plRead = client.withName(name).get();
                assertEquals(plCreated.getMetadata().getUid(), plRead.getMetadata().getUid());

                // listing
                PriorityLevelConfigurationList list = client.withLabelSelector(label).list();
                assertEquals(3, list.getItems().size(), "filtered list should have 3 items");

                // watching
                try (ResultChan<PriorityLevelConfiguration> plWatch = ResultChan.open(w -> client.watch(new ListOptionsBuilder()
                        .withResourceVersion(list.getMetadata().getResourceVersion()).withLabelSelector(label).build(), w))) {
                    // patching
                    PriorityLevelConfiguration plPatched = client.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}},\"spec\":{\"limited\":{\"nominalConcurrencyShares\":4}}}");
                    assertEquals("true", plPatched.getMetadata().getAnnotations().get("patched"),
                            "patched object should have the applied annotation");
                    assertEquals(4, plPatched.getSpec().getLimited().getNominalConcurrencyShares(),
                            "patched object should have the applied spec");

                    // updating
                    PriorityLevelConfiguration plUpdated = retryOnConflict(() -> {
                        PriorityLevelConfiguration plToUpdate = client.withName(name).get();
                        plToUpdate.getMetadata().getAnnotations().put("updated", "true");
                        plToUpdate.getSpec().getLimited().setNominalConcurrencyShares(6);
                        return client.resource(plToUpdate).update();
                    });
                    assertEquals("true", plUpdated.getMetadata().getAnnotations().get("updated"),
                            "updated object should have the applied annotation");
                    assertEquals(6, plUpdated.getSpec().getLimited().getNominalConcurrencyShares(),
                            "updated object should have the applied spec");

                    // waiting for watch events with expected annotations
                    awaitPatchedAnnotation(plWatch);
                }

                // getting /status
                checkStatusRead(c, collection + "/" + name, "PriorityLevelConfiguration", plCreated.getMetadata().getUid());

                // patching /status
                PriorityLevelConfiguration plStatusPatched = client.withName(name).subresource("status").patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"conditions\":[{\"type\":\"PatchStatusFailed\",\"status\":\"False\",\"reason\":\"e2e\"}]}}");
                assertNotNull(plCondition(plStatusPatched, "PatchStatusFailed"));

                // updating /status
                PriorityLevelConfiguration plStatusUpdated = retryOnConflict(() -> {
                    PriorityLevelConfiguration plStatusToUpdate = client.withName(name).get();
                    List<PriorityLevelConfigurationCondition> conditions = plStatusToUpdate.getStatus() == null
                            || plStatusToUpdate.getStatus().getConditions() == null
                            ? new ArrayList<>() : new ArrayList<>(plStatusToUpdate.getStatus().getConditions());
                    conditions.add(new PriorityLevelConfigurationConditionBuilder().withType("StatusUpdateFailed")
                            .withStatus("False").withReason("E2E").withMessage("Set from an e2e test").build());
                    plStatusToUpdate.setStatus(plStatusToUpdate.getStatus() == null
                            ? new io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfigurationStatus()
                            : plStatusToUpdate.getStatus());
                    plStatusToUpdate.getStatus().setConditions(conditions);
                    return client.resource(plStatusToUpdate).updateStatus();
                });
                assertNotNull(plCondition(plStatusUpdated, "StatusUpdateFailed"));

                // deleting
                client.withName(name).delete();
                if (client.withName(name).get() != null) {
                    fail("expected 404, got the PriorityLevelConfiguration " + name);
                }
                assertEquals(2, client.withLabelSelector(label).list().getItems().size(), "filtered list should have 2 items");

                // deleting a collection
                deleteCollection(c, collection, label);
                assertTrue(client.withLabelSelector(label).list().getItems().isEmpty(), "filtered list should have 0 items");
            } finally {
                // DeferCleanup
                deleteCollection(c, collection, label);
            }
        }
    }

    /** {@code apihelpers.GetPriorityLevelConfigurationConditionByType}. */
    private static PriorityLevelConfigurationCondition plCondition(PriorityLevelConfiguration pl, String type) {
        if (pl.getStatus() == null || pl.getStatus().getConditions() == null) {
            return null;
        }
        return pl.getStatus().getConditions().stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
    }
}
