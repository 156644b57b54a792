package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.LocalControlPlane;
import io.capstan.e2e.StorageBackend;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountList;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of upstream's API-only {@code [sig-auth]} conformance tests, v1.32:
 * <ul>
 *     <li>{@code test/e2e/auth/certificates.go}: CSR API operations, with the {@code approval} and
 *     {@code status} subresources;</li>
 *     <li>{@code test/e2e/auth/service_accounts.go}: opting out of API token automount (it looks only at
 *     the created pods' volume mounts, which the ServiceAccount admission plugin adds), kube-root-ca.crt in
 *     every namespace (created, recreated when deleted, reconciled when modified), a ServiceAccount's
 *     lifecycle, and an update of a ServiceAccount;</li>
 *     <li>{@code test/e2e/auth/subjectreviews.go}: a SubjectAccessReview and a LocalSubjectAccessReview
 *     agree with what an impersonated ServiceAccount may actually do.</li>
 * </ul>
 * The fabric8 client stands in for client-go; a DeleteCollection is one {@code DELETE} on the collection,
 * and an impersonated request is a raw request with client-go's {@code Impersonate-*} headers (fabric8
 * cannot impersonate a UID).
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class AuthApiConformanceIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@code imageutils.GetE2EImage(imageutils.Agnhost)} in v1.32. */
    private static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
    /** {@code serviceaccount.DefaultAPITokenMountPath}. */
    private static final String DEFAULT_API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String ROOT_CA_CONFIG_MAP_NAME = "kube-root-ca.crt";
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

    /** {@code wait.Poll(interval, timeout, condition)} ({@code immediate}: {@code wait.PollImmediate}). */
    private static void poll(Duration interval, Duration timeout, boolean immediate, BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!immediate) {
            Thread.sleep(interval);
        }
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": timed out waiting for the condition");
            }
            Thread.sleep(interval);
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

    /** client-go's {@code DeleteCollection(ctx, metav1.DeleteOptions{}, listOptions)}: one DELETE on the collection. */
    private static void deleteCollection(KubernetesClient client, String collectionPath, String query) {
        client.raw(collectionPath + (query.isEmpty() ? "" : "?" + query), "DELETE", new DeleteOptions());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- certificates.go

    @Test
    @DisplayName("[sig-auth] Certificates API [Privileged:ClusterAdmin] should support CSR API operations [Conformance]")
    void supportsCsrApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "certificates");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            KubernetesClient c = f.client();
            // Setup
            String csrVersion = "v1";
            var csrClient = c.certificates().v1().certificateSigningRequests();
            String csrPath = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

            var pk = TestCertificates.newPrivateKey();
            byte[] csrData = TestCertificates.makeCsr(pk, "e2e.example.com", List.of("e2e.example.com"));
            byte[] certificateData = TestCertificates.generateSelfSignedCert("e2e.example.com", List.of("e2e.example.com"));
            String certificateDataJson = MAPPER.writeValueAsString(Base64.getEncoder().encodeToString(certificateData));

            // f.UniqueName is the test namespace's name
            String signerName = "example.com/e2e-" + f.namespace();
            int expirationSeconds = 3600; // csr.DurationToExpirationSeconds(time.Hour)
            Supplier<CertificateSigningRequest> csrTemplate = () -> new CertificateSigningRequestBuilder()
                    .withNewMetadata().withGenerateName("e2e-example-csr-").endMetadata()
                    .withNewSpec().withRequest(Base64.getEncoder().encodeToString(csrData)).withSignerName(signerName)
                    .withExpirationSeconds(expirationSeconds)
                    .withUsages("digital signature", "key encipherment", "server auth").endSpec().build();

            // Discovery

            // getting /apis
            {
                boolean found = false;
                for (DiscoveryClient.Group group : discovery.serverGroups()) {
                    if (group.name().equals("certificates.k8s.io") && group.versions().contains(csrVersion)) {
                        found = true;
                    }
                }
                assertTrue(found, "expected certificates API group/version, got " + discovery.serverGroups());
            }
            // getting /apis/certificates.k8s.io
            {
                JsonNode group = discovery.getInto("/apis/certificates.k8s.io");
                boolean found = false;
                for (JsonNode version : group.path("versions")) {
                    if (version.path("version").asText().equals(csrVersion)) {
                        found = true;
                        break;
                    }
                }
                assertTrue(found, "expected certificates API version, got " + group.path("versions"));
            }
            // getting /apis/certificates.k8s.io/v1
            {
                JsonNode resources = discovery.serverResourcesForGroupVersion("certificates.k8s.io/v1");
                List<String> names = DiscoveryClient.resourceNames(resources);
                assertTrue(names.contains("certificatesigningrequests"), "expected certificatesigningrequests, got " + names);
                assertTrue(names.contains("certificatesigningrequests/approval"),
                        "expected certificatesigningrequests/approval, got " + names);
                assertTrue(names.contains("certificatesigningrequests/status"),
                        "expected certificatesigningrequests/status, got " + names);
            }

            // Main resource create/read/update/watch operations

            // creating
            csrClient.resource(csrTemplate.get()).create();
            csrClient.resource(csrTemplate.get()).create();
            CertificateSigningRequest createdCsr = csrClient.resource(csrTemplate.get()).create();
            String name = createdCsr.getMetadata().getName();

            // getting
            CertificateSigningRequest gottenCsr = csrClient.withName(name).get();
            assertEquals(createdCsr.getMetadata().getUid(), gottenCsr.getMetadata().getUid());
            assertEquals(expirationSeconds, gottenCsr.getSpec().getExpirationSeconds());

            // listing
            CertificateSigningRequestList csrs = csrClient.withField("spec.signerName", signerName).list();
            assertEquals(3, csrs.getItems().size(), "filtered list should have 3 items");

            // watching
            try (ResultChan<CertificateSigningRequest> csrWatch = ResultChan.open(w -> csrClient.watch(new ListOptionsBuilder()
                    .withResourceVersion(csrs.getMetadata().getResourceVersion())
                    .withFieldSelector("metadata.name=" + name).build(), w))) {

                // patching
                CertificateSigningRequest patchedCsr = csrClient.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
                assertEquals("true", annotation(patchedCsr, "patched"), "patched object should have the applied annotation");

                // updating
                CertificateSigningRequest csrToUpdate = patchedCsr.toBuilder().build();
                csrToUpdate.getMetadata().getAnnotations().put("updated", "true");
                CertificateSigningRequest updatedCsr = csrClient.resource(csrToUpdate).update();
                assertEquals("true", annotation(updatedCsr, "updated"), "updated object should have the applied annotation");

                // waiting for watch events with expected annotations
                for (boolean sawAnnotations = false; !sawAnnotations; ) {
                    ResultChan.Event<CertificateSigningRequest> evt = csrWatch.next(FOREVER_TEST_TIMEOUT);
                    if (evt == null) {
                        fail("timed out waiting for watch event");
                    }
                    if (evt.type() == null) {
                        fail("watch channel should not close: " + evt.closed());
                    }
                    assertEquals(Watcher.Action.MODIFIED, evt.type());
                    if ("true".equals(annotation(evt.object(), "patched"))) {
                        sawAnnotations = true;
                    }
                }
            }

            // /approval subresource operations

            // getting /approval
            JsonNode gottenApproval = MAPPER.readTree(c.raw(csrPath + "/" + name + "/approval"));
            assertEquals("certificates.k8s.io/v1", gottenApproval.path("apiVersion").asText());
            assertEquals("CertificateSigningRequest", gottenApproval.path("kind").asText());
            assertEquals(createdCsr.getMetadata().getUid(), gottenApproval.path("metadata").path("uid").asText());

            // patching /approval
            CertificateSigningRequest patchedApproval = csrClient.withName(name).subresource("approval").patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"patchedapproval\":\"true\"}},\"status\":{\"conditions\":[{\"type\":\"ApprovalPatch\",\"status\":\"True\",\"reason\":\"e2e\"}]}}");
            List<CertificateSigningRequestCondition> conditions = patchedApproval.getStatus().getConditions();
            assertEquals(1, conditions.size(), "patched object should have the applied condition");
            assertEquals("ApprovalPatch", conditions.getFirst().getType(),
                    "patched object should have the applied condition, got " + conditions);
            assertEquals("true", annotation(patchedApproval, "patchedapproval"), "patched object should have the applied annotation");

            // updating /approval
            CertificateSigningRequest approvalToUpdate = patchedApproval.toBuilder().build();
            List<CertificateSigningRequestCondition> withApproved = new ArrayList<>(approvalToUpdate.getStatus().getConditions());
            withApproved.add(new CertificateSigningRequestConditionBuilder().withType("Approved").withStatus("True")
                    .withReason("E2E").withMessage("Set from an e2e test").build());
            approvalToUpdate.getStatus().setConditions(withApproved);
            CertificateSigningRequest updatedApproval = csrClient.resource(approvalToUpdate).subresource("approval").update();
            assertEquals(2, updatedApproval.getStatus().getConditions().size(),
                    "updated object should have the applied condition, got " + updatedApproval.getStatus().getConditions());
            assertEquals("Approved", updatedApproval.getStatus().getConditions().get(1).getType(),
                    "updated object should have the approved condition, got " + updatedApproval.getStatus().getConditions());

            // /status subresource operations

            // getting /status
            JsonNode gottenStatus = MAPPER.readTree(c.raw(csrPath + "/" + name + "/status"));
            assertEquals("certificates.k8s.io/v1", gottenStatus.path("apiVersion").asText());
            assertEquals("CertificateSigningRequest", gottenStatus.path("kind").asText());
            assertEquals(createdCsr.getMetadata().getUid(), gottenStatus.path("metadata").path("uid").asText());

            // patching /status
            CertificateSigningRequest patchedStatus = csrClient.withName(name).subresource("status").patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"patchedstatus\":\"true\"}},\"status\":{\"certificate\":" + certificateDataJson + "}}");
            assertArrayEquals(certificateData, Base64.getDecoder().decode(patchedStatus.getStatus().getCertificate()),
                    "patched object should have the applied certificate");
            assertEquals("true", annotation(patchedStatus, "patchedstatus"), "patched object should have the applied annotation");

            // updating /status
            CertificateSigningRequest statusToUpdate = patchedStatus.toBuilder().build();
            List<CertificateSigningRequestCondition> withStatusUpdate = new ArrayList<>(statusToUpdate.getStatus().getConditions());
            withStatusUpdate.add(new CertificateSigningRequestConditionBuilder().withType("StatusUpdate").withStatus("True")
                    .withReason("E2E").withMessage("Set from an e2e test").build());
            statusToUpdate.getStatus().setConditions(withStatusUpdate);
            CertificateSigningRequest updatedStatus = csrClient.resource(statusToUpdate).updateStatus();
            List<CertificateSigningRequestCondition> updatedConditions = updatedStatus.getStatus().getConditions();
            assertEquals(withStatusUpdate.size(), updatedConditions.size(),
                    "updated object should have the applied condition, got " + updatedConditions);
            assertEquals("StatusUpdate", updatedConditions.getLast().getType(),
                    "updated object should have the approved condition, got " + updatedConditions);

            // main resource delete operations

            // deleting
            csrClient.withName(name).delete();
            if (csrClient.withName(name).get() != null) {
                fail("expected 404, got the CSR " + name);
            }
            CertificateSigningRequestList afterDelete = csrClient.withField("spec.signerName", signerName).list();
            assertEquals(2, afterDelete.getItems().size(), "filtered list should have 2 items");

            // deleting a collection
            deleteCollection(c, csrPath, "fieldSelector=" + encode("spec.signerName=" + signerName));
            CertificateSigningRequestList afterDeleteCollection = csrClient.withField("spec.signerName", signerName).list();
            assertTrue(afterDeleteCollection.getItems().isEmpty(), "filtered list should have 0 items");
        }
    }

    private static String annotation(io.fabric8.kubernetes.api.model.HasMetadata o, String key) {
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    // ---------------------------------------------------------------- service_accounts.go

    @Test
    @DisplayName("[sig-auth] ServiceAccounts should allow opting out of API token automount [Conformance]")
    void allowsOptingOutOfApiTokenAutomount(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "svcaccounts")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            ServiceAccount mountSa = c.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName("mount").endMetadata().withAutomountServiceAccountToken(true).build()).create();
            ServiceAccount nomountSa = c.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName("nomount").endMetadata().withAutomountServiceAccountToken(false).build()).create();

            record TestCase(String podName, String serviceAccountName, Boolean automountPodSpec, boolean expectTokenVolume) {
            }
            List<TestCase> testcases = List.of(
                    new TestCase("pod-service-account-defaultsa", "default", null, true), // default is true
                    new TestCase("pod-service-account-mountsa", mountSa.getMetadata().getName(), null, true),
                    new TestCase("pod-service-account-nomountsa", nomountSa.getMetadata().getName(), null, false),
                    // Make sure pod spec trumps when opting in
                    new TestCase("pod-service-account-defaultsa-mountspec", "default", true, true),
                    new TestCase("pod-service-account-mountsa-mountspec", mountSa.getMetadata().getName(), true, true),
                    new TestCase("pod-service-account-nomountsa-mountspec", nomountSa.getMetadata().getName(), true, true), // pod spec trumps
                    // Make sure pod spec trumps when opting out
                    new TestCase("pod-service-account-defaultsa-nomountspec", "default", false, false), // pod spec trumps
                    new TestCase("pod-service-account-mountsa-nomountspec", mountSa.getMetadata().getName(), false, false), // pod spec trumps
                    new TestCase("pod-service-account-nomountsa-nomountspec", nomountSa.getMetadata().getName(), false, false)); // pod spec trumps

            for (TestCase tc : testcases) {
                Pod pod = new PodBuilder().withNewMetadata().withName(tc.podName()).endMetadata()
                        .withNewSpec().addNewContainer().withName("token-test").withImage(AGNHOST).endContainer()
                        .withRestartPolicy("Never").withServiceAccountName(tc.serviceAccountName())
                        .withAutomountServiceAccountToken(tc.automountPodSpec()).endSpec().build();
                Pod createdPod = c.pods().inNamespace(ns).resource(pod).create();

                boolean hasServiceAccountTokenVolume = false;
                for (Container container : createdPod.getSpec().getContainers()) {
                    for (VolumeMount vm : container.getVolumeMounts()) {
                        if (DEFAULT_API_TOKEN_MOUNT_PATH.equals(vm.getMountPath())) {
                            hasServiceAccountTokenVolume = true;
                        }
                    }
                }
                if (hasServiceAccountTokenVolume != tc.expectTokenVolume()) {
                    fail(tc.podName() + ": expected volume=" + tc.expectTokenVolume() + ", got " + hasServiceAccountTokenVolume
                            + " (" + createdPod + ")");
                }
            }
        }
    }

    @Test
    @DisplayName("[sig-auth] ServiceAccounts should guarantee kube-root-ca.crt exist in any namespace [Conformance]")
    void guaranteesKubeRootCaCrtExistsInAnyNamespace(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "svcaccounts")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            BooleanSupplier exists = () -> c.configMaps().inNamespace(ns).withName(ROOT_CA_CONFIG_MAP_NAME).get() != null;
            poll(Duration.ofMillis(500), FOREVER_TEST_TIMEOUT, true, exists, "root ca configmap not found");

            // Deleted root ca configmap (GracePeriodSeconds: 0)
            DeleteOptions zero = new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build();
            c.raw("/api/v1/namespaces/" + ns + "/configmaps/" + ROOT_CA_CONFIG_MAP_NAME, "DELETE", zero);

            // waiting for a new root ca configmap created
            poll(Duration.ofMillis(500), FOREVER_TEST_TIMEOUT, false, exists, "root ca configmap not recreated");

            // Update with only a name and an empty ca.crt: a PUT without resourceVersion, as client-go sends it
            ConfigMap emptied = new ConfigMapBuilder().withNewMetadata().withName(ROOT_CA_CONFIG_MAP_NAME).endMetadata()
                    .withData(Map.of("ca.crt", "")).build();
            c.raw("/api/v1/namespaces/" + ns + "/configmaps/" + ROOT_CA_CONFIG_MAP_NAME, "PUT", emptied);

            // waiting for the root ca configmap reconciled
            poll(Duration.ofMillis(500), FOREVER_TEST_TIMEOUT, false, () -> {
                ConfigMap cm = c.configMaps().inNamespace(ns).withName(ROOT_CA_CONFIG_MAP_NAME).get();
                if (cm == null) {
                    return false; // root ca configmap not found, retrying
                }
                String value = cm.getData() == null ? null : cm.getData().get("ca.crt");
                return value != null && !value.isEmpty();
            }, "root ca configmap not reconciled");
        }
    }

    @Test
    @DisplayName("[sig-auth] ServiceAccounts should run through the lifecycle of a ServiceAccount [Conformance]")
    void runsThroughTheLifecycleOfAServiceAccount(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "svcaccounts")) {
            KubernetesClient c = f.client();
            String testNamespaceName = f.namespace();
            String testServiceAccountName = "testserviceaccount";
            String testServiceAccountStaticLabelsFlat = "test-serviceaccount-static=true";

            // creating a ServiceAccount
            ServiceAccount createdServiceAccount = c.serviceAccounts().inNamespace(testNamespaceName).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(testServiceAccountName).addToLabels("test-serviceaccount-static", "true").endMetadata()
                    .build()).create();
            ServiceAccount getServiceAccount = c.serviceAccounts().inNamespace(testNamespaceName).withName(testServiceAccountName).get();
            assertEquals(getServiceAccount.getMetadata().getUid(), createdServiceAccount.getMetadata().getUid());

            // watching for the ServiceAccount to be added (TimeoutSeconds: 180)
            Duration resourceWatchTimeout = Duration.ofSeconds(180);
            try (ResultChan<ServiceAccount> resourceWatchChan = ResultChan.open(w -> c.serviceAccounts().inNamespace(testNamespaceName)
                    .watch(new ListOptionsBuilder().withLabelSelector(testServiceAccountStaticLabelsFlat)
                            .withTimeoutSeconds(resourceWatchTimeout.toSeconds()).build(), w))) {
                if (!resourceWatchChan.rangeUntil(Watcher.Action.ADDED, resourceWatchTimeout)) {
                    fail("failed to find ADDED event");
                }

                // patching the ServiceAccount: json.Marshal(v1.ServiceAccount{AutomountServiceAccountToken: &boolFalse})
                String testServiceAccountPatchData = "{\"metadata\":{\"creationTimestamp\":null},\"automountServiceAccountToken\":false}";
                c.serviceAccounts().inNamespace(testNamespaceName).withName(testServiceAccountName)
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), testServiceAccountPatchData);
                if (!resourceWatchChan.rangeUntil(Watcher.Action.MODIFIED, resourceWatchTimeout)) {
                    fail("failed to find MODIFIED event");
                }

                // finding ServiceAccount in list of all ServiceAccounts (by LabelSelector)
                ServiceAccountList serviceAccountList = c.serviceAccounts().inAnyNamespace()
                        .withLabelSelector(testServiceAccountStaticLabelsFlat).list();
                boolean foundServiceAccount = false;
                for (ServiceAccount item : serviceAccountList.getItems()) {
                    if (item.getMetadata().getName().equals(testServiceAccountName)
                            && item.getMetadata().getNamespace().equals(testNamespaceName)
                            && Boolean.FALSE.equals(item.getAutomountServiceAccountToken())) {
                        foundServiceAccount = true;
                        break;
                    }
                }
                if (!foundServiceAccount) {
                    fail("failed to find the created ServiceAccount");
                }

                // deleting the ServiceAccount (every ServiceAccount of the namespace, by collection)
                deleteCollection(c, "/api/v1/namespaces/" + testNamespaceName + "/serviceaccounts", "");
                if (!resourceWatchChan.rangeUntil(Watcher.Action.DELETED, resourceWatchTimeout)) {
                    fail("failed to find DELETED event");
                }
            }
        }
    }

    @Test
    @DisplayName("[sig-auth] ServiceAccounts should update a ServiceAccount [Conformance]")
    void updatesAServiceAccount(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "svcaccounts")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            String saName = "e2e-sa-" + randomString(5);

            // Creating ServiceAccount
            ServiceAccount createdServiceAccount = c.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(saName).endMetadata().withAutomountServiceAccountToken(false).build()).create();
            assertEquals(Boolean.FALSE, createdServiceAccount.getAutomountServiceAccountToken(), "Failed to set AutomountServiceAccountToken");

            // Updating ServiceAccount
            ServiceAccount updatedServiceAccount = retryOnConflict(() -> {
                ServiceAccount updateServiceAccount = c.serviceAccounts().inNamespace(ns).withName(saName).get();
                updateServiceAccount.setAutomountServiceAccountToken(true);
                return c.serviceAccounts().inNamespace(ns).resource(updateServiceAccount).update();
            });
            assertEquals(Boolean.TRUE, updatedServiceAccount.getAutomountServiceAccountToken(), "Failed to set AutomountServiceAccountToken");
        }
    }

    // ---------------------------------------------------------------- subjectreviews.go

    @Test
    @DisplayName("[sig-auth] SubjectReview should support SubjectReview API operations [Conformance]")
    void supportsSubjectReviewApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "subjectreview");
             HttpClient http = plane.httpClient()) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            String saName = "e2e";

            // Creating a Serviceaccount
            ServiceAccount sa = c.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(saName).endMetadata().build()).create();

            // serviceaccount.MakeUsername and MakeGroupNames
            String saUsername = "system:serviceaccount:" + sa.getMetadata().getNamespace() + ":" + sa.getMetadata().getName();
            List<String> saGroups = List.of("system:authenticated", "system:serviceaccounts",
                    "system:serviceaccounts:" + sa.getMetadata().getNamespace());
            String saUid = sa.getMetadata().getUid();

            // Creating SubjectAccessReview
            SubjectAccessReview sar = new SubjectAccessReviewBuilder().withNewSpec()
                    .withNewResourceAttributes().withVerb("list").withResource("configmaps").withNamespace(ns).withVersion("v1")
                    .endResourceAttributes().withUser(saUsername).withGroups(saGroups).withUid(saUid).endSpec().build();
            SubjectAccessReview sarResponse = c.authorization().v1().subjectAccessReview().create(sar);
            boolean expectedAllowed = Boolean.TRUE.equals(sarResponse.getStatus().getAllowed());

            // Verifying as saUsername api 'list' configmaps in ns, through a clientset impersonating it
            HttpRequest.Builder list = HttpRequest.newBuilder(URI.create(plane.aggregatorUrl() + "/api/v1/namespaces/" + ns + "/configmaps"))
                    .header("Accept", "application/json").header("Impersonate-User", saUsername).header("Impersonate-Uid", saUid).GET();
            for (String group : saGroups) {
                list.header("Impersonate-Group", group);
            }
            HttpResponse<String> requestResult = http.send(list.build(), HttpResponse.BodyHandlers.ofString());
            boolean actuallyAllowed;
            if (requestResult.statusCode() == 403
                    && "Forbidden".equals(MAPPER.readTree(requestResult.body()).path("reason").asText())) {
                actuallyAllowed = false;
            } else if (requestResult.statusCode() / 100 != 2) {
                fail("Unexpected error: " + requestResult.statusCode() + " " + requestResult.body());
                return;
            } else {
                actuallyAllowed = true;
            }
            if (actuallyAllowed != expectedAllowed) {
                fail("Could not verify SubjectAccessReview for \"" + saUsername + "\" in namespace \"" + ns
                        + "\": SubjectAccessReview allowed: " + expectedAllowed + ", request allowed: " + actuallyAllowed
                        + ", request error: " + requestResult.body());
            }

            // Creating a LocalSubjectAccessReview (upstream names the user by saName here, not saUsername)
            LocalSubjectAccessReview lsar = new LocalSubjectAccessReviewBuilder().withNewMetadata().withNamespace(ns).endMetadata()
                    .withNewSpec().withNewResourceAttributes().withVerb("list").withResource("configmaps").withNamespace(ns)
                    .withVersion("v1").endResourceAttributes().withUser(saName).withGroups(saGroups).withUid(saUid).endSpec().build();
            LocalSubjectAccessReview lsarResponse = c.authorization().v1().localSubjectAccessReview().inNamespace(ns)
                    .create(lsar);
            expectedAllowed = Boolean.TRUE.equals(lsarResponse.getStatus().getAllowed());
            if (actuallyAllowed != expectedAllowed) {
                fail("Could not verify LocalSubjectAccessReview for \"" + saUsername + "\" in namespace \"" + ns
                        + "\": LocalSubjectAccessReview allowed: " + expectedAllowed + ", request allowed: " + actuallyAllowed
                        + ", request error: " + requestResult.body());
            }
        }
    }
}
