package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EndpointsList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceList;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassList;
import io.fabric8.kubernetes.api.model.networking.v1.IngressList;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of the nine {@code [sig-network]} conformance tests of v1.32 that need only the API server:
 * <ul>
 *     <li>{@code test/e2e/network/endpointslice.go}: {@code EndpointSlice should have Endpoints and
 *     EndpointSlices pointing to API Server} and {@code should support creating EndpointSlice API
 *     operations};</li>
 *     <li>{@code test/e2e/network/ingress.go}: {@code Ingress API should support creating Ingress API
 *     operations};</li>
 *     <li>{@code test/e2e/network/ingressclass.go}: {@code IngressClass API should support creating
 *     IngressClass API operations};</li>
 *     <li>{@code test/e2e/network/service.go}: the {@code Services} tests {@code should provide secure
 *     master service}, {@code should find a service from listing all namespaces}, {@code should test the
 *     lifecycle of an Endpoint}, {@code should complete a service status lifecycle} and {@code should
 *     delete a collection of services}.</li>
 * </ul>
 * The other Conformance tests of those files need the endpoints, endpointslice or endpointslice-mirroring
 * controllers, or pods that run. The assertions are upstream's: discovery lists the group, version and
 * resource; create, get, list (in the namespace and across namespaces), watch from a list's resource
 * version, merge and strategic-merge patches, updates, status patches and updates, delete and delete a
 * collection do what they say; and the API server's own {@code default/kubernetes} Service has Endpoints
 * and EndpointSlices with the same addresses and ports. The fabric8 client stands in for client-go: a
 * DeleteCollection is one {@code DELETE} on the collection, as client-go sends it (fabric8's own would
 * fall back to deleting one by one on a 405), {@code ServerGroups()} is one {@code GET /apis} asking
 * for aggregated discovery first, as client-go's discovery client sends it, the other discovery documents
 * are read with plain {@code GET}s, and
 * the dynamic client's {@code Get(..., "status")} is a {@code GET} of the status subresource.
 */
abstract class NetworkApiConformance {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@code wait.ForeverTestTimeout}. */
    private static final Duration FOREVER_TEST_TIMEOUT = Duration.ofSeconds(30);
    /** service.go's {@code svcReadyTimeout}. */
    private static final Duration SVC_READY_TIMEOUT = Duration.ofMinutes(1);

    // ---------------------------------------------------------------- client-go stand-ins

    private static MixedOperation<EndpointSlice, EndpointSliceList, Resource<EndpointSlice>> endpointSlices(KubernetesClient c) {
        return c.discovery().v1().endpointSlices();
    }

    private static MixedOperation<Ingress, IngressList, Resource<Ingress>> ingresses(KubernetesClient c) {
        return c.network().v1().ingresses();
    }

    private static NonNamespaceOperation<IngressClass, IngressClassList, Resource<IngressClass>> ingressClasses(KubernetesClient c) {
        return c.network().v1().ingressClasses();
    }

    private static ListOptions listOptions(String labelSelector, String resourceVersion) {
        return new ListOptionsBuilder().withLabelSelector(labelSelector).withResourceVersion(resourceVersion).build();
    }

    /** client-go's {@code DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: ...})}. */
    private static void deleteCollection(KubernetesClient client, String collectionPath, String labelSelector) {
        client.raw(collectionPath + "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8),
                "DELETE", new DeleteOptions());
    }

    /**
     * client-go's {@code Discovery().ServerGroups()} for the groups under {@code /apis}: one {@code GET /apis}
     * that asks for aggregated discovery first (v2, then v2beta1) and plain JSON last, read as whichever the
     * server answered with; each group's name and the versions it lists.
     */
    private static Map<String, List<String>> serverGroups(LocalControlPlane plane) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(plane.aggregatorUrl().resolve("/apis"))
                .header("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")
                .GET().build();
        HttpResponse<String> response;
        try (HttpClient http = plane.httpClient()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(200, response.statusCode(), response.body());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        Map<String, List<String>> groups = new LinkedHashMap<>();
        JsonNode body = MAPPER.readTree(response.body());
        if (contentType.contains("as=APIGroupDiscoveryList")) {
            for (JsonNode g : body.path("items")) {
                List<String> versions = new ArrayList<>();
                g.path("versions").forEach(v -> versions.add(v.path("version").asText()));
                groups.put(g.path("metadata").path("name").asText(), versions);
            }
        } else {
            APIGroupList list = SERIALIZATION.unmarshal(response.body(), APIGroupList.class);
            for (APIGroup g : list.getGroups()) {
                groups.put(g.getName(), g.getVersions().stream().map(GroupVersionForDiscovery::getVersion).toList());
            }
        }
        return groups;
    }

    /** Upstream's "getting /apis": the group must list the version. */
    private static void expectGroupVersionInApis(LocalControlPlane plane, String group, String version, String what)
            throws Exception {
        Map<String, List<String>> discoveryGroups = serverGroups(plane);
        boolean found = false;
        for (Map.Entry<String, List<String>> g : discoveryGroups.entrySet()) {
            if (g.getKey().equals(group)) {
                for (String v : g.getValue()) {
                    if (v.equals(version)) {
                        found = true;
                        break;
                    }
                }
            }
        }
        if (!found) {
            fail("expected " + what + " API group/version, got " + discoveryGroups);
        }
    }

    /** Upstream's "getting /apis/&lt;group&gt;": {@code RESTClient().Get().AbsPath("/apis/<group>").Into(&metav1.APIGroup{})}. */
    private static void expectVersionInGroup(KubernetesClient client, String group, String version, String what) {
        APIGroup g = SERIALIZATION.unmarshal(client.raw("/apis/" + group), APIGroup.class);
        boolean found = false;
        for (GroupVersionForDiscovery v : g.getVersions()) {
            if (v.getVersion().equals(version)) {
                found = true;
                break;
            }
        }
        if (!found) {
            fail("expected " + what + " API version, got " + g.getVersions());
        }
    }

    /** Upstream's "getting /apis/&lt;group&gt;/&lt;version&gt;": {@code ServerResourcesForGroupVersion} must list the resource. */
    private static void expectResourceInGroupVersion(KubernetesClient client, String groupVersion, String resource) {
        APIResourceList resources = SERIALIZATION.unmarshal(client.raw("/apis/" + groupVersion), APIResourceList.class);
        boolean found = false;
        for (APIResource r : resources.getResources()) {
            if (r.getName().equals(resource)) {
                found = true;
            }
        }
        if (!found) {
            fail("expected " + resource + ", got " + resources.getResources());
        }
    }

    /** client-go's {@code retry.RetryOnConflict(retry.DefaultRetry, ...)}: up to five tries while the server says 409. */
    private static <T> T retryOnConflict(Supplier<T> attempt) throws InterruptedException {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || i >= 5) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    /**
     * Upstream's "waiting for watch events with expected annotations" loop: every event must be MODIFIED,
     * until one carries the {@code patched} annotation; {@code wait.ForeverTestTimeout} for each event.
     */
    private static <T extends HasMetadata> void expectModifiedUntilPatched(ResultChannel<T> watch) throws InterruptedException {
        for (boolean sawAnnotations = false; !sawAnnotations; ) {
            ResultChannel.Event<T> evt = watch.next(FOREVER_TEST_TIMEOUT);
            if (evt == null) {
                fail("timed out waiting for watch event");
            }
            if (evt.closed() != null) {
                fail("watch channel should not close: " + evt.closed());
            }
            assertEquals(Action.MODIFIED, evt.type());
            Map<String, String> annotations = evt.object().getMetadata().getAnnotations();
            if (annotations != null && "true".equals(annotations.get("patched"))) {
                sawAnnotations = true;
                watch.close();
            }
        }
    }

    private static void assertHasKeyWithValue(Map<String, String> map, String key, String value, String message) {
        assertTrue(map != null && value.equals(map.get(key)), message + ": expected " + key + "=" + value + " in " + map);
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

    // ---------------------------------------------------------------- endpointslice.go

    @Test
    @DisplayName("[sig-network] EndpointSlice should have Endpoints and EndpointSlices pointing to API Server [Conformance]")
    void endpointsAndEndpointSlicesPointToTheApiServer(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "endpointslice")) {
            KubernetesClient cs = f.client();
            String namespace = "default";
            String name = "kubernetes";
            // verify "kubernetes.default" service exist
            Service service = cs.services().inNamespace(namespace).withName(name).get();
            assertNotNull(service, "error obtaining API server \"kubernetes\" Service resource on \"default\" namespace");

            // verify Endpoints for the API servers exist
            Endpoints endpoints = cs.endpoints().inNamespace(namespace).withName(name).get();
            assertNotNull(endpoints, "error obtaining API server \"kubernetes\" Endpoint resource on \"default\" namespace");
            if (endpoints.getSubsets() == null || endpoints.getSubsets().isEmpty()) {
                fail("Expected at least 1 subset in endpoints, got 0: " + endpoints.getSubsets());
            }
            // verify EndpointSlices for the API servers exist
            EndpointSliceList endpointSliceList = endpointSlices(cs).inNamespace(namespace)
                    .list(listOptions("kubernetes.io/service-name=" + name, null));
            if (endpointSliceList.getItems().isEmpty()) {
                fail("Expected at least 1 EndpointSlice, got 0: " + endpoints.getSubsets());
            }

            // framework.TestContext.ClusterIsIPv6(): the IP family of the kubernetes.default service
            boolean clusterIsIPv6 = service.getSpec().getClusterIP() != null && service.getSpec().getClusterIP().contains(":");
            if (!endpointSlicesEqual(endpoints, endpointSliceList, clusterIsIPv6)) {
                fail("Expected EndpointSlice to have same addresses and port as Endpoints, got " + endpoints + ": "
                        + endpointSliceList);
            }
        }
    }

    /**
     * Upstream's {@code endpointSlicesEqual}: the Endpoints' addresses (ready and not) and ports equal the
     * addresses and ports of the slices of the cluster's IP family.
     */
    private static boolean endpointSlicesEqual(Endpoints endpoints, EndpointSliceList endpointSliceList, boolean clusterIsIPv6) {
        Set<String> epAddresses = new HashSet<>();
        Set<Integer> epPorts = new HashSet<>();
        for (EndpointSubset subset : endpoints.getSubsets()) {
            for (EndpointAddress addr : nullToEmpty(subset.getAddresses())) {
                epAddresses.add(addr.getIp());
            }
            for (EndpointAddress addr : nullToEmpty(subset.getNotReadyAddresses())) {
                epAddresses.add(addr.getIp());
            }
            for (EndpointPort port : nullToEmpty(subset.getPorts())) {
                epPorts.add(port.getPort());
            }
        }
        String addrType = clusterIsIPv6 ? "IPv6" : "IPv4";
        Set<String> sliceAddresses = new HashSet<>();
        Set<Integer> slicePorts = new HashSet<>();
        for (EndpointSlice slice : endpointSliceList.getItems()) {
            if (!addrType.equals(slice.getAddressType())) {
                continue;
            }
            for (Endpoint s : nullToEmpty(slice.getEndpoints())) {
                sliceAddresses.addAll(s.getAddresses());
            }
            for (var ports : nullToEmpty(slice.getPorts())) {
                if (ports.getPort() != null) {
                    slicePorts.add(ports.getPort());
                }
            }
        }
        return sliceAddresses.equals(epAddresses) && slicePorts.equals(epPorts);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    @Test
    @DisplayName("[sig-network] EndpointSlice should support creating EndpointSlice API operations [Conformance]")
    void endpointSliceApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "endpointslice")) {
            KubernetesClient c = f.client();
            // Setup
            String ns = f.namespace();
            String uniqueName = f.namespace();
            String epsVersion = "v1";
            var epsClient = endpointSlices(c).inNamespace(ns);

            EndpointSlice epsTemplate = new EndpointSliceBuilder()
                    .withNewMetadata().withGenerateName("e2e-example-ing").addToLabels("special-label", uniqueName).endMetadata()
                    .withAddressType("IPv4")
                    .addNewEndpoint().withAddresses("1.2.3.4", "5.6.7.8").endEndpoint()
                    .addNewEndpoint().withAddresses("2.2.3.4", "6.6.7.8").endEndpoint()
                    .build();
            // Discovery
            // getting /apis
            expectGroupVersionInApis(plane, "discovery.k8s.io", epsVersion, "discovery");
            // getting /apis/discovery.k8s.io
            expectVersionInGroup(c, "discovery.k8s.io", epsVersion, "discovery");
            // getting /apis/discovery.k8s.iov1
            expectResourceInGroupVersion(c, "discovery.k8s.io/v1", "endpointslices");

            // EndpointSlice resource create/read/update/watch verbs
            // creating
            epsClient.resource(epsTemplate).create();
            epsClient.resource(epsTemplate).create();
            EndpointSlice createdEPS = epsClient.resource(epsTemplate).create();

            // getting
            EndpointSlice queriedEPS = epsClient.withName(createdEPS.getMetadata().getName()).get();
            assertNotNull(queriedEPS);
            assertEquals(createdEPS.getMetadata().getUid(), queriedEPS.getMetadata().getUid());
            // (v1.35 adds a check that the resourceVersion is valid; v1.32 has none)

            // listing
            EndpointSliceList epsList = epsClient.list(listOptions("special-label=" + uniqueName, null));
            assertEquals(3, epsList.getItems().size(), "filtered list should have 3 items");

            // watching
            try (ResultChannel<EndpointSlice> epsWatch = ResultChannel.open(w -> epsClient.watch(
                    listOptions("special-label=" + uniqueName, epsList.getMetadata().getResourceVersion()), w))) {

                // Test cluster-wide list and watch
                // cluster-wide listing
                EndpointSliceList clusterEPSList = endpointSlices(c).inAnyNamespace()
                        .list(listOptions("special-label=" + uniqueName, null));
                assertEquals(3, clusterEPSList.getItems().size(), "filtered list should have 3 items");

                // cluster-wide watching
                try (ResultChannel<EndpointSlice> ignored = ResultChannel.open(w -> endpointSlices(c).inAnyNamespace().watch(
                        listOptions("special-label=" + uniqueName, epsList.getMetadata().getResourceVersion()), w))) {

                    // patching
                    EndpointSlice patchedEPS = epsClient.withName(createdEPS.getMetadata().getName())
                            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
                    assertHasKeyWithValue(patchedEPS.getMetadata().getAnnotations(), "patched", "true",
                            "patched object should have the applied annotation");
                    // (v1.35 adds a check that the patch raised the resourceVersion; v1.32 has none)

                    // updating
                    EndpointSlice updatedEPS = retryOnConflict(() -> {
                        EndpointSlice epsToUpdate = epsClient.withName(createdEPS.getMetadata().getName()).get();
                        epsToUpdate.getMetadata().getAnnotations().put("updated", "true");
                        return epsClient.resource(epsToUpdate).update();
                    });
                    assertHasKeyWithValue(updatedEPS.getMetadata().getAnnotations(), "updated", "true",
                            "updated object should have the applied annotation");

                    // waiting for watch events with expected annotations
                    expectModifiedUntilPatched(epsWatch);
                }
            }

            // deleting
            epsClient.withName(createdEPS.getMetadata().getName()).delete();
            EndpointSlice gone = epsClient.withName(createdEPS.getMetadata().getName()).get();
            if (gone != null) {
                fail("expected 404, got " + gone);
            }
            EndpointSliceList afterDelete = epsClient.list(listOptions("special-label=" + uniqueName, null));
            assertEquals(2, afterDelete.getItems().size(), "filtered list should have 2 items");
            for (EndpointSlice eps : afterDelete.getItems()) {
                if (eps.getMetadata().getNamespace().equals(createdEPS.getMetadata().getNamespace())
                        && eps.getMetadata().getName().equals(createdEPS.getMetadata().getName())) {
                    fail("listing after deleting createdEPS");
                }
            }

            // deleting a collection
            deleteCollection(c, "/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices", "special-label=" + uniqueName);
            EndpointSliceList afterCollection = epsClient.list(listOptions("special-label=" + uniqueName, null));
            assertTrue(afterCollection.getItems().isEmpty(), "filtered list should have 0 items");
        }
    }

    // ---------------------------------------------------------------- ingress.go

    @Test
    @DisplayName("[sig-network] Ingress API should support creating Ingress API operations [Conformance]")
    void ingressApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "ingress")) {
            KubernetesClient c = f.client();
            // Setup
            String ns = f.namespace();
            String uniqueName = f.namespace();
            String ingVersion = "v1";
            var ingClient = ingresses(c).inNamespace(ns);

            Ingress ingTemplate = new IngressBuilder()
                    .withNewMetadata().withGenerateName("e2e-example-ing").addToLabels("special-label", uniqueName).endMetadata()
                    .withNewSpec()
                    .withNewDefaultBackend().withNewService().withName("default-backend")
                    .withNewPort().withNumber(8080).endPort().endService().endDefaultBackend()
                    .addNewRule().withHost("foo.bar.com").withNewHttp().addNewPath().withPath("/")
                    .withPathType("ImplementationSpecific")
                    .withNewBackend().withNewService().withName("test-backend").withNewPort().withNumber(8080).endPort()
                    .endService().endBackend().endPath().endHttp().endRule()
                    .endSpec()
                    .withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus()
                    .build();

            Ingress ingress1 = SERIALIZATION.clone(ingTemplate);
            ingress1.getSpec().getRules().get(0).setHost("host1.bar.com");
            Ingress ingress2 = SERIALIZATION.clone(ingTemplate);
            ingress2.getSpec().getRules().get(0).setHost("host2.bar.com");
            Ingress ingress3 = SERIALIZATION.clone(ingTemplate);
            ingress3.getSpec().getRules().get(0).setHost("host3.bar.com");

            // Discovery
            // getting /apis
            expectGroupVersionInApis(plane, "networking.k8s.io", ingVersion, "networking");
            // getting /apis/networking.k8s.io
            expectVersionInGroup(c, "networking.k8s.io", ingVersion, "networking");
            // getting /apis/networking.k8s.iov1
            expectResourceInGroupVersion(c, "networking.k8s.io/v1", "ingresses");

            // Ingress resource create/read/update/watch verbs
            // creating
            ingClient.resource(ingress1).create();
            ingClient.resource(ingress2).create();
            Ingress createdIngress = ingClient.resource(ingress3).create();

            // getting
            Ingress gottenIngress = ingClient.withName(createdIngress.getMetadata().getName()).get();
            assertNotNull(gottenIngress);
            assertEquals(createdIngress.getMetadata().getUid(), gottenIngress.getMetadata().getUid());

            // listing
            IngressList ings = ingClient.list(listOptions("special-label=" + uniqueName, null));
            assertEquals(3, ings.getItems().size(), "filtered list should have 3 items");

            // watching
            try (ResultChannel<Ingress> ingWatch = ResultChannel.open(w -> ingClient.watch(
                    listOptions("special-label=" + uniqueName, ings.getMetadata().getResourceVersion()), w))) {

                // Test cluster-wide list and watch
                // cluster-wide listing
                IngressList clusterIngs = ingresses(c).inAnyNamespace().list(listOptions("special-label=" + uniqueName, null));
                assertEquals(3, clusterIngs.getItems().size(), "filtered list should have 3 items");

                // cluster-wide watching
                try (ResultChannel<Ingress> ignored = ResultChannel.open(w -> ingresses(c).inAnyNamespace().watch(
                        listOptions("special-label=" + uniqueName, ings.getMetadata().getResourceVersion()), w))) {

                    // patching
                    Ingress patchedIngress = ingClient.withName(createdIngress.getMetadata().getName())
                            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
                    assertHasKeyWithValue(patchedIngress.getMetadata().getAnnotations(), "patched", "true",
                            "patched object should have the applied annotation");

                    // updating
                    Ingress updatedIngress = retryOnConflict(() -> {
                        Ingress ingToUpdate = ingClient.withName(createdIngress.getMetadata().getName()).get();
                        ingToUpdate.getMetadata().getAnnotations().put("updated", "true");
                        return ingClient.resource(ingToUpdate).update();
                    });
                    assertHasKeyWithValue(updatedIngress.getMetadata().getAnnotations(), "updated", "true",
                            "updated object should have the applied annotation");

                    // waiting for watch events with expected annotations
                    expectModifiedUntilPatched(ingWatch);
                }
            }

            // /status subresource operations
            // patching /status
            IngressLoadBalancerStatus lbStatus = new IngressLoadBalancerStatusBuilder()
                    .withIngress(new IngressLoadBalancerIngressBuilder().withIp("169.1.1.1").build()).build();
            String lbStatusJSON = SERIALIZATION.asJson(lbStatus);
            Ingress patchedStatus = ingClient.withName(createdIngress.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\"patchedstatus\":\"true\"}},\"status\":{\"loadBalancer\":" + lbStatusJSON + "}}");
            assertEquals(lbStatus, patchedStatus.getStatus().getLoadBalancer(),
                    "patched object should have the applied loadBalancer status");
            assertHasKeyWithValue(patchedStatus.getMetadata().getAnnotations(), "patchedstatus", "true",
                    "patched object should have the applied annotation");

            // updating /status
            Ingress[] statusToUpdate = new Ingress[1];
            Ingress updatedStatus = retryOnConflict(() -> {
                statusToUpdate[0] = ingClient.withName(createdIngress.getMetadata().getName()).get();
                statusToUpdate[0].getStatus().setLoadBalancer(new IngressLoadBalancerStatusBuilder()
                        .withIngress(new IngressLoadBalancerIngressBuilder().withIp("169.1.1.2").build()).build());
                return ingClient.resource(statusToUpdate[0]).updateStatus();
            });
            assertEquals(statusToUpdate[0].getStatus().getLoadBalancer(), updatedStatus.getStatus().getLoadBalancer(),
                    "updated object expected to have updated loadbalancer status");

            // get /status
            JsonNode gottenStatus = MAPPER.readTree(c.raw("/apis/networking.k8s.io/" + ingVersion + "/namespaces/" + ns
                    + "/ingresses/" + createdIngress.getMetadata().getName() + "/status"));
            String statusUID = gottenStatus.path("metadata").path("uid").asText();
            assertEquals(createdIngress.getMetadata().getUid(), statusUID,
                    "createdIngress.UID expected to match statusUID");

            // Ingress resource delete operations
            // deleting
            ingClient.withName(createdIngress.getMetadata().getName()).delete();
            Ingress ing = ingClient.withName(createdIngress.getMetadata().getName()).get();
            // If ingress controller does not support finalizers, we expect a 404. Otherwise we validate finalizer behavior.
            if (ing != null) {
                expectFinalizer(ing, "deleting createdIngress");
            }
            IngressList afterDelete = ingClient.list(listOptions("special-label=" + uniqueName, null));
            // Should have <= 3 items since some ingresses might not have been deleted yet due to finalizers
            if (afterDelete.getItems().size() > 3) {
                fail("filtered list should have <= 3 items");
            }
            // Validate finalizer on the deleted ingress
            for (Ingress i : afterDelete.getItems()) {
                if (i.getMetadata().getNamespace().equals(createdIngress.getMetadata().getNamespace())
                        && i.getMetadata().getName().equals(createdIngress.getMetadata().getName())) {
                    expectFinalizer(i, "listing after deleting createdIngress");
                }
            }

            // deleting a collection
            deleteCollection(c, "/apis/networking.k8s.io/v1/namespaces/" + ns + "/ingresses", "special-label=" + uniqueName);
            IngressList afterCollection = ingClient.list(listOptions("special-label=" + uniqueName, null));
            // Should have <= 3 items since some ingresses might not have been deleted yet due to finalizers
            if (afterCollection.getItems().size() > 3) {
                fail("filtered list should have <= 3 items");
            }
            // Validate finalizers
            for (Ingress i : afterCollection.getItems()) {
                expectFinalizer(i, "deleting ingress collection");
            }
        }
    }

    private static void expectFinalizer(Ingress ing, String msg) {
        assertNotNull(ing.getMetadata().getDeletionTimestamp(),
                "expected deletionTimestamp, got nil on step: " + msg + ", ingress: " + ing);
        if (ing.getMetadata().getFinalizers() == null || ing.getMetadata().getFinalizers().isEmpty()) {
            fail("expected finalizers on ingress, got none on step: " + msg + ", ingress: " + ing);
        }
    }

    // ---------------------------------------------------------------- ingressclass.go

    /** Upstream's {@code createIngressClass}. */
    private static IngressClass createIngressClass(KubernetesClient c, String name, boolean isDefault, String uniqueName) {
        IngressClassBuilder ingressClass = new IngressClassBuilder()
                .withNewMetadata().withName(name).addToLabels("ingressclass", uniqueName).addToLabels("special-label", "generic")
                .endMetadata()
                .withNewSpec().withController("example.com/controller").endSpec();
        if (isDefault) {
            ingressClass.editMetadata().addToAnnotations("ingressclass.kubernetes.io/is-default-class", "true").endMetadata();
        }
        return ingressClasses(c).resource(ingressClass.build()).create();
    }

    @Test
    @DisplayName("[sig-network] IngressClass API should support creating IngressClass API operations [Conformance]")
    void ingressClassApiOperations(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "ingressclass")) {
            KubernetesClient cs = f.client();
            String uniqueName = f.namespace();
            // Setup
            var icClient = ingressClasses(cs);
            String icVersion = "v1";

            // Discovery
            // getting /apis
            expectGroupVersionInApis(plane, "networking.k8s.io", icVersion, "networking");
            // getting /apis/networking.k8s.io
            expectVersionInGroup(cs, "networking.k8s.io", icVersion, "networking");
            // getting /apis/networking.k8s.iov1
            expectResourceInGroupVersion(cs, "networking.k8s.io/v1", "ingressclasses");

            // IngressClass resource create/read/update/watch verbs
            // creating
            IngressClass ingressClass1 = createIngressClass(cs, "ingressclass1", false, uniqueName);
            createIngressClass(cs, "ingressclass2", false, uniqueName);
            createIngressClass(cs, "ingressclass3", false, uniqueName);

            // getting
            IngressClass gottenIC = icClient.withName(ingressClass1.getMetadata().getName()).get();
            assertNotNull(gottenIC);
            assertEquals(ingressClass1.getMetadata().getUid(), gottenIC.getMetadata().getUid());
            assertEquals(ingressClass1.getMetadata().getUid(), gottenIC.getMetadata().getUid());

            // listing
            IngressClassList ics = icClient.list(listOptions("special-label=generic", null));
            assertEquals(3, ics.getItems().size(), "filtered list should have 3 items");

            // watching
            try (ResultChannel<IngressClass> icWatch = ResultChannel.open(w -> icClient.watch(
                    listOptions("ingressclass=" + uniqueName, ics.getMetadata().getResourceVersion()), w))) {

                // patching
                IngressClass patchedIC = icClient.withName(ingressClass1.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
                assertHasKeyWithValue(patchedIC.getMetadata().getAnnotations(), "patched", "true",
                        "patched object should have the applied annotation");

                // updating
                IngressClass icToUpdate = SERIALIZATION.clone(patchedIC);
                icToUpdate.getMetadata().getAnnotations().put("updated", "true");
                IngressClass updatedIC = icClient.resource(icToUpdate).update();
                assertHasKeyWithValue(updatedIC.getMetadata().getAnnotations(), "updated", "true",
                        "updated object should have the applied annotation");

                // waiting for watch events with expected annotations
                expectModifiedUntilPatched(icWatch);
            }

            // IngressClass resource delete operations
            // deleting
            icClient.withName(ingressClass1.getMetadata().getName()).delete();
            IngressClass gone = icClient.withName(ingressClass1.getMetadata().getName()).get();
            if (gone != null) {
                fail("expected 404, got " + gone);
            }
            IngressClassList afterDelete = icClient.list(listOptions("ingressclass=" + uniqueName, null));
            assertEquals(2, afterDelete.getItems().size(), "filtered list should have 2 items");

            // deleting a collection
            deleteCollection(cs, "/apis/networking.k8s.io/v1/ingressclasses", "ingressclass=" + uniqueName);
            IngressClassList afterCollection = icClient.list(listOptions("ingressclass=" + uniqueName, null));
            assertTrue(afterCollection.getItems().isEmpty(), "filtered list should have 0 items");
        }
    }

    // ---------------------------------------------------------------- service.go

    @Test
    @DisplayName("[sig-network] Services should provide secure master service [Conformance]")
    void providesSecureMasterService(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "services")) {
            Service svc = f.client().services().inNamespace("default").withName("kubernetes").get();
            assertNotNull(svc, "failed to fetch the service object for the service named kubernetes");
        }
    }

    @Test
    @DisplayName("[sig-network] Services should find a service from listing all namespaces [Conformance]")
    void findsAServiceFromListingAllNamespaces(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "services")) {
            // fetching services
            ServiceList svcs = f.client().services().inAnyNamespace().list();

            boolean foundSvc = false;
            for (Service svc : svcs.getItems()) {
                if (svc.getMetadata().getName().equals("kubernetes") && svc.getMetadata().getNamespace().equals("default")) {
                    foundSvc = true;
                    break;
                }
            }

            if (!foundSvc) {
                fail("could not find service 'kubernetes' in service list in all namespaces");
            }
        }
    }

    @Test
    @DisplayName("[sig-network] Services should test the lifecycle of an Endpoint [Conformance]")
    void testsTheLifecycleOfAnEndpoint(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "services")) {
            KubernetesClient c = f.client();
            String testNamespaceName = f.namespace();
            String testEndpointName = "testservice";
            Endpoints testEndpoints = new EndpointsBuilder()
                    .withNewMetadata().withName(testEndpointName).addToLabels("test-endpoint-static", "true").endMetadata()
                    .addNewSubset().addNewAddress().withIp("10.0.0.24").endAddress()
                    .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSubset()
                    .build();
            // w: a ListWatch of the namespace's Endpoints with the label test-endpoint-static=true
            java.util.function.Function<String, java.util.function.Function<io.fabric8.kubernetes.client.Watcher<Endpoints>,
                    io.fabric8.kubernetes.client.Watch>> w = rv -> watcher -> c.endpoints().inNamespace(testNamespaceName)
                    .watch(listOptions("test-endpoint-static=true", rv), watcher);
            EndpointsList endpointsList = c.endpoints().inAnyNamespace().list(listOptions("test-endpoint-static=true", null));

            // creating an Endpoint
            c.endpoints().inNamespace(testNamespaceName).resource(testEndpoints).create();
            // waiting for available Endpoint
            boolean added = ResultChannel.until(w.apply(endpointsList.getMetadata().getResourceVersion()), FOREVER_TEST_TIMEOUT,
                    event -> event.type() == Action.ADDED
                            && "true".equals(labels(event.object()).get("test-endpoint-static")));
            assertTrue(added, "failed to see ADDED event");

            // listing all Endpoints
            endpointsList = c.endpoints().inAnyNamespace().list(listOptions("test-endpoint-static=true", null));
            boolean eventFound = false;
            Endpoints foundEndpoint = null;
            for (Endpoints endpoint : endpointsList.getItems()) {
                if (endpoint.getMetadata().getName().equals(testEndpointName)
                        && endpoint.getMetadata().getNamespace().equals(testNamespaceName)) {
                    eventFound = true;
                    foundEndpoint = endpoint;
                    break;
                }
            }
            if (!eventFound) {
                fail("unable to find Endpoint Service in list of Endpoints");
            }

            // updating the Endpoint
            foundEndpoint.getMetadata().getLabels().put("test-service", "updated");
            c.endpoints().inNamespace(testNamespaceName).resource(foundEndpoint).update();

            boolean modified = ResultChannel.until(w.apply(endpointsList.getMetadata().getResourceVersion()), FOREVER_TEST_TIMEOUT,
                    event -> event.type() == Action.MODIFIED
                            && "true".equals(labels(event.object()).get("test-endpoint-static")));
            assertTrue(modified, "failed to see MODIFIED event");

            // fetching the Endpoint
            Endpoints endpoints = c.endpoints().inNamespace(testNamespaceName).withName(testEndpointName).get();
            assertNotNull(endpoints, "failed to fetch Endpoint");
            assertHasKeyWithValue(foundEndpoint.getMetadata().getLabels(), "test-service", "updated",
                    "failed to update Endpoint " + testEndpointName + " in namespace " + testNamespaceName + " label not updated");

            String endpointPatch = MAPPER.writeValueAsString(Map.of(
                    "metadata", Map.of("labels", Map.of("test-service", "patched")),
                    "subsets", List.of(Map.of(
                            "addresses", List.of(Map.of("ip", "10.0.0.25")),
                            "ports", List.of(Map.of("name", "http-test", "port", 8080))))));
            // patching the Endpoint
            c.endpoints().inNamespace(testNamespaceName).withName(testEndpointName)
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), endpointPatch);
            boolean patched = ResultChannel.until(w.apply(endpoints.getMetadata().getResourceVersion()), FOREVER_TEST_TIMEOUT,
                    event -> event.type() == Action.MODIFIED
                            && "true".equals(labels(event.object()).get("test-endpoint-static")));
            assertTrue(patched, "failed to see MODIFIED event");

            // fetching the Endpoint
            endpoints = c.endpoints().inNamespace(testNamespaceName).withName(testEndpointName).get();
            assertNotNull(endpoints, "failed to fetch Endpoint");
            assertHasKeyWithValue(endpoints.getMetadata().getLabels(), "test-service", "patched", "failed to patch Endpoint with Label");
            EndpointSubset endpointSubsetOne = endpoints.getSubsets().get(0);
            EndpointAddress endpointSubsetOneAddresses = endpointSubsetOne.getAddresses().get(0);
            EndpointPort endpointSubsetOnePorts = endpointSubsetOne.getPorts().get(0);
            assertEquals("10.0.0.25", endpointSubsetOneAddresses.getIp(), "failed to patch Endpoint");
            assertEquals("http-test", endpointSubsetOnePorts.getName(), "failed to patch Endpoint");
            assertEquals(8080, endpointSubsetOnePorts.getPort(), "failed to patch Endpoint");

            // deleting the Endpoint by Collection
            deleteCollection(c, "/api/v1/namespaces/" + testNamespaceName + "/endpoints", "test-endpoint-static=true");

            // waiting for Endpoint deletion
            boolean deleted = ResultChannel.until(w.apply(endpoints.getMetadata().getResourceVersion()), FOREVER_TEST_TIMEOUT,
                    event -> event.type() == Action.DELETED
                            && "true".equals(labels(event.object()).get("test-endpoint-static")));
            assertTrue(deleted, "failed to see DELETED event");

            // fetching the Endpoint
            Endpoints fetched = c.endpoints().inNamespace(testNamespaceName).withName(testEndpointName).get();
            // fabric8's get() answers a 404 with null (and throws on any other error)
            assertTrue(fetched == null, "should not be able to fetch Endpoint");
        }
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    private static Map<String, String> annotations(HasMetadata o) {
        return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
    }

    @Test
    @DisplayName("[sig-network] Services should complete a service status lifecycle [Conformance]")
    void completesAServiceStatusLifecycle(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "services")) {
            KubernetesClient cs = f.client();
            String ns = f.namespace();
            var svcClient = cs.services().inNamespace(ns);

            String testSvcName = "test-service-" + randomString(5);
            String testSvcLabelsFlat = "test-service-static=true";

            // w: a ListWatch of the namespace's Services with the label test-service-static=true
            java.util.function.Function<String, java.util.function.Function<io.fabric8.kubernetes.client.Watcher<Service>,
                    io.fabric8.kubernetes.client.Watch>> w = rv -> watcher -> cs.services().inNamespace(ns)
                    .watch(listOptions(testSvcLabelsFlat, rv), watcher);

            ServiceList svcList = cs.services().inAnyNamespace().list(listOptions(testSvcLabelsFlat, null));
            String svcListRV = svcList.getMetadata().getResourceVersion();

            // creating a Service
            Service testService = new ServiceBuilder()
                    .withNewMetadata().withName(testSvcName).addToLabels("test-service-static", "true").endMetadata()
                    .withNewSpec().withType("LoadBalancer")
                    .addNewPort().withName("http").withProtocol("TCP").withPort(80).withTargetPort(new IntOrString(80)).endPort()
                    .withLoadBalancerClass("example.com/internal-vip")
                    .endSpec().build();
            svcClient.resource(testService).create();

            // watching for the Service to be added
            boolean found = ResultChannel.until(w.apply(svcListRV), SVC_READY_TIMEOUT, event ->
                    event.object().getMetadata().getName().equals(testSvcName)
                            && ns.equals(event.object().getMetadata().getNamespace())
                            && "true".equals(labels(event.object()).get("test-service-static")));
            assertTrue(found, "Failed to locate Service " + testSvcName + " in namespace " + ns);

            // Getting /status
            String svcStatusJSON = cs.raw("/api/v1/namespaces/" + ns + "/services/" + testSvcName + "/status");
            assertNotNull(svcStatusJSON, "Failed to fetch ServiceStatus of Service " + testSvcName + " in namespace " + ns);
            Service svcStatus = SERIALIZATION.unmarshal(svcStatusJSON, Service.class);
            assertNotNull(svcStatus, "Failed to unmarshal JSON bytes to a Service object type");

            // patching the ServiceStatus
            LoadBalancerStatus lbStatus = new LoadBalancerStatusBuilder()
                    .withIngress(new LoadBalancerIngressBuilder().withIp("203.0.113.1").build()).build();
            String lbStatusJSON = SERIALIZATION.asJson(lbStatus);
            svcClient.withName(testSvcName).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"patchedstatus\":\"true\"}},\"status\":{\"loadBalancer\":" + lbStatusJSON + "}}");

            // watching for the Service to be patched
            found = ResultChannel.until(w.apply(svcListRV), SVC_READY_TIMEOUT, event ->
                    event.object().getMetadata().getName().equals(testSvcName)
                            && ns.equals(event.object().getMetadata().getNamespace())
                            && "true".equals(annotations(event.object()).get("patchedstatus")));
            assertTrue(found, "failed to locate Service " + testSvcName + " in namespace " + ns);

            // updating the ServiceStatus
            retryOnConflict(() -> {
                Service statusToUpdate = svcClient.withName(testSvcName).get();
                assertNotNull(statusToUpdate, "Unable to retrieve service " + testSvcName);
                List<Condition> conditions = statusToUpdate.getStatus().getConditions() == null
                        ? new ArrayList<>() : new ArrayList<>(statusToUpdate.getStatus().getConditions());
                // metav1.Condition{Type, Status, Reason, Message}: client-go sends the zero lastTransitionTime as null
                conditions.add(new ConditionBuilder().withType("StatusUpdate").withStatus("True").withReason("E2E")
                        .withMessage("Set from e2e test").build());
                statusToUpdate.getStatus().setConditions(conditions);
                return svcClient.resource(statusToUpdate).updateStatus();
            });

            // watching for the Service to be updated
            found = ResultChannel.until(w.apply(svcListRV), SVC_READY_TIMEOUT, event -> {
                Service svc = event.object();
                boolean matches = svc.getMetadata().getName().equals(testSvcName)
                        && ns.equals(svc.getMetadata().getNamespace())
                        && "true".equals(annotations(svc).get("patchedstatus"));
                if (!matches) {
                    return false;
                }
                // upstream's loop decides on the first condition
                List<Condition> conds = svc.getStatus() == null ? null : svc.getStatus().getConditions();
                if (conds == null || conds.isEmpty()) {
                    return false;
                }
                Condition cond = conds.get(0);
                return "StatusUpdate".equals(cond.getType()) && "E2E".equals(cond.getReason())
                        && "Set from e2e test".equals(cond.getMessage());
            });
            assertTrue(found, "failed to locate Service " + testSvcName + " in namespace " + ns);

            // patching the service: json.Marshal(v1.Service{ObjectMeta: {Labels: ...}}), zero values included as Go writes them
            String servicePatchPayload = "{\"metadata\":{\"labels\":{\"test-service\":\"patched\"},\"creationTimestamp\":null},"
                    + "\"spec\":{},\"status\":{\"loadBalancer\":{}}}";
            svcClient.withName(testSvcName).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), servicePatchPayload);

            // watching for the Service to be patched
            found = ResultChannel.until(w.apply(svcListRV), SVC_READY_TIMEOUT, event ->
                    event.object().getMetadata().getName().equals(testSvcName)
                            && ns.equals(event.object().getMetadata().getNamespace())
                            && "patched".equals(labels(event.object()).get("test-service")));
            assertTrue(found, "failed to locate Service " + testSvcName + " in namespace " + ns);

            // deleting the service
            svcClient.withName(testSvcName).delete();

            // watching for the Service to be deleted
            found = ResultChannel.until(w.apply(svcListRV), SVC_READY_TIMEOUT, event ->
                    event.type() == Action.DELETED
                            && event.object().getMetadata().getName().equals(testSvcName)
                            && ns.equals(event.object().getMetadata().getNamespace())
                            && "true".equals(labels(event.object()).get("test-service-static")));
            assertTrue(found, "failed to delete Service " + testSvcName + " in namespace " + ns);
        }
    }

    @Test
    @DisplayName("[sig-network] Services should delete a collection of services [Conformance]")
    void deletesACollectionOfServices(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "services")) {
            KubernetesClient cs = f.client();
            String ns = f.namespace();
            var svcClient = cs.services().inNamespace(ns);
            String deleteLabel = "e2e-test-service=delete";

            // creating a collection of services
            record TestService(String name, Map<String, String> label, int port) {
            }
            List<TestService> testServices = List.of(
                    new TestService("e2e-svc-a-" + randomString(5), Map.of("e2e-test-service", "delete"), 8001),
                    new TestService("e2e-svc-b-" + randomString(5), Map.of("e2e-test-service", "delete"), 8002),
                    new TestService("e2e-svc-c-" + randomString(5), Map.of("e2e-test-service", "keep"), 8003));
            for (TestService testService : testServices) {
                svcClient.resource(new ServiceBuilder()
                        .withNewMetadata().withName(testService.name()).withLabels(new HashMap<>(testService.label())).endMetadata()
                        .withNewSpec().withType("ClusterIP")
                        .addNewPort().withName("http").withProtocol("TCP").withPort(testService.port())
                        .withTargetPort(new IntOrString(testService.port())).endPort()
                        .endSpec().build()).create();
            }

            ServiceList svcList = svcClient.list();
            assertEquals(3, svcList.getItems().size(), "Required count of services out of sync");

            // deleting service collection
            deleteCollection(cs, "/api/v1/namespaces/" + ns + "/services", deleteLabel);

            svcList = svcClient.list();
            assertEquals(1, svcList.getItems().size(), "Required count of services out of sync");
        }
    }
}
