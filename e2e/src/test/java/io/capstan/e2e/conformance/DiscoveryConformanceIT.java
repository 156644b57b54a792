package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.LocalControlPlane;
import io.capstan.e2e.StorageBackend;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of upstream's discovery conformance tests that need no CustomResourceDefinition, v1.32:
 * <ul>
 *     <li>{@code test/e2e/apimachinery/server_version.go}: {@code /version}'s major and minor are numbers;</li>
 *     <li>{@code test/e2e/apimachinery/discovery.go}: each group's preferred version is one of its versions,
 *     and each built-in group version lists a known resource;</li>
 *     <li>{@code test/e2e/apimachinery/aggregated_discovery.go}: {@code /api} and {@code /apis} answer the
 *     aggregated discovery Accept header with apidiscovery.k8s.io/v2, and client-go's
 *     {@code GroupsAndMaybeResources} finds every built-in resource in it (the two CRD tests of that file
 *     are left out: Capstan serves no CustomResourceDefinitions yet).</li>
 * </ul>
 * {@link DiscoveryClient} stands in for client-go's discovery client. Three of the five wait for API
 * groups Capstan does not serve yet ({@link #MISSING_GROUPS}); they run as soon as those are served.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class DiscoveryConformanceIT {

    /** {@code schema.GroupVersionResource}. */
    private record Gvr(String group, String version, String resource) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** aggregated_discovery.go's {@code expectedLegacyGVR}. */
    private static final List<Gvr> EXPECTED_LEGACY_GVR = List.of(new Gvr("", "v1", "namespaces"));

    /** aggregated_discovery.go's {@code expectedGVR}; discovery.go's table is the same list with {@code /api/v1}. */
    private static final List<Gvr> EXPECTED_GVR = List.of(
            new Gvr("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations"),
            new Gvr("apiextensions.k8s.io", "v1", "customresourcedefinitions"),
            new Gvr("apiregistration.k8s.io", "v1", "apiservices"),
            new Gvr("apps", "v1", "deployments"),
            new Gvr("authentication.k8s.io", "v1", "tokenreviews"),
            new Gvr("authorization.k8s.io", "v1", "selfsubjectaccessreviews"),
            new Gvr("autoscaling", "v1", "horizontalpodautoscalers"),
            new Gvr("autoscaling", "v2", "horizontalpodautoscalers"),
            new Gvr("batch", "v1", "jobs"),
            new Gvr("certificates.k8s.io", "v1", "certificatesigningrequests"),
            new Gvr("coordination.k8s.io", "v1", "leases"),
            new Gvr("discovery.k8s.io", "v1", "endpointslices"),
            new Gvr("events.k8s.io", "v1", "events"),
            new Gvr("networking.k8s.io", "v1", "ingresses"),
            new Gvr("node.k8s.io", "v1", "runtimeclasses"),
            new Gvr("policy", "v1", "poddisruptionbudgets"),
            new Gvr("scheduling.k8s.io", "v1", "priorityclasses"),
            new Gvr("storage.k8s.io", "v1", "csinodes"));

    /**
     * Why three twins wait: upstream's list of built-in group versions ({@link #EXPECTED_GVR}) names four
     * groups Capstan does not serve yet: apiextensions.k8s.io/v1 customresourcedefinitions (no CRDs),
     * apiregistration.k8s.io/v1 apiservices (the aggregator serves no APIService API),
     * admissionregistration.k8s.io/v1 validatingwebhookconfigurations (no admission webhooks), and
     * autoscaling v1 and v2 horizontalpodautoscalers (no HPA API, which needs v1/v2 conversion).
     */
    private static final String MISSING_GROUPS = "needs apiextensions.k8s.io/v1 customresourcedefinitions, apiregistration.k8s.io/v1 "
            + "apiservices, admissionregistration.k8s.io/v1 validatingwebhookconfigurations and autoscaling/v1+v2 "
            + "horizontalpodautoscalers, which Capstan does not serve yet";

    private static final String AGGREGATED_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    // ---------------------------------------------------------------- server_version.go

    @Test
    @DisplayName("[sig-api-machinery] server version should find the server version [Conformance]")
    void findsTheServerVersion(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "server-version");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            // Request ServerVersion
            JsonNode version = discovery.serverVersion();
            String major = version.path("major").asText();
            String minor = version.path("minor").asText();

            // Confirm major version: regexp "[1-9]" finds the whole major
            assertEquals(major, findString("[1-9]", major), "unable to find major version");

            // Confirm minor version: the digits of minor are its first run of digits
            String cleanMinorVersion = minor.replaceAll("[^0-9]+", "");
            assertEquals(cleanMinorVersion, findString("[0-9]+", minor), "unable to find minor version");
        }
    }

    /** Go's {@code regexp.FindString}: the leftmost match, or "" when there is none. */
    private static String findString(String regex, String s) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.find() ? m.group() : "";
    }

    // ---------------------------------------------------------------- discovery.go

    @Test
    @DisplayName("[sig-api-machinery] Discovery should validate PreferredVersion for each APIGroup [Conformance]")
    void validatesPreferredVersionForEachApiGroup(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "discovery");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            // (The BeforeEach sets up a server cert for a webhook service no conformance test here uses.)
            // get list of APIGroup endpoints
            JsonNode list = discovery.getInto("/apis/");
            assertFalse(list.path("groups").isEmpty(), "Missing APIGroups");

            for (JsonNode group : list.path("groups")) {
                String name = group.path("name").asText();
                if (name.endsWith(".example.com")) {
                    // ignore known example dynamic API groups that are added/removed during the e2e test run
                    continue;
                }
                // locate APIGroup endpoint
                String apiPath = "/apis/" + name + "/";
                JsonNode checkGroup = discovery.getInto(apiPath);
                assertFalse(checkGroup.path("versions").isEmpty(), "No version found for " + name);

                // confirm that the PreferredVersion is a valid version
                String preferred = checkGroup.path("preferredVersion").path("groupVersion").asText("");
                boolean match = false;
                for (JsonNode version : checkGroup.path("versions")) {
                    if (version.path("groupVersion").asText("").equals(preferred)) {
                        match = true;
                        break;
                    }
                }
                if (!match) {
                    fail("Failed to find a valid version for PreferredVersion " + preferred + " in versions:\n"
                            + checkGroup.path("versions"));
                }
            }
        }
    }

    @Disabled(MISSING_GROUPS)
    @Test
    @DisplayName("[sig-api-machinery] Discovery should locate the groupVersion and a resource within each APIGroup [Conformance]")
    void locatesTheGroupVersionAndAResourceWithinEachApiGroup(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "discovery");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            List<Gvr> tests = new ArrayList<>(EXPECTED_LEGACY_GVR);
            tests.addAll(EXPECTED_GVR);
            for (Gvr t : tests) {
                // Requesting APIResourceList from path.Join(apiBasePath, apiGroup, apiVersion)
                String apiPath = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
                JsonNode resourceList = discovery.getInto(apiPath);
                assertEquals(t.groupVersion(), resourceList.path("groupVersion").asText(), "groupVersion of " + apiPath);

                boolean foundResource = DiscoveryClient.resourceNames(resourceList).contains(t.resource());
                assertTrue(foundResource, "Resource \"" + t.resource() + "\" was not found inside of resourceList\n"
                        + resourceList.path("resources"));
            }
        }
    }

    // ---------------------------------------------------------------- aggregated_discovery.go

    @Disabled(MISSING_GROUPS)
    @Test
    @DisplayName("[sig-api-machinery] AggregatedDiscovery should support raw aggregated discovery endpoint Accept headers [Conformance]")
    void supportsRawAggregatedDiscoveryEndpointAcceptHeaders(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "aggregateddiscovery");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            DiscoveryClient.Response d = discovery.get("/apis", AGGREGATED_ACCEPT);
            if (d.code() / 100 != 2) {
                fail("Failed to get raw aggregated discovery document: " + d.code() + " " + d.body());
            }
            JsonNode groupList = d.json();
            for (Gvr gvr : EXPECTED_GVR) {
                if (!isGvrPresentApiDiscovery(groupList, gvr)) {
                    fail("Expected gvr " + gvr.group() + " " + gvr.version() + " " + gvr.resource() + " to exist in discovery");
                }
            }

            DiscoveryClient.Response d2 = discovery.get("/api", AGGREGATED_ACCEPT);
            if (d2.code() / 100 != 2) {
                fail("Failed to get raw aggregated discovery document: " + d2.code() + " " + d2.body());
            }
            JsonNode groupListLegacy = d2.json();
            for (Gvr gvr : EXPECTED_LEGACY_GVR) {
                if (!isGvrPresentApiDiscovery(groupListLegacy, gvr)) {
                    fail("Expected legacy gvr api " + gvr.version() + " " + gvr.resource() + " to exist in discovery");
                }
            }
        }
    }

    @Disabled(MISSING_GROUPS)
    @Test
    @DisplayName("[sig-api-machinery] AggregatedDiscovery should support aggregated discovery interface [Conformance]")
    void supportsAggregatedDiscoveryInterface(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "aggregateddiscovery");
             DiscoveryClient discovery = new DiscoveryClient(plane)) {
            DiscoveryClient.GroupsAndResources result = discovery.groupsAndMaybeResources();
            List<DiscoveryClient.Group> serverGroups = result.groups();
            Map<String, List<String>> resourcesByGv = result.resourcesByGroupVersion();

            List<Gvr> expectedCombinedGvr = new ArrayList<>(EXPECTED_GVR);
            expectedCombinedGvr.addAll(EXPECTED_LEGACY_GVR);
            for (Gvr gvr : expectedCombinedGvr) {
                if (!isGvrPresent(resourcesByGv, gvr)) {
                    fail("Expected " + gvr + " to be present");
                }
            }
            assertNotNull(serverGroups, "Expected serverGroups to be non-nil");
            for (Gvr gv : expectedCombinedGvr) {
                if (!isGvPresent(serverGroups, gv)) {
                    fail("Expected " + gv.groupVersion() + " to be present");
                }
            }
        }
    }

    /** Upstream's {@code isGVRPresent}. */
    private static boolean isGvrPresent(Map<String, List<String>> resourcesByGv, Gvr gvr) {
        if (resourcesByGv == null) {
            return false;
        }
        List<String> resourceList = resourcesByGv.get(gvr.groupVersion());
        return resourceList != null && resourceList.contains(gvr.resource());
    }

    /** Upstream's {@code isGVPresent}. */
    private static boolean isGvPresent(List<DiscoveryClient.Group> groups, Gvr gv) {
        for (DiscoveryClient.Group group : groups) {
            if (group.name().equals(gv.group()) && group.versions().contains(gv.version())) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's {@code isGVRPresentAPIDiscovery} over an apidiscovery.k8s.io/v2 APIGroupDiscoveryList. */
    private static boolean isGvrPresentApiDiscovery(JsonNode apiDiscovery, Gvr gvr) {
        for (JsonNode group : apiDiscovery.path("items")) {
            if (!gvr.group().equals(group.path("metadata").path("name").asText(""))) {
                continue;
            }
            for (JsonNode version : group.path("versions")) {
                if (!gvr.version().equals(version.path("version").asText())) {
                    continue;
                }
                for (JsonNode resource : version.path("resources")) {
                    if (gvr.resource().equals(resource.path("resource").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
