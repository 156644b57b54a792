package io.capstan.e2e.conformance;

import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimList;
import io.fabric8.kubernetes.api.model.PersistentVolumeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIDriverList;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.api.model.storage.CSINodeList;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacity;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacityBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacityList;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassList;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.capstan.e2e.conformance.ConformanceHelpers.clusterNodes;
import static io.capstan.e2e.conformance.ConformanceHelpers.deleteCollection;
import static io.capstan.e2e.conformance.ConformanceHelpers.errorText;
import static io.capstan.e2e.conformance.ConformanceHelpers.eventually;
import static io.capstan.e2e.conformance.ConformanceHelpers.isAlreadyExists;
import static io.capstan.e2e.conformance.ConformanceHelpers.randomString;
import static io.capstan.e2e.conformance.ConformanceHelpers.retryOnConflict;
import static io.capstan.e2e.conformance.ConformanceHelpers.serverGroup;
import static io.capstan.e2e.conformance.ConformanceHelpers.serverGroups;
import static io.capstan.e2e.conformance.ConformanceHelpers.serverResourcesForGroupVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of upstream's nine API-only {@code [sig-storage]} conformance tests, v1.32:
 * <ul>
 *     <li>{@code test/e2e/storage/csi_inline.go}: {@code CSIInlineVolumes} (pods with CSI inline volumes;
 *     the CSIDriver lifecycle);</li>
 *     <li>{@code test/e2e/storage/csi_node.go}: the CSINode lifecycle;</li>
 *     <li>{@code test/e2e/storage/csistoragecapacity.go}: CSIStorageCapacity API operations;</li>
 *     <li>{@code test/e2e/storage/persistent_volumes.go}: {@code PersistentVolumes CSI Conformance} (PV and
 *     PVC lifecycle; PV and PVC status);</li>
 *     <li>{@code test/e2e/storage/storageclass.go}: the StorageClass lifecycle;</li>
 *     <li>{@code test/e2e/storage/volume_attachment.go}: the VolumeAttachment lifecycle and status.</li>
 * </ul>
 * The stored upstream sources are newer than v1.32 and also check resource versions
 * ({@code HaveValidResourceVersion}, "patched object should have a larger resource version"); those
 * checks came after v1.32 and are left out here. DeleteCollection is one {@code DELETE} on the
 * collection, as client-go sends it. The VolumeAttachment tests pick one of the cluster's nodes; on a
 * plane without kubelets an unschedulable stand-in Node is registered first
 * ({@link ConformanceHelpers#clusterNodes}).
 */
abstract class StorageApiConformance {
    /** {@code imageutils.GetE2EImage(imageutils.BusyBox)} in v1.32. */
    private static final String BUSYBOX = "registry.k8s.io/e2e-test-images/busybox:1.36.1-1";
    /** {@code wait.ForeverTestTimeout}. */
    private static final Duration FOREVER_TEST_TIMEOUT = Duration.ofSeconds(30);
    /** The poll interval of the twins' {@code Eventually} (gomega polls every 10 ms; this is gentler, and no weaker). */
    private static final Duration EVENTUALLY_POLL = Duration.ofMillis(100);
    /** {@code e2epv.VolumeSelectorKey}. */
    private static final String VOLUME_SELECTOR_KEY = "e2e-pv-pool";

    /** {@code labels.Set{key: value}.AsSelector().String()}. */
    private static String selector(String key, String value) {
        return key + "=" + value;
    }

    // ---------------------------------------------------------------- csi_inline.go

    @Test
    @DisplayName("[sig-storage] CSIInlineVolumes should support CSIVolumeSource in Pod API [Conformance]")
    void supportsCsiVolumeSourceInPodApi(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "csiinlinevolumes")) {
            var client = f.client().pods().inNamespace(f.namespace());
            // Fake driver name for this API test
            String driverName = "e2e.example.com";
            String podName = "pod-csi-inline-volumes";
            String vol1name = "csi-inline-vol1";
            String vol2name = "csi-inline-vol2";

            // Create a simple pod object with 2 CSI inline volumes
            Pod pod = new PodBuilder().withNewMetadata().withName(podName).endMetadata()
                    .withNewSpec()
                    .addNewVolume().withName(vol1name).withNewCsi().withDriver(driverName).endCsi().endVolume()
                    .addNewVolume().withName(vol2name).withNewCsi().withDriver(driverName).withFsType("ext4")
                    .withReadOnly(true).endCsi().endVolume()
                    .addNewContainer().withName(podName).withImage(BUSYBOX).withCommand("sh", "-c", "ls /mnt/*")
                    .addNewVolumeMount().withName(vol1name).withMountPath("/mnt/vol1").endVolumeMount()
                    .addNewVolumeMount().withName(vol2name).withMountPath("/mnt/vol2").endVolumeMount()
                    .endContainer()
                    .endSpec().build();

            // creating
            Pod createdPod = client.resource(pod).create();
            expectAlreadyExists(() -> client.resource(pod).create());

            // getting
            Pod retrievedPod = client.withName(podName).get();
            assertNotNull(retrievedPod, "pod " + podName + " not found");
            assertEquals(createdPod.getMetadata().getUid(), retrievedPod.getMetadata().getUid());

            // listing in namespace
            PodList podList = client.list();
            assertEquals(1, podList.getItems().size(), "list should have 1 items, got: " + podList);

            // patching
            Pod patchedPod = client.withName(createdPod.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
            assertEquals("true", annotation(patchedPod.getMetadata().getAnnotations(), "patched"),
                    "patched object should have the applied annotation");

            // deleting
            client.withName(createdPod.getMetadata().getName()).delete();
            retrievedPod = client.withName(createdPod.getMetadata().getName()).get();
            if (retrievedPod != null && retrievedPod.getMetadata().getDeletionTimestamp() == null) {
                fail("Pod should have been deleted or have DeletionTimestamp, but instead got: " + retrievedPod);
            }
        }
    }

    @Test
    @DisplayName("[sig-storage] CSIInlineVolumes should run through the lifecycle of a CSIDriver [Conformance]")
    void runsThroughTheLifecycleOfACsiDriver(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "csiinlinevolumes")) {
            var client = f.client().storage().v1().csiDrivers();
            String defaultFSGroupPolicy = "ReadWriteOnceWithFSType";
            Map<String, String> csiDriverLabel = Map.of("e2e-test", f.namespace());
            String csiDriverLabelSelector = selector("e2e-test", f.namespace());

            // Driver that supports only Ephemeral
            CSIDriver driver1 = new CSIDriverBuilder().withNewMetadata().withName("inline-driver-" + UUID.randomUUID())
                    .withLabels(csiDriverLabel).endMetadata()
                    .withNewSpec().withVolumeLifecycleModes("Ephemeral").withFsGroupPolicy(defaultFSGroupPolicy).endSpec()
                    .build();
            // Driver that supports both Ephemeral and Persistent
            CSIDriver driver2 = new CSIDriverBuilder().withNewMetadata().withName("inline-driver-" + UUID.randomUUID())
                    .withLabels(csiDriverLabel).endMetadata()
                    .withNewSpec().withVolumeLifecycleModes("Persistent", "Ephemeral").withFsGroupPolicy(defaultFSGroupPolicy)
                    .endSpec().build();

            // Creating two CSIDrivers
            CSIDriver createdDriver1 = client.resource(driver1).create();
            CSIDriver createdDriver2 = client.resource(driver2).create();
            expectAlreadyExists(() -> client.resource(driver1).create());
            String name1 = createdDriver1.getMetadata().getName();
            String name2 = createdDriver2.getMetadata().getName();

            // Getting both
            CSIDriver retrievedDriver1 = client.withName(name1).get();
            assertNotNull(retrievedDriver1, "Failed to get CSIDriver " + name1);
            assertEquals(createdDriver1.getMetadata().getUid(), retrievedDriver1.getMetadata().getUid());
            CSIDriver retrievedDriver2 = client.withName(name2).get();
            assertNotNull(retrievedDriver2, "Failed to get CSIDriver " + name2);
            assertEquals(createdDriver2.getMetadata().getUid(), retrievedDriver2.getMetadata().getUid());

            // Patching the CSIDriver
            CSIDriver patchedCSIDriver = client.withName(name2).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + name2 + "\":\"patched\"}}}");
            assertTrue(label(patchedCSIDriver, name2).contains("patched"), "Checking that patched label has been applied");

            // Updating the CSIDriver
            CSIDriver updatedCSIDriver = retryOnConflict(() -> {
                CSIDriver csiDriver = client.withName(name2).get();
                assertNotNull(csiDriver, "Unable to get CSIDriver " + name2);
                csiDriver.getMetadata().getLabels().put(retrievedDriver2.getMetadata().getName(), "updated");
                return client.resource(csiDriver).update();
            });
            assertTrue(label(updatedCSIDriver, name2).contains("updated"), "Checking that updated label has been applied");

            // Listing all CSIDrivers with the labelSelector
            CSIDriverList driverList = client.withLabelSelector(csiDriverLabelSelector).list();
            assertEquals(2, driverList.getItems().size(), "filtered list should have 2 items, got: " + driverList);

            // Deleting the first CSIDriver, and confirming it
            client.withName(name1).delete();
            CSIDriver retrievedDriver = client.withName(name1).get();
            if (retrievedDriver != null && retrievedDriver.getMetadata().getDeletionTimestamp() == null) {
                fail("CSIDriver should have been deleted or have DeletionTimestamp, but instead got: " + retrievedDriver);
            }

            // Deleting the second CSIDriver via DeleteCollection, and confirming it
            deleteCollection(f.client(), "/apis/storage.k8s.io/v1/csidrivers", name2 + "=updated");
            retrievedDriver = client.withName(name2).get();
            if (retrievedDriver != null && retrievedDriver.getMetadata().getDeletionTimestamp() == null) {
                fail("CSIDriver should have been deleted or have DeletionTimestamp, but instead got: " + retrievedDriver);
            }
        }
    }

    // ---------------------------------------------------------------- csi_node.go

    @Test
    @DisplayName("[sig-storage] CSINodes CSI Conformance should run through the lifecycle of a csinode [Conformance]")
    void runsThroughTheLifecycleOfACsiNode(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "csinodes")) {
            var csiNodeClient = f.client().storage().v1().csiNodes();
            String initialName = "e2e-csinode-" + randomString(5);

            // Creating initial csiNode
            CSINode csiNode = csiNodeClient.resource(new CSINodeBuilder().withNewMetadata().withName(initialName).endMetadata()
                    .build()).create();

            // Getting initial csiNode
            CSINode retrievedCSINode = csiNodeClient.withName(initialName).get();
            assertNotNull(retrievedCSINode, "Failed to retrieve csiNode " + initialName);
            assertEquals(csiNode.getMetadata().getName(), retrievedCSINode.getMetadata().getName(),
                    "Checking that the retrieved name has been found");

            // Patching initial csiNode
            String name = csiNode.getMetadata().getName();
            CSINode patchedCSINode = csiNodeClient.withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + name + "\":\"patched\"}}}");
            assertEquals("patched", label(patchedCSINode, name), "Checking that patched label has been applied");

            String patchedSelector = selector(name, "patched");
            // Listing csiNodes with LabelSelector
            CSINodeList csiNodeList = csiNodeClient.withLabelSelector(patchedSelector).list();
            assertEquals(1, csiNodeList.getItems().size());

            // Delete initial csiNode, and confirm its deletion
            csiNodeClient.withName(name).delete();
            eventually(() -> csiNodeClient.withLabelSelector(patchedSelector).list().getItems().isEmpty(),
                    Duration.ofSeconds(30), EVENTUALLY_POLL, "Timeout while waiting to confirm CSINode " + initialName + " deletion");

            String replacementName = "e2e-csinode-" + randomString(5);
            // Creating replacement csiNode
            CSINode secondCSINode = csiNodeClient.resource(new CSINodeBuilder().withNewMetadata().withName(replacementName)
                    .endMetadata().build()).create();

            // Getting replacement csiNode
            CSINode retrieved = csiNodeClient.withName(secondCSINode.getMetadata().getName()).get();
            assertNotNull(retrieved, "Failed to retrieve CSINode " + replacementName);
            assertEquals(secondCSINode.getMetadata().getName(), retrieved.getMetadata().getName(),
                    "Checking that the retrieved name has been found");

            // Updating replacement csiNode
            CSINode updatedCSINode = retryOnConflict(() -> {
                CSINode tmpCSINode = csiNodeClient.withName(retrieved.getMetadata().getName()).get();
                assertNotNull(tmpCSINode, "Unable to get " + replacementName);
                tmpCSINode.getMetadata().setLabels(new HashMap<>(Map.of(replacementName, "updated")));
                return csiNodeClient.resource(tmpCSINode).update();
            });
            assertEquals("updated", label(updatedCSINode, secondCSINode.getMetadata().getName()),
                    "Checking that updated label has been applied");

            String updatedSelector = selector(retrieved.getMetadata().getName(), "updated");
            // DeleteCollection of CSINodes with the label, and confirm the deletion
            deleteCollection(f.client(), "/apis/storage.k8s.io/v1/csinodes", updatedSelector);
            eventually(() -> csiNodeClient.withLabelSelector(updatedSelector).list().getItems().isEmpty(),
                    Duration.ofSeconds(30), EVENTUALLY_POLL, "Timeout while waiting to confirm CSINode " + replacementName + " deletion");
        }
    }

    // ---------------------------------------------------------------- csistoragecapacity.go

    @Test
    @DisplayName("[sig-storage] CSIStorageCapacity should support CSIStorageCapacities API operations [Conformance]")
    void supportsCsiStorageCapacitiesApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "csistoragecapacity")) {
            KubernetesClient c = f.client();
            String cscVersion = "v1";
            var cscClient = c.storage().v1().csiStorageCapacities().inNamespace(f.namespace());
            var cscClientNoNamespace = c.storage().v1().csiStorageCapacities().inAnyNamespace();
            // The fictional StorageClass for these objects.
            String scName = "e2e.example.com";
            String uniqueName = f.namespace();
            String testSelector = "test=" + uniqueName;

            // All CRUD operations in this test are limited to the objects with the label test=f.UniqueName
            CSIStorageCapacity csc = newCsiStorageCapacity(uniqueName, "-csc1", scName);
            CSIStorageCapacity csc2 = newCsiStorageCapacity(uniqueName, "-csc2", scName);
            CSIStorageCapacity csc3 = newCsiStorageCapacity(uniqueName, "-csc3", scName);

            // Discovery
            expectDiscovered(c, "storage.k8s.io", cscVersion, "csistoragecapacities", "CSIStorageCapacity");

            // Main resource create/read/update/watch operations: creating
            CSIStorageCapacity createdCSC = cscClient.resource(csc).create();
            expectAlreadyExists(() -> cscClient.resource(csc).create());
            cscClient.resource(csc2).create();

            // watching
            try (var cscWatch = ConformanceHelpers.ResultChan.<CSIStorageCapacity>open(
                         w -> cscClient.withLabelSelector(testSelector).watch(w));
                 var cscWatchNoNamespace = ConformanceHelpers.ResultChan.<CSIStorageCapacity>open(
                         w -> cscClientNoNamespace.withLabelSelector(testSelector).watch(w))) {

                // added for a watch
                cscClient.resource(csc3).create();

                // getting
                CSIStorageCapacity gottenCSC = cscClient.withName(csc.getMetadata().getName()).get();
                assertNotNull(gottenCSC);
                assertEquals(createdCSC.getMetadata().getUid(), gottenCSC.getMetadata().getUid());

                // listing in namespace
                CSIStorageCapacityList cscs = cscClient.withLabelSelector(testSelector).list();
                assertEquals(3, cscs.getItems().size(), "filtered list should have 3 items, got: " + cscs);

                // listing across namespaces
                cscs = cscClientNoNamespace.withLabelSelector(testSelector).list();
                assertEquals(3, cscs.getItems().size(), "filtered list should have 3 items, got: " + cscs);

                // patching
                CSIStorageCapacity patchedCSC = cscClient.withName(createdCSC.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
                assertEquals("true", annotation(patchedCSC.getMetadata().getAnnotations(), "patched"),
                        "patched object should have the applied annotation");

                // updating
                CSIStorageCapacity csrToUpdate = Serialization.clone(patchedCSC);
                csrToUpdate.getMetadata().getAnnotations().put("updated", "true");
                CSIStorageCapacity updatedCSC = cscClient.resource(csrToUpdate).update();
                assertEquals("true", annotation(updatedCSC.getMetadata().getAnnotations(), "updated"),
                        "updated object should have the applied annotation");

                expectWatchResult("in namespace", cscWatch);
                expectWatchResult("across namespace", cscWatchNoNamespace);
            }

            // main resource delete operations: deleting
            cscClient.withName(createdCSC.getMetadata().getName()).delete();
            CSIStorageCapacity gone = cscClient.withName(createdCSC.getMetadata().getName()).get();
            int min = 2;
            int max = min;
            if (gone != null) {
                if (gone.getMetadata().getDeletionTimestamp() != null && !gone.getMetadata().getFinalizers().isEmpty()) {
                    // Deletion was prevented by a finalizer, but it might still get deleted before we list them below.
                    max++;
                } else {
                    fail("CSIStorageCapacitity should have been deleted or have DeletionTimestamp and Finalizers, but instead got: " + gone);
                }
            }
            CSIStorageCapacityList cscs = cscClient.withLabelSelector(testSelector).list();
            int actualLen = cscs.getItems().size();
            if (actualLen < min || actualLen > max) {
                fail("expected <= " + max + " and >= " + min + " remaining CSIStorageCapacity objects, got " + actualLen
                        + ": " + cscs.getItems());
            }

            // deleting a collection
            deleteCollection(c, "/apis/storage.k8s.io/v1/namespaces/" + f.namespace() + "/csistoragecapacities", testSelector);
            cscs = cscClient.withLabelSelector(testSelector).list();
            for (CSIStorageCapacity left : cscs.getItems()) {
                // Any remaining objects should be marked for deletion and only held back by a Finalizer.
                if (left.getMetadata().getDeletionTimestamp() == null || left.getMetadata().getFinalizers().isEmpty()) {
                    fail("CSIStorageCapacity should have been deleted or have DeletionTimestamp and Finalizers, but instead got: " + left);
                }
            }
        }
    }

    private static CSIStorageCapacity newCsiStorageCapacity(String uniqueName, String nameSuffix, String scName) {
        return new CSIStorageCapacityBuilder().withNewMetadata().withName(uniqueName + nameSuffix)
                .withLabels(Map.of("test", uniqueName)).endMetadata().withStorageClassName(scName).build();
    }

    /**
     * Upstream's {@code expectWatchResult} (and the RuntimeClass test's loop): reads events until one is an
     * ADDED, or a MODIFIED carrying the {@code patched} or {@code updated} annotation; the loop condition
     * {@code !sawAdded && !sawPatched && !sawUpdated} ends it at the first of these.
     */
    static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void expectWatchResult(String kind,
            ConformanceHelpers.ResultChan<T> w) throws InterruptedException {
        boolean sawAdded = false;
        boolean sawPatched = false;
        boolean sawUpdated = false;
        while (!sawAdded && !sawPatched && !sawUpdated) {
            var evt = w.receive(FOREVER_TEST_TIMEOUT);
            if (evt == null) {
                fail(kind + ": timed out waiting for watch event");
            }
            if (evt.closed()) {
                fail(kind + ": watch channel should not close");
            }
            if (evt.type() == Watcher.Action.MODIFIED) {
                Map<String, String> annotations = evt.object().getMetadata().getAnnotations();
                if ("true".equals(annotation(annotations, "patched"))) {
                    sawPatched = true;
                } else if ("true".equals(annotation(annotations, "updated"))) {
                    sawUpdated = true;
                }
            } else if (evt.type() == Watcher.Action.ADDED) {
                sawAdded = true;
            }
        }
        w.close();
    }

    /** The three discovery steps: {@code /apis}, {@code /apis/<group>}, {@code /apis/<group>/<version>}. */
    static void expectDiscovered(KubernetesClient c, String group, String version, String resource, String kind) {
        // getting /apis
        APIGroupList discoveryGroups = serverGroups(c);
        boolean found = false;
        for (APIGroup g : discoveryGroups.getGroups()) {
            if (g.getName().equals(group)) {
                for (GroupVersionForDiscovery v : g.getVersions()) {
                    if (v.getVersion().equals(version)) {
                        found = true;
                        break;
                    }
                }
            }
        }
        assertTrue(found, "expected " + kind + " API group/version, got " + discoveryGroups.getGroups());

        // getting /apis/<group>
        APIGroup apiGroup = serverGroup(c, group);
        found = apiGroup.getVersions().stream().anyMatch(v -> v.getVersion().equals(version));
        assertTrue(found, "expected " + kind + " API version, got " + apiGroup.getVersions());

        // getting /apis/<group>/<version>
        APIResourceList resources = serverResourcesForGroupVersion(c, group + "/" + version);
        found = false;
        for (APIResource r : resources.getResources()) {
            if (r.getName().equals(resource)) {
                found = true;
            }
        }
        assertTrue(found, "expected " + resource + ", got " + resources.getResources());
    }

    // ---------------------------------------------------------------- persistent_volumes.go

    /** The {@code CSI Conformance} context's AfterEach, {@code e2epv.PVPVCMapCleanup}: deletes what is left, 404s ignored. */
    private static void pvPvcMapCleanup(KubernetesClient c, String ns, Set<String> pvols, Set<String> claims) {
        for (String pvc : claims) {
            c.persistentVolumeClaims().inNamespace(ns).withName(pvc).delete();
        }
        for (String pv : pvols) {
            c.persistentVolumes().withName(pv).delete();
        }
    }

    /**
     * {@code e2epv.CreatePVsPVCs(ctx, 1, 1, ...)}: one PV ({@code MakePersistentVolume}: retained, 2Gi,
     * ReadWriteOnce, the {@code pv.beta.kubernetes.io/gid} annotation), then one PVC
     * ({@code MakePersistentVolumeClaim}: {@code pvc-} prefix, ReadWriteOnce, 2Gi), neither pre-bound.
     */
    private static void createPvPvc(KubernetesClient c, String ns, String pvNamePrefix, Map<String, String> pvLabels,
                                    String storageClassName, String driver, String volumeHandle,
                                    Set<String> pvols, Set<String> claims) {
        PersistentVolume pv = c.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withGenerateName(pvNamePrefix).withLabels(pvLabels)
                .withAnnotations(Map.of("pv.beta.kubernetes.io/gid", "777")).endMetadata()
                .withNewSpec().withPersistentVolumeReclaimPolicy("Retain").withCapacity(Map.of("storage", new Quantity("2Gi")))
                .withNewCsi().withDriver(driver).withVolumeHandle(volumeHandle).endCsi()
                .withAccessModes("ReadWriteOnce").withStorageClassName(storageClassName).endSpec()
                .build()).create();
        pvols.add(pv.getMetadata().getName());
        PersistentVolumeClaim pvc = c.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withGenerateName("pvc-").withNamespace(ns).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", new Quantity("2Gi"))).endResources()
                .withStorageClassName(storageClassName).endSpec()
                .build()).create();
        claims.add(pvc.getMetadata().getName());
    }

    @Test
    @DisplayName("[sig-storage] PersistentVolumes CSI Conformance should run through the lifecycle of a PV and a PVC [Conformance]")
    void runsThroughTheLifecycleOfAPvAndAPvc(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "pv")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            Map<String, String> volLabel = Map.of(VOLUME_SELECTOR_KEY, ns);
            String volSelector = selector(VOLUME_SELECTOR_KEY, ns);
            var pvClient = c.persistentVolumes();
            var pvcClient = c.persistentVolumeClaims().inNamespace(ns);
            Set<String> pvols = new LinkedHashSet<>();
            Set<String> claims = new LinkedHashSet<>();
            try {
                // Creating initial PV and PVC (the CSIDriver is configured but never created; only its name is used)
                String csiDriverName = "inline-driver-" + UUID.randomUUID();
                createPvPvc(c, ns, ns + "-", volLabel, ns, csiDriverName, "e2e-conformance", pvols, claims);

                // Listing all PVs with the labelSelector
                PersistentVolumeList pvList = pvClient.withLabelSelector(volSelector).list();
                assertEquals(1, pvList.getItems().size());
                PersistentVolume initialPV = pvList.getItems().get(0);

                // Listing PVCs in namespace
                PersistentVolumeClaimList pvcList = pvcClient.list();
                assertEquals(1, pvcList.getItems().size());
                PersistentVolumeClaim initialPVC = pvcList.getItems().get(0);

                // Patching the PV
                String pvName0 = initialPV.getMetadata().getName();
                PersistentVolume patchedPV = pvClient.withName(pvName0).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"metadata\":{\"labels\":{\"" + pvName0 + "\":\"patched\"}}}");
                assertEquals("patched", label(patchedPV, patchedPV.getMetadata().getName()),
                        "Checking that patched label has been applied");

                // Patching the PVC
                String pvcName0 = initialPVC.getMetadata().getName();
                PersistentVolumeClaim patchedPVC = pvcClient.withName(pvcName0).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"metadata\":{\"labels\":{\"" + pvcName0 + "\":\"patched\"}}}");
                assertEquals("patched", label(patchedPVC, patchedPVC.getMetadata().getName()),
                        "Checking that patched label has been applied");

                // Getting PV and PVC
                PersistentVolume retrievedPV = pvClient.withName(patchedPV.getMetadata().getName()).get();
                assertNotNull(retrievedPV, "Failed to get PV " + patchedPV.getMetadata().getName());
                assertEquals(patchedPV.getMetadata().getUid(), retrievedPV.getMetadata().getUid());
                PersistentVolumeClaim retrievedPVC = pvcClient.withName(patchedPVC.getMetadata().getName()).get();
                assertNotNull(retrievedPVC, "Failed to get PVC " + patchedPVC.getMetadata().getName());
                assertEquals(patchedPVC.getMetadata().getUid(), retrievedPVC.getMetadata().getUid());

                // Deleting the PVC, and confirming its deletion
                pvcClient.withName(retrievedPVC.getMetadata().getName()).delete();
                eventually(() -> pvcClient.list().getItems().isEmpty(), Duration.ofSeconds(30), EVENTUALLY_POLL,
                        "Timeout while waiting to confirm PVC " + retrievedPVC.getMetadata().getName() + " deletion");

                // Deleting the PV, and confirming its deletion
                pvClient.withName(retrievedPV.getMetadata().getName()).delete();
                eventually(() -> pvClient.withLabelSelector(volSelector).list().getItems().isEmpty(), Duration.ofSeconds(30),
                        EVENTUALLY_POLL, "Timeout while waiting to confirm PV " + retrievedPV.getMetadata().getName() + " deletion");

                // Recreating another PV & PVC
                pvols.clear();
                claims.clear();
                createPvPvc(c, ns, ns + "-", volLabel, ns, csiDriverName, "e2e-conformance", pvols, claims);
                String pvName = pvols.iterator().next();
                String pvcName = claims.iterator().next();

                // Updating the PV
                String pvSelector = selector(pvName, "updated");
                PersistentVolume updatedPV = retryOnConflict(() -> {
                    PersistentVolume pv = pvClient.withName(pvName).get();
                    assertNotNull(pv, "Unable to get PV " + pvName);
                    pv.getMetadata().getLabels().put(pvName, "updated");
                    return pvClient.resource(pv).update();
                });
                assertEquals("updated", label(updatedPV, updatedPV.getMetadata().getName()),
                        "Checking that updated label has been applied");

                // Updating the PVC
                String pvcSelector = selector(pvcName, "updated");
                PersistentVolumeClaim updatedPVC = retryOnConflict(() -> {
                    PersistentVolumeClaim pvc = pvcClient.withName(pvcName).get();
                    assertNotNull(pvc, "Unable to get PVC " + pvcName);
                    pvc.getMetadata().setLabels(new HashMap<>(Map.of(pvcName, "updated")));
                    return pvcClient.resource(pvc).update();
                });
                assertEquals("updated", label(updatedPVC, updatedPVC.getMetadata().getName()),
                        "Checking that updated label has been applied");

                // Listing PVCs in all namespaces with the labelSelector
                pvcList = c.persistentVolumeClaims().inAnyNamespace().withLabelSelector(pvcSelector).list();
                assertEquals(1, pvcList.getItems().size());

                // Deleting the PVC via DeleteCollection, and confirming its deletion
                deleteCollection(c, "/api/v1/namespaces/" + ns + "/persistentvolumeclaims", pvcSelector);
                eventually(() -> pvcClient.withLabelSelector(pvcSelector).list().getItems().isEmpty(), Duration.ofSeconds(30),
                        EVENTUALLY_POLL, "Timeout while waiting to confirm PVC " + pvcName + " deletion");

                // Deleting the PV via DeleteCollection, and confirming its deletion
                deleteCollection(c, "/api/v1/persistentvolumes", pvSelector);
                eventually(() -> pvClient.withLabelSelector(pvSelector).list().getItems().isEmpty(), Duration.ofSeconds(30),
                        EVENTUALLY_POLL, "Timeout while waiting to confirm PV " + pvName + " deletion");
            } finally {
                pvPvcMapCleanup(c, ns, pvols, claims);
            }
        }
    }

    @Test
    @DisplayName("[sig-storage] PersistentVolumes CSI Conformance should apply changes to a pv/pvc status [Conformance]")
    void appliesChangesToAPvPvcStatus(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "pv")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            Map<String, String> volLabel = Map.of(VOLUME_SELECTOR_KEY, ns);
            String volSelector = selector(VOLUME_SELECTOR_KEY, ns);
            var pvClient = c.persistentVolumes();
            var pvcClient = c.persistentVolumeClaims().inNamespace(ns);
            Set<String> pvols = new LinkedHashSet<>();
            Set<String> claims = new LinkedHashSet<>();
            try {
                // Creating initial PV and PVC
                createPvPvc(c, ns, ns + "-", volLabel, ns, "e2e-driver-" + UUID.randomUUID(), "e2e-status-conformance",
                        pvols, claims);

                // Listing all PVs with the labelSelector
                PersistentVolumeList pvList = pvClient.withLabelSelector(volSelector).list();
                assertEquals(1, pvList.getItems().size());
                PersistentVolume initialPV = pvList.getItems().get(0);

                // Listing PVCs in namespace
                PersistentVolumeClaimList pvcList = pvcClient.list();
                assertEquals(1, pvcList.getItems().size());
                PersistentVolumeClaim initialPVC = pvcList.getItems().get(0);

                // Reading the PVC's status (the dynamic client's Get on the status subresource)
                PersistentVolumeClaim retrievedPVC = Serialization.unmarshal(c.raw("/api/v1/namespaces/" + ns
                        + "/persistentvolumeclaims/" + initialPVC.getMetadata().getName() + "/status"), PersistentVolumeClaim.class);
                String pvcPhase = retrievedPVC.getStatus() == null ? "" : retrievedPVC.getStatus().getPhase();
                assertTrue("Pending".equals(pvcPhase) || "Bound".equals(pvcPhase), "Checking that the PVC status has been read: " + pvcPhase);

                // Reading the PV's status
                PersistentVolume retrievedPV = Serialization.unmarshal(c.raw("/api/v1/persistentvolumes/"
                        + initialPV.getMetadata().getName() + "/status"), PersistentVolume.class);
                String pvPhase = retrievedPV.getStatus() == null ? "" : retrievedPV.getStatus().getPhase();
                assertTrue(List.of("Available", "Bound", "Pending").contains(pvPhase), "Checking that the PV status has been read: " + pvPhase);

                // Patching the PVC's status
                PersistentVolumeClaim patchedPVC = pvcClient.withName(initialPVC.getMetadata().getName()).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"conditions\":[{\"type\":\"StatusPatched\","
                                + "\"status\":\"True\", \"reason\":\"E2E patchedStatus\", \"message\":\"Set from e2e test\"}]}}");
                expectCondition(patchedPVC, "StatusPatched", "Set from e2e test", "E2E patchedStatus",
                        "Checking that patched status has been applied");

                // Patching the PV's status
                PersistentVolume patchedPV = pvClient.withName(retrievedPV.getMetadata().getName()).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"message\": \"StatusPatched\", \"reason\": \"E2E patchStatus\"}}");
                assertEquals("E2E patchStatus", patchedPV.getStatus().getReason(), "Checking that patched status has been applied");
                assertEquals("StatusPatched", patchedPV.getStatus().getMessage(), "Checking that patched status has been applied");

                // Updating the PVC's status
                PersistentVolumeClaim updatedPVC = retryOnConflict(() -> {
                    PersistentVolumeClaim statusToUpdate = pvcClient.withName(patchedPVC.getMetadata().getName()).get();
                    assertNotNull(statusToUpdate, "Unable to retrieve pvc " + patchedPVC.getMetadata().getName());
                    List<PersistentVolumeClaimCondition> conditions = new ArrayList<>(statusToUpdate.getStatus().getConditions());
                    conditions.add(new PersistentVolumeClaimConditionBuilder().withType("StatusUpdated").withStatus("True")
                            .withReason("E2E updateStatus").withMessage("Set from e2e test").build());
                    statusToUpdate.getStatus().setConditions(conditions);
                    return pvcClient.resource(statusToUpdate).updateStatus();
                });
                expectCondition(updatedPVC, "StatusUpdated", "Set from e2e test", "E2E updateStatus",
                        "Checking that updated status has been applied");

                // Updating the PV's status
                PersistentVolume updatedPV = retryOnConflict(() -> {
                    PersistentVolume pvToUpdate = pvClient.withName(patchedPV.getMetadata().getName()).get();
                    assertNotNull(pvToUpdate, "Unable to retrieve pv " + patchedPV.getMetadata().getName());
                    pvToUpdate.getStatus().setReason("E2E updateStatus");
                    pvToUpdate.getStatus().setMessage("StatusUpdated");
                    return pvClient.resource(pvToUpdate).updateStatus();
                });
                assertEquals("E2E updateStatus", updatedPV.getStatus().getReason(), "Checking that updated status has been applied");
                assertEquals("StatusUpdated", updatedPV.getStatus().getMessage(), "Checking that updated status has been applied");
            } finally {
                pvPvcMapCleanup(c, ns, pvols, claims);
            }
        }
    }

    /**
     * gstruct's {@code MatchElements(conditionType, IgnoreExtras, {type: MatchFields(IgnoreExtras, {Message:
     * ContainSubstring, Reason: ContainSubstring})})}: the condition of that type is there (once), with those
     * substrings; other conditions are ignored.
     */
    private static void expectCondition(PersistentVolumeClaim pvc, String type, String message, String reason, String what) {
        List<PersistentVolumeClaimCondition> matching = pvc.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType())).toList();
        assertEquals(1, matching.size(), what + ": one condition of type " + type + " in " + pvc.getStatus().getConditions());
        PersistentVolumeClaimCondition condition = matching.getFirst();
        assertTrue(condition.getMessage() != null && condition.getMessage().contains(message), what + ": message of " + condition);
        assertTrue(condition.getReason() != null && condition.getReason().contains(reason), what + ": reason of " + condition);
    }

    // ---------------------------------------------------------------- storageclass.go

    @Test
    @DisplayName("[sig-storage] StorageClasses CSI Conformance should run through the lifecycle of a StorageClass [Conformance]")
    void runsThroughTheLifecycleOfAStorageClass(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "csi-storageclass")) {
            var scClient = f.client().storage().v1().storageClasses();
            StorageClass initialSC = new StorageClassBuilder().withKind("StorageClass").withNewMetadata().withGenerateName("e2e-")
                    .endMetadata().withProvisioner("e2e-fake-provisioner").build();

            // Creating a StorageClass
            StorageClass createdStorageClass = scClient.resource(initialSC).create();

            // Get StorageClass
            StorageClass retrievedStorageClass = scClient.withName(createdStorageClass.getMetadata().getName()).get();
            assertNotNull(retrievedStorageClass, "failed to get StorageClass " + createdStorageClass.getMetadata().getName());

            // Patching the StorageClass (v1.35 adds a resourceVersion comparison here; v1.32 has none)
            String name = retrievedStorageClass.getMetadata().getName();
            StorageClass patchedStorageClass = scClient.withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + name + "\":\"patched\"}}}");
            assertEquals("patched", label(patchedStorageClass, patchedStorageClass.getMetadata().getName()),
                    "checking that patched label has been applied");

            // Delete StorageClass, and confirm its deletion
            scClient.withName(patchedStorageClass.getMetadata().getName()).delete();
            String scSelector0 = selector(patchedStorageClass.getMetadata().getName(), "patched");
            eventually(() -> scClient.withLabelSelector(scSelector0).list().getItems().isEmpty(), Duration.ofSeconds(30),
                    EVENTUALLY_POLL, "timeout while waiting to confirm StorageClass " + name + " deletion");

            // Create a replacement StorageClass
            StorageClass replacementStorageClass = scClient.resource(new StorageClassBuilder().withKind("StorageClass")
                    .withNewMetadata().withGenerateName("e2e-v2-").endMetadata().withProvisioner("e2e-fake-provisioner")
                    .build()).create();
            String replacementName = replacementStorageClass.getMetadata().getName();

            // Updating StorageClass
            StorageClass updatedStorageClass = retryOnConflict(() -> {
                StorageClass sc = scClient.withName(replacementName).get();
                assertNotNull(sc, "unable to get Storage " + replacementName);
                sc.getMetadata().setLabels(new HashMap<>(Map.of(replacementName, "updated")));
                return scClient.resource(sc).update();
            });
            assertEquals("updated", label(updatedStorageClass, replacementName), "checking that updated label has been applied");

            // Listing all StorageClass with the labelSelector
            String scSelector = selector(replacementName, "updated");
            StorageClassList scList = scClient.withLabelSelector(scSelector).list();
            assertEquals(1, scList.getItems().size());

            // Deleting StorageClass via DeleteCollection, and confirm its deletion
            deleteCollection(f.client(), "/apis/storage.k8s.io/v1/storageclasses", scSelector);
            eventually(() -> scClient.withLabelSelector(scSelector).list().getItems().isEmpty(), Duration.ofSeconds(30),
                    EVENTUALLY_POLL, "timeout while waiting to confirm StorageClass " + replacementName + " deletion");
        }
    }

    // ---------------------------------------------------------------- volume_attachment.go

    /** Upstream's {@code NewVolumeAttachment}: the client sets the UID (the server assigns its own). */
    private static VolumeAttachment newVolumeAttachment(String vaName, String pvName, String nodeName, boolean status) {
        return new VolumeAttachmentBuilder().withNewMetadata().withUid(vaName).withName(vaName).endMetadata()
                .withNewSpec().withAttacher("e2e-test.storage.k8s.io").withNodeName(nodeName)
                .withNewSource().withPersistentVolumeName(pvName).endSource().endSpec()
                .withNewStatus().withAttached(status).endStatus().build();
    }

    /** {@code nodes.Items[rand.Intn(len(nodes.Items))].Name}. */
    private static String randomNodeName(KubernetesClient c) {
        List<Node> nodes = clusterNodes(c);
        return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).getMetadata().getName();
    }

    /** Upstream's {@code createVolumeAttachment}: returns the name (the node name is only logged). */
    private static String createVolumeAttachment(KubernetesClient c) {
        String randUID = "e2e-" + randomString(5);
        String vaName = "va-" + randUID;
        String pvName = "pv-" + randUID;
        String vaNodeName = randomNodeName(c);
        VolumeAttachment createdVA = c.storage().v1().volumeAttachments()
                .resource(newVolumeAttachment(vaName, pvName, vaNodeName, false)).create();
        assertEquals(vaName, createdVA.getMetadata().getName(), "Checking that the created VolumeAttachment has the correct name");
        return createdVA.getMetadata().getName();
    }

    @Test
    @DisplayName("[sig-storage] VolumeAttachment Conformance should run through the lifecycle of a VolumeAttachment [Conformance]")
    void runsThroughTheLifecycleOfAVolumeAttachment(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "volumeattachment")) {
            var vaClient = f.client().storage().v1().volumeAttachments();

            String firstVA = createVolumeAttachment(f.client());
            // Get VolumeAttachment
            VolumeAttachment retrievedVA = vaClient.withName(firstVA).get();
            assertNotNull(retrievedVA, "failed to get VolumeAttachment " + firstVA);
            assertEquals(firstVA, retrievedVA.getMetadata().getName(), "Checking that retrieved VolumeAttachment has the correct name");

            // Patch VolumeAttachment
            String name = retrievedVA.getMetadata().getName();
            VolumeAttachment patchedVA = vaClient.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + name + "\":\"patched\"}}}");
            assertEquals("patched", label(patchedVA, patchedVA.getMetadata().getName()), "Checking that patched label has been applied");

            // List VolumeAttachments with the label
            String patchedSelector = selector(patchedVA.getMetadata().getName(), "patched");
            VolumeAttachmentList vaList = vaClient.withLabelSelector(patchedSelector).list();
            assertEquals(1, vaList.getItems().size());

            // Delete VolumeAttachment, and confirm its deletion
            vaClient.withName(firstVA).delete();
            eventually(() -> vaClient.withLabelSelector(patchedSelector).list().getItems().isEmpty(), Duration.ofSeconds(30),
                    EVENTUALLY_POLL, "Timeout while waiting to confirm VolumeAttachment " + firstVA + " deletion");

            String secondVA = createVolumeAttachment(f.client());
            Map<String, String> updatedLabel = Map.of("va-e2e", "updated");
            String updatedSelector = selector("va-e2e", "updated");
            // Update the VolumeAttachment with the label
            VolumeAttachment updatedVA = retryOnConflict(() -> {
                VolumeAttachment currentVA = vaClient.withName(secondVA).get();
                assertNotNull(currentVA, "failed to get VolumeAttachment " + secondVA);
                currentVA.getMetadata().setLabels(new HashMap<>(updatedLabel));
                return vaClient.resource(currentVA).update();
            });
            assertEquals("updated", label(updatedVA, "va-e2e"), "Checking that updated label has been applied");

            String thirdVA = createVolumeAttachment(f.client());
            // Update the VolumeAttachment with the label
            updatedVA = retryOnConflict(() -> {
                VolumeAttachment currentVA = vaClient.withName(thirdVA).get();
                assertNotNull(currentVA, "failed to get VolumeAttachment " + thirdVA);
                currentVA.getMetadata().setLabels(new HashMap<>(updatedLabel));
                return vaClient.resource(currentVA).update();
            });
            assertEquals("updated", label(updatedVA, "va-e2e"), "Checking that updated label has been applied");

            // DeleteCollection of VolumeAttachments with the label, and confirm it
            deleteCollection(f.client(), "/apis/storage.k8s.io/v1/volumeattachments", updatedSelector);
            eventually(() -> vaClient.withLabelSelector(updatedSelector).list().getItems().isEmpty(), Duration.ofSeconds(30),
                    EVENTUALLY_POLL, "Timeout while waiting to confirm deletion of all VolumeAttachments");
        }
    }

    @Test
    @DisplayName("[sig-storage] VolumeAttachment Conformance should apply changes to a volumeattachment status [Conformance]")
    void appliesChangesToAVolumeAttachmentStatus(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "volumeattachment")) {
            KubernetesClient c = f.client();
            var vaClient = c.storage().v1().volumeAttachments();
            String randUID = "e2e-" + randomString(5);
            String vaName = "va-" + randUID;
            String pvName = "pv-" + randUID;
            String vaNodeName = randomNodeName(c);

            // Create VolumeAttachment
            VolumeAttachment createdVA = vaClient.resource(newVolumeAttachment(vaName, pvName, vaNodeName, false)).create();
            assertEquals(vaName, createdVA.getMetadata().getName(), "Checking that the created VolumeAttachment has the correct name");

            // Patch VolumeAttachment
            VolumeAttachment patchedVA = vaClient.withName(createdVA.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + createdVA.getMetadata().getName() + "\":\"patched\"}}}");
            assertEquals("patched", label(patchedVA, patchedVA.getMetadata().getName()), "Checking that patched label has been applied");
            String patchedSelector = selector(patchedVA.getMetadata().getName(), "patched");

            // Reading the status (the dynamic client's Get on the status subresource)
            VolumeAttachment retrievedVA = Serialization.unmarshal(c.raw("/apis/storage.k8s.io/v1/volumeattachments/"
                    + patchedVA.getMetadata().getName() + "/status"), VolumeAttachment.class);
            assertFalse(attached(retrievedVA), "Checking that the VolumeAttachment status has been read");

            // Patching the status
            VolumeAttachment vaPatched = vaClient.withName(patchedVA.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"attached\":true}}");
            assertTrue(attached(vaPatched), "Checking that the VolumeAttachment status has been patched");

            // Updating the status
            VolumeAttachment updatedVA = retryOnConflict(() -> {
                VolumeAttachment statusToUpdate = vaClient.withName(vaPatched.getMetadata().getName()).get();
                assertNotNull(statusToUpdate, "Unable to retrieve VolumeAttachment " + vaPatched.getMetadata().getName());
                statusToUpdate.getStatus().setAttached(false);
                return vaClient.resource(statusToUpdate).updateStatus();
            });
            assertFalse(attached(updatedVA), "Checking that the VolumeAttachment status has been updated");

            // Delete VolumeAttachment, and confirm its deletion
            vaClient.withName(vaName).delete();
            eventually(() -> vaClient.withLabelSelector(patchedSelector).list().getItems().isEmpty(), Duration.ofSeconds(30),
                    EVENTUALLY_POLL, "Timeout while waiting to confirm VolumeAttachment " + vaName + " deletion");
        }
    }

    /** {@code Status.Attached}, a Go bool: false when absent. */
    private static boolean attached(VolumeAttachment va) {
        return va.getStatus() != null && Boolean.TRUE.equals(va.getStatus().getAttached());
    }

    // ---------------------------------------------------------------- shared

    /** A second create of the same object: upstream fails the test unless {@code apierrors.IsAlreadyExists(err)}. */
    static void expectAlreadyExists(Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (!isAlreadyExists(e)) {
                fail("expected 409, got " + e.getCode() + " " + errorText(e));
            }
            return;
        }
        fail("expected 409, got <nil>");
    }

    /** {@code obj.Labels[key]} (a missing map reads as empty in Go). */
    static String label(io.fabric8.kubernetes.api.model.HasMetadata obj, String key) {
        Map<String, String> labels = obj.getMetadata().getLabels();
        String value = labels == null ? null : labels.get(key);
        return value == null ? "" : value;
    }

    /** {@code annotations[key]}, empty when missing. */
    static String annotation(Map<String, String> annotations, String key) {
        String value = annotations == null ? null : annotations.get(key);
        return value == null ? "" : value;
    }
}
