package io.capstan.e2e.conformance;

import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.capstan.e2e.conformance.ConformanceHelpers.deleteCollection;
import static io.capstan.e2e.conformance.ConformanceHelpers.errorText;
import static io.capstan.e2e.conformance.ConformanceHelpers.eventually;
import static io.capstan.e2e.conformance.ConformanceHelpers.isForbidden;
import static io.capstan.e2e.conformance.ConformanceHelpers.randomString;
import static io.capstan.e2e.conformance.ConformanceHelpers.retryOnConflict;
import static io.capstan.e2e.conformance.StorageApiConformance.annotation;
import static io.capstan.e2e.conformance.StorageApiConformance.expectAlreadyExists;
import static io.capstan.e2e.conformance.StorageApiConformance.expectDiscovered;
import static io.capstan.e2e.conformance.StorageApiConformance.label;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of upstream's API-only {@code [sig-node]} and {@code [sig-scheduling]} conformance tests, v1.32:
 * <ul>
 *     <li>{@code test/e2e/common/node/runtimeclass.go}: RuntimeClass API operations, and pods asking for a
 *     RuntimeClass that does not exist or was deleted (the three that need no kubelet);</li>
 *     <li>{@code test/e2e/node/node_lifecycle.go}: the lifecycle of a (fake) Node;</li>
 *     <li>{@code test/e2e/node/pods.go}: {@code Pods Extended Pods Set QOS Class};</li>
 *     <li>{@code test/e2e/common/node/sysctl.go}: invalid sysctls are rejected;</li>
 *     <li>{@code test/e2e/scheduling/limit_range.go}: LimitRange defaults applied to pods, and LimitRange
 *     list, patch and delete by collection.</li>
 * </ul>
 * Twins of tests that need an admission plugin Capstan lacks are written out but disabled, naming the plugin.
 * The stored upstream sources are newer than v1.32 and also check resource versions; those checks came after
 * v1.32 and are left out here.
 */
abstract class NodeApiConformance {
    /** {@code imageutils.GetE2EImage(imageutils.BusyBox)}, {@code (imageutils.Agnhost)} and {@code GetPauseImageName()} in v1.32. */
    private static final String BUSYBOX = "registry.k8s.io/e2e-test-images/busybox:1.36.1-1";
    private static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
    private static final String PAUSE = "registry.k8s.io/pause:3.10";
    /** {@code wait.ForeverTestTimeout}, {@code e2eservice.RespondingTimeout}. */
    private static final Duration FOREVER_TEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESPONDING_TIMEOUT = Duration.ofMinutes(2);

    private static NonNamespaceOperation<RuntimeClass, RuntimeClassList, Resource<RuntimeClass>> runtimeClasses(KubernetesClient c) {
        return c.resources(RuntimeClass.class, RuntimeClassList.class);
    }

    // ---------------------------------------------------------------- runtimeclass.go

    /** {@code runtimeclasstest.NewRuntimeClass(name, handler)}. */
    private static RuntimeClass newRuntimeClass(String name, String handler) {
        return new RuntimeClassBuilder().withNewMetadata().withName(name).endMetadata().withHandler(handler).build();
    }

    /** Upstream's {@code createRuntimeClass}: a RuntimeClass named {@code <namespace>-<name>}; returns its name. */
    private static String createRuntimeClass(Framework f, String name, String handler) {
        RuntimeClass rc = runtimeClasses(f.client()).resource(newRuntimeClass(f.namespace() + "-" + name, handler)).create();
        return rc.getMetadata().getName();
    }

    /** {@code e2eruntimeclass.NewRuntimeClassPod(runtimeClassName)}. */
    private static Pod newRuntimeClassPod(String runtimeClassName) {
        return new PodBuilder().withNewMetadata().withGenerateName("test-runtimeclass-" + runtimeClassName + "-").endMetadata()
                .withNewSpec().withRuntimeClassName(runtimeClassName)
                .addNewContainer().withName("test").withImage(BUSYBOX).withCommand("true").endContainer()
                .withRestartPolicy("Never").withAutomountServiceAccountToken(false).endSpec().build();
    }

    /**
     * Upstream's {@code expectPodRejection}: a dry-run create of the pod must fail with Forbidden; null when
     * it does, the failure otherwise.
     */
    private static String expectPodRejection(Framework f, String rcName) {
        try {
            f.client().pods().inNamespace(f.namespace()).resource(newRuntimeClassPod(rcName)).dryRun().create();
        } catch (KubernetesClientException e) {
            return isForbidden(e) ? null : "unexpected error " + e.getCode() + ": " + errorText(e);
        }
        return "should get forbidden error";
    }

    @Test
    @Disabled("needs kube-apiserver's RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass), which Capstan lacks")
    @DisplayName("[sig-node] RuntimeClass should reject a Pod requesting a non-existent RuntimeClass [NodeConformance] [Conformance]")
    void rejectsAPodRequestingANonExistentRuntimeClass(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "runtimeclass")) {
            String rcName = f.namespace() + "-nonexistent";
            String err = expectPodRejection(f, rcName);
            // We are expecting a pod rejection above; any other outcome fails the test.
            assertNull(err, "unexpected error for pod rejection");
        }
    }

    @Test
    @Disabled("needs kube-apiserver's RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass), which Capstan lacks")
    @DisplayName("[sig-node] RuntimeClass should reject a Pod requesting a deleted RuntimeClass [NodeConformance] [Conformance]")
    void rejectsAPodRequestingADeletedRuntimeClass(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "runtimeclass")) {
            String rcName = createRuntimeClass(f, "delete-me", "runc");
            var rcClient = runtimeClasses(f.client());

            // Deleting RuntimeClass, and waiting for it to disappear
            rcClient.withName(rcName).delete();
            eventually(() -> rcClient.withName(rcName).get() == null, Duration.ofMinutes(1), Duration.ofSeconds(2),
                    "RuntimeClass " + rcName + " did not disappear");

            // Eventually(expectPodRejection, ContainerStatusRetryTimeout (5 min), ContainerStatusPollInterval (5 s)).Should(Succeed())
            eventually(() -> expectPodRejection(f, rcName) == null, Duration.ofMinutes(5), Duration.ofSeconds(5),
                    "pod requesting a deleted RuntimeClass was not rejected");
        }
    }

    @Test
    @DisplayName("[sig-node] RuntimeClass should support RuntimeClasses API operations [Conformance]")
    void supportsRuntimeClassesApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "runtimeclass")) {
            KubernetesClient c = f.client();
            // Setup
            String rcVersion = "v1";
            var rcClient = runtimeClasses(c);
            String uniqueName = f.namespace();
            String testSelector = "test=" + uniqueName;

            // All CRUD operations in this test are limited to the objects with the label test=f.UniqueName
            RuntimeClass rc = newRuntimeClass(uniqueName + "-handler", uniqueName + "-conformance-runtime-class");
            rc.getMetadata().setLabels(Map.of("test", uniqueName));
            RuntimeClass rc2 = newRuntimeClass(uniqueName + "-handler2", uniqueName + "-conformance-runtime-class2");
            rc2.getMetadata().setLabels(Map.of("test", uniqueName));
            RuntimeClass rc3 = newRuntimeClass(uniqueName + "-handler3", uniqueName + "-conformance-runtime-class3");
            rc3.getMetadata().setLabels(Map.of("test", uniqueName));

            // Discovery
            expectDiscovered(c, "node.k8s.io", rcVersion, "runtimeclasses", "RuntimeClass");

            // Main resource create/read/update/watch operations: creating
            RuntimeClass createdRC = rcClient.resource(rc).create();
            expectAlreadyExists(() -> rcClient.resource(rc).create());
            rcClient.resource(rc2).create();

            // watching
            try (var rcWatch = ConformanceHelpers.ResultChan.<RuntimeClass>open(w -> rcClient.withLabelSelector(testSelector).watch(w))) {
                // added for a watch
                rcClient.resource(rc3).create();

                // getting
                RuntimeClass gottenRC = rcClient.withName(rc.getMetadata().getName()).get();
                assertNotNull(gottenRC);
                assertEquals(createdRC.getMetadata().getUid(), gottenRC.getMetadata().getUid());

                // listing
                RuntimeClassList rcs = rcClient.withLabelSelector(testSelector).list();
                assertEquals(3, rcs.getItems().size(), "filtered list should have 3 items");

                // patching
                RuntimeClass patchedRC = rcClient.withName(createdRC.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
                assertEquals("true", annotation(patchedRC.getMetadata().getAnnotations(), "patched"),
                        "patched object should have the applied annotation");

                // updating
                RuntimeClass csrToUpdate = Serialization.clone(patchedRC);
                csrToUpdate.getMetadata().getAnnotations().put("updated", "true");
                RuntimeClass updatedRC = rcClient.resource(csrToUpdate).update();
                assertEquals("true", annotation(updatedRC.getMetadata().getAnnotations(), "updated"),
                        "updated object should have the applied annotation");

                // waiting for watch events with expected annotations
                StorageApiConformance.expectWatchResult("runtimeclasses", rcWatch);
            }

            // main resource delete operations: deleting
            rcClient.withName(createdRC.getMetadata().getName()).delete();
            // fabric8's get() answers a 404 NotFound with null and throws on any other error
            RuntimeClass gone = rcClient.withName(createdRC.getMetadata().getName()).get();
            if (gone != null) {
                fail("expected 404, got " + gone);
            }
            RuntimeClassList rcs = rcClient.withLabelSelector(testSelector).list();
            assertEquals(2, rcs.getItems().size(), "filtered list should have 2 items");

            // deleting a collection
            deleteCollection(c, "/apis/node.k8s.io/v1/runtimeclasses", testSelector);
            rcs = rcClient.withLabelSelector(testSelector).list();
            assertTrue(rcs.getItems().isEmpty(), "filtered list should have 0 items");
        }
    }

    // ---------------------------------------------------------------- node_lifecycle.go

    @Test
    @DisplayName("[sig-node] Node Lifecycle should run through the lifecycle of a node [Conformance]")
    void runsThroughTheLifecycleOfANode(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "fake-node")) {
            // the scope of this test only covers the api-server
            var nodeClient = f.client().nodes();

            // Create a fake node with a ready condition but unschedulable, so it won't be selected by the scheduler
            String nodeName = "e2e-fake-node-" + randomString(5);
            Node fakeNode = new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata()
                    .withNewSpec().withUnschedulable(true).endSpec()
                    .withNewStatus().withPhase("Running")
                    .addNewCondition().withStatus("True").withMessage("Set from e2e test").withReason("E2E").withType("Ready").endCondition()
                    .endStatus().build();

            // Create (v1.35 adds resourceVersion checks on the created and the patched node; v1.32 has none)
            Node createdNode = nodeClient.resource(fakeNode).create();
            assertEquals(nodeName, createdNode.getMetadata().getName(), "Checking that the node has been created");

            // Getting
            Node retrievedNode = nodeClient.withName(nodeName).get();
            assertNotNull(retrievedNode, "Failed to retrieve Node " + nodeName);
            assertEquals(nodeName, retrievedNode.getMetadata().getName(), "Checking that the retrieved name has been found");

            // Patching
            Node patchedNode = nodeClient.withName(nodeName).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"metadata\":{\"labels\":{\"" + nodeName + "\":\"patched\"}}}");
            assertEquals("patched", label(patchedNode, nodeName), "Checking that patched label has been applied");
            String patchedSelector = nodeName + "=patched";

            // Listing nodes with LabelSelector
            NodeList nodes = nodeClient.withLabelSelector(patchedSelector).list();
            assertEquals(1, nodes.getItems().size(), "confirm that the patched node has been found");

            // Updating
            Node updatedNode = retryOnConflict(() -> {
                Node tmpNode = nodeClient.withName(nodeName).get();
                assertNotNull(tmpNode, "Unable to get " + nodeName);
                tmpNode.getMetadata().getLabels().put(nodeName, "updated");
                return nodeClient.resource(tmpNode).update();
            });
            assertEquals("updated", label(updatedNode, nodeName), "Checking that updated label has been applied");

            // Delete, and confirm the deletion
            nodeClient.withName(nodeName).delete();
            // (fabric8's get() answers a 404 NotFound with null and throws on any other error)
            eventually(() -> nodeClient.withName(nodeName).get() == null, Duration.ofMinutes(3), Duration.ofSeconds(5),
                    "Timeout while waiting to confirm Node deletion");
        }
    }

    // ---------------------------------------------------------------- node/pods.go

    @Test
    @DisplayName("[sig-node] Pods Extended Pods Set QOS Class should be set on Pods with matching resource requests and limits for memory and cpu [Conformance]")
    void qosClassIsSetOnPodsWithMatchingRequestsAndLimits(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "pods")) {
            var podClient = f.client().pods().inNamespace(f.namespace());
            // creating the pod
            String name = "pod-qos-class-" + UUID.randomUUID();
            Map<String, Quantity> resources = Map.of("cpu", new Quantity("100m"), "memory", new Quantity("100Mi"));
            Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("name", name)).endMetadata()
                    .withNewSpec().addNewContainer().withName("agnhost").withImage(AGNHOST).withArgs("pause")
                    .withNewResources().withLimits(resources).withRequests(resources).endResources().endContainer()
                    .endSpec().build();

            // submitting the pod to kubernetes
            podClient.resource(pod).create();

            // verifying QOS class is set on the pod
            pod = podClient.withName(name).get();
            assertNotNull(pod, "failed to query for pod");
            assertEquals("Guaranteed", pod.getStatus().getQosClass());
        }
    }

    // ---------------------------------------------------------------- sysctl.go

    @Test
    @DisplayName("[sig-node] Sysctls [LinuxOnly] [NodeConformance] should reject invalid sysctls [MinimumKubeletVersion:1.21] [Conformance]")
    void rejectsInvalidSysctls(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "sysctl")) {
            // testPod(), with one valid and two invalid sysctls (and a second valid one)
            Pod pod = new PodBuilder().withNewMetadata().withName("sysctl-" + UUID.randomUUID()).withAnnotations(new HashMap<>())
                    .endMetadata().withNewSpec()
                    .addNewContainer().withName("test-container").withImage(BUSYBOX).endContainer()
                    .withRestartPolicy("Never")
                    .withNewSecurityContext()
                    .addNewSysctl().withName("foo-").withValue("bar").endSysctl()
                    .addNewSysctl().withName("kernel.shmmax").withValue("100000000").endSysctl()
                    .addNewSysctl().withName("safe-and-unsafe").withValue("100000000").endSysctl()
                    .addNewSysctl().withName("bar..").withValue("42").endSysctl()
                    .endSecurityContext().endSpec().build();

            // Creating a pod with one valid and two invalid sysctls
            KubernetesClientException err = assertThrows(KubernetesClientException.class,
                    () -> f.client().pods().inNamespace(f.namespace()).resource(pod).create());
            String message = errorText(err);
            assertTrue(message.contains("Invalid value: \"foo-\""), message);
            assertTrue(message.contains("Invalid value: \"bar..\""), message);
            assertFalse(message.contains("safe-and-unsafe"), message);
            assertFalse(message.contains("kernel.shmmax"), message);
        }
    }

    // ---------------------------------------------------------------- limit_range.go

    /** {@code getResourceList(cpu, memory, ephemeralStorage)}: the non-empty ones. */
    private static Map<String, Quantity> getResourceList(String cpu, String memory, String ephemeralStorage) {
        Map<String, Quantity> res = new LinkedHashMap<>();
        if (!cpu.isEmpty()) {
            res.put("cpu", new Quantity(cpu));
        }
        if (!memory.isEmpty()) {
            res.put("memory", new Quantity(memory));
        }
        if (!ephemeralStorage.isEmpty()) {
            res.put("ephemeral-storage", new Quantity(ephemeralStorage));
        }
        return res;
    }

    /** {@code resource.Quantity.Cmp(other) == 0}. */
    private static boolean sameQuantity(Quantity a, Quantity b) {
        BigDecimal x = Quantity.getAmountInBytes(a);
        BigDecimal y = Quantity.getAmountInBytes(b);
        return x.compareTo(y) == 0;
    }

    /** Upstream's {@code equalResourceList}: the same resources, each with an equal quantity. */
    private static String equalResourceList(Map<String, Quantity> expected, Map<String, Quantity> actual) {
        Map<String, Quantity> a = actual == null ? Map.of() : actual;
        Map<String, Quantity> e = expected == null ? Map.of() : expected;
        for (var entry : e.entrySet()) {
            Quantity actualValue = a.get(entry.getKey());
            if (actualValue == null || !sameQuantity(entry.getValue(), actualValue)) {
                return "resource " + entry.getKey() + " expected " + entry.getValue() + " actual " + actualValue;
            }
        }
        for (var entry : a.entrySet()) {
            Quantity expectedValue = e.get(entry.getKey());
            if (expectedValue == null || !sameQuantity(entry.getValue(), expectedValue)) {
                return "resource " + entry.getKey() + " expected " + expectedValue + " actual " + entry.getValue();
            }
        }
        return null;
    }

    /** Upstream's {@code equalResourceRequirement}: requests, then limits. */
    private static void assertEqualResourceRequirement(ResourceRequirements expected, ResourceRequirements actual, Object context) {
        String err = equalResourceList(expected.getRequests(), actual.getRequests());
        if (err == null) {
            err = equalResourceList(expected.getLimits(), actual.getLimits());
        }
        if (err != null) {
            fail(err + " (in " + context + ")");
        }
    }

    /** Upstream's {@code newLimitRange}: one item of the given type, labelled {@code time=<value>}. */
    private static LimitRange newLimitRange(String name, String value, String limitType, Map<String, Quantity> min,
                                            Map<String, Quantity> max, Map<String, Quantity> defaultLimit,
                                            Map<String, Quantity> defaultRequest, Map<String, Quantity> maxLimitRequestRatio) {
        return new LimitRangeBuilder().withNewMetadata().withName(name).withLabels(Map.of("time", value)).endMetadata()
                .withNewSpec().withLimits(new LimitRangeItemBuilder().withType(limitType).withMin(min).withMax(max)
                        .withDefault(defaultLimit).withDefaultRequest(defaultRequest)
                        .withMaxLimitRequestRatio(maxLimitRequestRatio).build()).endSpec().build();
    }

    /** Upstream's {@code newTestPod}: one pause container with those requests and limits. */
    private static Pod newTestPod(String name, Map<String, Quantity> requests, Map<String, Quantity> limits) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("pause").withImage(PAUSE)
                .withNewResources().withRequests(requests).withLimits(limits).endResources().endContainer().endSpec().build();
    }

    @Test
    @Disabled("needs kube-apiserver's LimitRanger admission plugin (plugin/pkg/admission/limitranger), which Capstan lacks")
    @DisplayName("[sig-scheduling] LimitRange should create a LimitRange with defaults and ensure pod has those defaults applied. [Conformance]")
    void createsALimitRangeWithDefaultsAppliedToPods(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "limitrange")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            var limitRanges = c.limitRanges().inNamespace(ns);
            var pods = c.pods().inNamespace(ns);

            // Creating a LimitRange
            Map<String, Quantity> min = getResourceList("50m", "100Mi", "100Gi");
            Map<String, Quantity> max = getResourceList("500m", "500Mi", "500Gi");
            Map<String, Quantity> defaultLimit = getResourceList("500m", "500Mi", "500Gi");
            Map<String, Quantity> defaultRequest = getResourceList("100m", "200Mi", "200Gi");
            Map<String, Quantity> maxLimitRequestRatio = Map.of();
            String value = System.nanoTime() % 1_000_000_000 + UUID.randomUUID().toString();
            LimitRange limitRange = newLimitRange("limit-range", value, "Container", min, max, defaultLimit, defaultRequest,
                    maxLimitRequestRatio);

            // Setting up watch (an informer's list, then a watch from the listed resourceVersion)
            String selector = "time=" + value;
            LimitRangeList limitRangeList = limitRanges.withLabelSelector(selector).list();
            assertTrue(limitRangeList.getItems().isEmpty(), "failed to query for limitRanges");
            try (var w = ConformanceHelpers.ResultChan.<LimitRange>open(watcher -> limitRanges.withLabelSelector(selector)
                    .watch(new ListOptionsBuilder().withResourceVersion(limitRangeList.getMetadata().getResourceVersion()).build(),
                            watcher))) {

                // Submitting a LimitRange
                limitRange = limitRanges.resource(limitRange).create();

                // Verifying LimitRange creation was observed
                var event = w.receive(RESPONDING_TIMEOUT);
                if (event == null) {
                    fail("Timeout while waiting for LimitRange creation");
                }
                if (event.type() != Watcher.Action.ADDED) {
                    fail("Failed to observe limitRange creation : " + event);
                }
            }

            // Fetching the LimitRange to ensure it has proper values
            limitRange = limitRanges.withName(limitRange.getMetadata().getName()).get();
            ResourceRequirements expected = new ResourceRequirementsBuilder().withRequests(defaultRequest).withLimits(defaultLimit).build();
            LimitRangeItem item = limitRange.getSpec().getLimits().getFirst();
            assertEqualResourceRequirement(expected, new ResourceRequirementsBuilder().withRequests(item.getDefaultRequest())
                    .withLimits(item.getDefault()).build(), limitRange);

            // Creating a Pod with no resource requirements
            Pod pod = pods.resource(newTestPod("pod-no-resources", Map.of(), Map.of())).create();

            // Ensuring Pod has resource requirements applied from LimitRange
            pod = pods.withName(pod.getMetadata().getName()).get();
            for (var container : pod.getSpec().getContainers()) {
                assertEqualResourceRequirement(expected, container.getResources(), pod);
            }

            // Creating a Pod with partial resource requirements
            pod = pods.resource(newTestPod("pod-partial-resources", getResourceList("", "150Mi", "150Gi"),
                    getResourceList("300m", "", ""))).create();

            // Ensuring Pod has merged resource requirements applied from LimitRange: a Limit with no Request
            // defaults the Request to the Limit, so DefaultRequest only applies where no limit is supplied
            pod = pods.withName(pod.getMetadata().getName()).get();
            expected = new ResourceRequirementsBuilder().withRequests(getResourceList("300m", "150Mi", "150Gi"))
                    .withLimits(getResourceList("300m", "500Mi", "500Gi")).build();
            for (var container : pod.getSpec().getContainers()) {
                assertEqualResourceRequirement(expected, container.getResources(), pod);
            }

            // Failing to create a Pod with less than min resources
            assertThrows(KubernetesClientException.class,
                    () -> pods.resource(newTestPod("pfpod", getResourceList("10m", "50Mi", "50Gi"), Map.of())).create());

            // Failing to create a Pod with more than max resources
            assertThrows(KubernetesClientException.class,
                    () -> pods.resource(newTestPod("pfpod", getResourceList("600m", "600Mi", "600Gi"), Map.of())).create());

            // Updating a LimitRange
            Map<String, Quantity> newMin = getResourceList("9m", "49Mi", "49Gi");
            limitRange.getSpec().getLimits().getFirst().setMin(newMin);
            limitRange = limitRanges.resource(limitRange).update();

            // Verifying LimitRange updating is effective (wait.PollUntilContextTimeout(2 s, 20 s, immediate=false))
            String lrName = limitRange.getMetadata().getName();
            Thread.sleep(2000);
            eventually(() -> equalResourceList(newMin, limitRanges.withName(lrName).get().getSpec().getLimits().getFirst().getMin()) == null,
                    Duration.ofSeconds(18), Duration.ofSeconds(2), "LimitRange min was not updated");

            // Creating a Pod with less than former min resources
            pods.resource(newTestPod("pfpod", getResourceList("10m", "50Mi", "50Gi"), Map.of())).create();

            // Failing to create a Pod with more than max resources
            assertThrows(KubernetesClientException.class,
                    () -> pods.resource(newTestPod("pfpod", getResourceList("600m", "600Mi", "600Gi"), Map.of())).create());

            // Deleting a LimitRange (grace period 30 s)
            c.raw("/api/v1/namespaces/" + ns + "/limitranges/" + lrName, "DELETE",
                    new DeleteOptionsBuilder().withGracePeriodSeconds(30L).build());

            // Verifying the LimitRange was deleted (poll every 5 s, not immediately, for RespondingTimeout)
            Thread.sleep(5000);
            eventually(() -> limitRanges.list().getItems().isEmpty(), RESPONDING_TIMEOUT, Duration.ofSeconds(5),
                    "LimitRange was not deleted");

            // Creating a Pod with more than former max resources (retried: the plugin's live lookup cache may hold
            // the deleted LimitRange for up to 30 s)
            Pod bigPod = newTestPod("pfpod2", getResourceList("600m", "600Mi", "600Gi"), Map.of());
            eventually(() -> {
                try {
                    pods.resource(bigPod).create();
                    return true;
                } catch (KubernetesClientException e) {
                    return false;
                }
            }, Duration.ofSeconds(30), Duration.ofSeconds(5), "pod with more than the former max resources was not admitted");
        }
    }

    @Test
    @DisplayName("[sig-scheduling] LimitRange should list, patch and delete a LimitRange by collection [Conformance]")
    void listsPatchesAndDeletesALimitRangeByCollection(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "limitrange")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            var lrClient = c.limitRanges().inNamespace(ns);
            String lrName = "e2e-limitrange-" + randomString(5);
            String e2eLabelSelector = "e2e-test=" + lrName;
            String patchedLabelSelector = lrName + "=patched";

            Map<String, Quantity> min = getResourceList("50m", "100Mi", "100Gi");
            Map<String, Quantity> max = getResourceList("500m", "500Mi", "500Gi");
            Map<String, Quantity> defaultLimit = getResourceList("500m", "500Mi", "500Gi");
            Map<String, Quantity> defaultRequest = getResourceList("100m", "200Mi", "200Gi");
            Map<String, Quantity> maxLimitRequestRatio = Map.of();

            LimitRange limitRange = new LimitRangeBuilder().withNewMetadata().withName(lrName)
                    .withLabels(Map.of("e2e-test", lrName, lrName, "created")).endMetadata()
                    .withNewSpec().withLimits(new LimitRangeItemBuilder().withType("Container").withMin(min).withMax(max)
                            .withDefault(defaultLimit).withDefaultRequest(defaultRequest)
                            .withMaxLimitRequestRatio(maxLimitRequestRatio).build()).endSpec().build();
            // Create a copy to be used in a second namespace
            LimitRange limitRange2 = Serialization.clone(limitRange);

            // Creating LimitRange in the namespace
            limitRange = lrClient.resource(limitRange).create();

            // Creating another limitRange in another namespace
            try (Framework other = Framework.create(plane, lrName)) {
                c.limitRanges().inNamespace(other.namespace()).resource(limitRange2).create();

                // Listing all LimitRanges with the label (listCoreV1LimitRangeForAllNamespaces)
                LimitRangeList limitRangeList = c.limitRanges().inAnyNamespace().withLabelSelector(e2eLabelSelector).list();
                assertEquals(2, limitRangeList.getItems().size(), "Failed to find the correct limitRange count");

                // Patching the LimitRange in the namespace
                Map<String, Quantity> newMin = getResourceList("9m", "49Mi", "49Gi");
                limitRange.getSpec().getLimits().getFirst().setMin(newMin);
                ObjectMeta patchMeta = new ObjectMeta();
                patchMeta.setCreationTimestamp(limitRange.getMetadata().getCreationTimestamp());
                patchMeta.setLabels(Map.of(lrName, "patched"));
                LimitRange payload = new LimitRange();
                payload.setMetadata(patchMeta);
                payload.setSpec(new io.fabric8.kubernetes.api.model.LimitRangeSpec(limitRange.getSpec().getLimits()));
                String limitRangePayload = limitRangeJson(payload);

                LimitRange patchedLimitRange = lrClient.withName(lrName).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                        limitRangePayload);
                assertEquals("patched", patchedLimitRange.getMetadata().getLabels().get(lrName),
                        lrName + " label didn't have value 'patched' for this limitRange. Current labels: "
                                + patchedLimitRange.getMetadata().getLabels());
                if (equalResourceList(newMin, patchedLimitRange.getSpec().getLimits().getFirst().getMin()) != null) {
                    fail("LimitRange does not have the correct min limitRange. Currently is "
                            + patchedLimitRange.getSpec().getLimits().getFirst().getMin());
                }

                // Delete LimitRange by Collection with labelSelector
                deleteCollection(c, "/api/v1/namespaces/" + ns + "/limitranges", patchedLabelSelector);

                // Confirm that the limitRange has been deleted (poll 1 s, for 10 s, immediately)
                eventually(() -> lrClient.withLabelSelector(patchedLabelSelector).list().getItems().isEmpty(),
                        Duration.ofSeconds(10), Duration.ofSeconds(1), "failed to count the required limitRanges");

                // Confirm that a single LimitRange still exists with label
                limitRangeList = c.limitRanges().inAnyNamespace().withLabelSelector(e2eLabelSelector).list();
                assertEquals(1, limitRangeList.getItems().size(), "Failed to find the correct limitRange count");
            }
        }
    }

    /**
     * {@code json.Marshal(v1.LimitRange{ObjectMeta: {CreationTimestamp, Labels}, Spec: {Limits}})}: Go writes
     * no apiVersion or kind (empty TypeMeta), the creation timestamp, and each quantity in its canonical form.
     */
    @SuppressWarnings("unchecked")
    private static String limitRangeJson(LimitRange payload) {
        Map<String, Object> tree = Serialization.unmarshal(Serialization.asJson(payload), Map.class);
        tree.remove("apiVersion");
        tree.remove("kind");
        return Serialization.asJson(tree);
    }
}
