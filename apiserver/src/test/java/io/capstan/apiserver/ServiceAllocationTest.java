package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Service cluster IP and node port allocation through HTTP, on a small range so that exhaustion is reachable. */
class ServiceAllocationTest {
    static final String RANGE = "10.1.0.0/28"; // 14 usable addresses: 10.1.0.1 - 10.1.0.14
    TestApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestApiServer("--service-cluster-ip-range=" + RANGE, "--service-node-port-range=30000-30009");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static String svc(String name, String specExtra) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"selector\":{\"app\":\"a\"},\"ports\":[{\"port\":80}]"
                + (specExtra.isEmpty() ? "" : "," + specExtra) + "}}";
    }

    TestApiServer.Response create(String name, String specExtra) throws Exception {
        return server.post("/api/v1/namespaces/default/services", svc(name, specExtra));
    }

    @Test
    void allocatesFromTheRangeWithSingleStackDefaults() throws Exception {
        var r = create("a", "");
        assertEquals(201, r.code(), r.body());
        JsonNode spec = r.json().path("spec");
        String ip = spec.path("clusterIP").asText();
        assertTrue(ip.matches("10\\.1\\.0\\.([1-9]|1[0-4])"), ip);
        assertEquals("[\"" + ip + "\"]", spec.path("clusterIPs").toString());
        assertEquals("[\"IPv4\"]", spec.path("ipFamilies").toString());
        assertEquals("SingleStack", spec.path("ipFamilyPolicy").asText());
        assertEquals("{\"loadBalancer\":{}}", r.json().path("status").toString(), "upstream's empty ServiceStatus");
        assertEquals(ip, server.get("/api/v1/namespaces/default/services/a").json().path("spec").path("clusterIP").asText());
    }

    @Test
    void requestedIPIsHonouredOrRefusedWithUpstreamMessages() throws Exception {
        var ok = create("a", "\"clusterIP\":\"10.1.0.5\"");
        assertEquals(201, ok.code(), ok.body());
        assertEquals("10.1.0.5", ok.json().path("spec").path("clusterIP").asText());

        var taken = create("b", "\"clusterIP\":\"10.1.0.5\"");
        assertEquals(422, taken.code(), taken.body());
        assertEquals("Invalid", taken.json().path("reason").asText());
        JsonNode cause = taken.json().path("details").path("causes").get(0);
        assertEquals("spec.clusterIPs", cause.path("field").asText());
        assertEquals("Invalid value: []string{\"10.1.0.5\"}: failed to allocate IP 10.1.0.5: provided IP is already allocated",
                cause.path("message").asText());

        var outside = create("c", "\"clusterIP\":\"10.2.0.5\"");
        assertEquals(422, outside.code(), outside.body());
        assertTrue(outside.json().path("message").asText().contains("failed to allocate IP 10.2.0.5: provided IP is not in the valid range."
                + " The range of valid IPs is 10.1.0.0/28"), outside.body());

        var malformed = create("d", "\"clusterIP\":\"not-an-ip\"");
        assertEquals(422, malformed.code(), malformed.body());
        assertEquals(404, server.get("/api/v1/namespaces/default/services/b").code());
    }

    @Test
    void neverAllocatesTwiceAndFullRangeIs500UntilOneIsReleased() throws Exception {
        Set<String> seen = new HashSet<>();
        seen.add("10.1.0.1"); // default/kubernetes
        for (int i = 0; i < 13; i++) {
            var r = create("s" + i, "");
            assertEquals(201, r.code(), r.body());
            assertTrue(seen.add(r.json().path("spec").path("clusterIP").asText()), "allocated twice: " + r.body());
        }
        var full = create("s14", "");
        assertEquals(500, full.code(), full.body());
        assertTrue(full.json().path("message").asText().contains("range is full"), full.body());

        String freed = server.get("/api/v1/namespaces/default/services/s3").json().path("spec").path("clusterIP").asText();
        assertEquals(200, server.delete("/api/v1/namespaces/default/services/s3").code());
        var again = create("s14", "\"clusterIP\":\"" + freed + "\"");
        assertEquals(201, again.code(), again.body());
    }

    @Test
    void concurrentCreatesGetDistinctIPs() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<TestApiServer.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "c" + i;
                futures.add(pool.submit(() -> create(name, "")));
            }
            Set<String> ips = new HashSet<>();
            for (Future<TestApiServer.Response> f : futures) {
                var r = f.get();
                assertEquals(201, r.code(), r.body());
                assertTrue(ips.add(r.json().path("spec").path("clusterIP").asText()), "allocated twice: " + r.body());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void allocationsSurviveARestart() throws Exception {
        String ip = create("a", "").json().path("spec").path("clusterIP").asText();
        server.launcher.stop();
        var restarted = new TestApiServer("--data-dir=" + server.dir, "--service-cluster-ip-range=" + RANGE);
        try {
            var taken = restarted.post("/api/v1/namespaces/default/services", svc("b", "\"clusterIP\":\"" + ip + "\""));
            assertEquals(422, taken.code(), taken.body());
            assertTrue(taken.body().contains("provided IP is already allocated"), taken.body());
        } finally {
            restarted.launcher.stop();
        }
        server = new TestApiServer();
    }

    @Test
    void dryRunAllocatesNothing() throws Exception {
        var dry = server.post("/api/v1/namespaces/default/services?dryRun=All", svc("a", "\"clusterIP\":\"10.1.0.7\""));
        assertEquals(201, dry.code(), dry.body());
        assertEquals("10.1.0.7", dry.json().path("spec").path("clusterIP").asText());
        var real = create("a", "\"clusterIP\":\"10.1.0.7\"");
        assertEquals(201, real.code(), real.body());
    }

    @Test
    void headlessGetsNoAddress() throws Exception {
        var withSelector = create("h", "\"clusterIP\":\"None\"");
        assertEquals(201, withSelector.code(), withSelector.body());
        JsonNode spec = withSelector.json().path("spec");
        assertEquals("None", spec.path("clusterIP").asText());
        assertEquals("[\"None\"]", spec.path("clusterIPs").toString());
        assertEquals("SingleStack", spec.path("ipFamilyPolicy").asText());
        assertEquals("[\"IPv4\"]", spec.path("ipFamilies").toString());

        var selectorless = server.post("/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"h2\"},\"spec\":{\"clusterIP\":\"None\"}}");
        assertEquals(201, selectorless.code(), selectorless.body());
        assertEquals("RequireDualStack", selectorless.json().path("spec").path("ipFamilyPolicy").asText());
        assertEquals("[\"IPv4\",\"IPv6\"]", selectorless.json().path("spec").path("ipFamilies").toString());
    }

    @Test
    void clusterIPIsImmutableButAnUpdateWithoutItKeepsIt() throws Exception {
        JsonNode created = create("a", "").json();
        String ip = created.path("spec").path("clusterIP").asText();
        // kubectl replace of a manifest without clusterIP: the allocated values are kept
        var replaced = server.put("/api/v1/namespaces/default/services/a",
                "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"selector\":{\"app\":\"b\"},\"ports\":[{\"port\":80}]}}");
        assertEquals(200, replaced.code(), replaced.body());
        assertEquals(ip, replaced.json().path("spec").path("clusterIP").asText());
        assertEquals("SingleStack", replaced.json().path("spec").path("ipFamilyPolicy").asText());

        String other = ip.equals("10.1.0.9") ? "10.1.0.10" : "10.1.0.9";
        var changed = server.send("PATCH", "/api/v1/namespaces/default/services/a", "application/merge-patch+json",
                "{\"spec\":{\"clusterIP\":\"" + other + "\",\"clusterIPs\":[\"" + other + "\"]}}");
        assertEquals(422, changed.code(), changed.body());
        JsonNode cause = changed.json().path("details").path("causes").get(0);
        assertEquals("spec.clusterIPs[0]", cause.path("field").asText());
        assertTrue(cause.path("message").asText().endsWith("may not change once set"), changed.body());
    }

    @Test
    void deleteReleasesTheAddress() throws Exception {
        var a = create("a", "\"clusterIP\":\"10.1.0.3\"");
        assertEquals(201, a.code(), a.body());
        assertEquals(200, server.delete("/api/v1/namespaces/default/services/a").code());
        var b = create("b", "\"clusterIP\":\"10.1.0.3\"");
        assertEquals(201, b.code(), b.body());
    }

    @Test
    void externalNameGetsNoAddressUntilItChangesType() throws Exception {
        var r = server.post("/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"e\"},\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}}");
        assertEquals(201, r.code(), r.body());
        assertFalse(r.json().path("spec").has("clusterIP"), r.body());
        var changed = server.send("PATCH", "/api/v1/namespaces/default/services/e", "application/merge-patch+json",
                "{\"spec\":{\"type\":\"ClusterIP\",\"externalName\":null,\"ports\":[{\"port\":80}]}}");
        assertEquals(200, changed.code(), changed.body());
        String ip = changed.json().path("spec").path("clusterIP").asText();
        assertTrue(ip.startsWith("10.1.0."), changed.body());
        var back = server.send("PATCH", "/api/v1/namespaces/default/services/e", "application/merge-patch+json",
                "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}}");
        assertEquals(200, back.code(), back.body());
        assertFalse(back.json().path("spec").has("clusterIP"), back.body());
        assertEquals(201, create("x", "\"clusterIP\":\"" + ip + "\"").code(), "the address was released");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NodePort", "LoadBalancer"})
    void nodePortsAreAllocatedForNodePortTypes(String type) throws Exception {
        var r = create("n", "\"type\":\"" + type + "\"");
        assertEquals(201, r.code(), r.body());
        long port = r.json().path("spec").path("ports").get(0).path("nodePort").asLong();
        assertTrue(port >= 30000 && port <= 30009, r.body());
        var clash = server.post("/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"m\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + port + "}]}}");
        assertEquals(422, clash.code(), clash.body());
        JsonNode cause = clash.json().path("details").path("causes").get(0);
        assertEquals("spec.ports[0].nodePort", cause.path("field").asText());
        assertEquals("Invalid value: " + port + ": provided port is already allocated", cause.path("message").asText());
        var outside = server.post("/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"o\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":8080}]}}");
        assertEquals(422, outside.code(), outside.body());
        assertTrue(outside.body().contains("provided port is not in the valid range. The range of valid ports is 30000-30009"), outside.body());
        // the clusterIP allocated for the refused services went back to the range
        assertEquals(200, server.delete("/api/v1/namespaces/default/services/n").code());
        var reuse = server.post("/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"m\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + port + "}]}}");
        assertEquals(201, reuse.code(), reuse.body());
    }

    @Test
    void theApiServerServiceHoldsTheFirstAddress() throws Exception {
        JsonNode svc = server.get("/api/v1/namespaces/default/services/kubernetes").json();
        assertEquals("10.1.0.1", svc.path("spec").path("clusterIP").asText(), svc.toString());
        assertEquals(443, svc.path("spec").path("ports").get(0).path("port").asInt());
        assertEquals("https", svc.path("spec").path("ports").get(0).path("name").asText());
        JsonNode ep = server.get("/api/v1/namespaces/default/endpoints/kubernetes").json();
        assertEquals("https", ep.path("subsets").get(0).path("ports").get(0).path("name").asText(), ep.toString());
        // upstream's endpoint reconciler writes the EndpointSlice too: same address and port, ready
        JsonNode slice = server.get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes").json();
        assertEquals("kubernetes", slice.path("metadata").path("labels").path("kubernetes.io/service-name").asText(), slice.toString());
        assertEquals("IPv4", slice.path("addressType").asText(), slice.toString());
        assertEquals(ep.path("subsets").get(0).path("addresses").get(0).path("ip").asText(),
                slice.path("endpoints").get(0).path("addresses").get(0).asText(), slice.toString());
        assertTrue(slice.path("endpoints").get(0).path("conditions").path("ready").asBoolean(), slice.toString());
        JsonNode slicePort = slice.path("ports").get(0);
        assertEquals("https", slicePort.path("name").asText(), slice.toString());
        assertEquals("TCP", slicePort.path("protocol").asText(), slice.toString());
        assertEquals(ep.path("subsets").get(0).path("ports").get(0).path("port").asInt(), slicePort.path("port").asInt(), slice.toString());
        JsonNode listed = server.get("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector="
                + "kubernetes.io%2Fservice-name%3Dkubernetes").json();
        assertEquals(1, listed.path("items").size(), listed.toString());
        var taken = create("x", "\"clusterIP\":\"10.1.0.1\"");
        assertEquals(422, taken.code(), taken.body());
    }

    @Test
    void clusterIPServicesGetNoNodePorts() throws Exception {
        var r = create("c", "");
        assertFalse(r.json().path("spec").path("ports").get(0).has("nodePort"), r.body());
        var asked = server.post("/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"ports\":[{\"port\":80,\"nodePort\":30001}]}}");
        assertEquals(422, asked.code(), asked.body());
        assertTrue(asked.body().contains("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"), asked.body());
    }

    @Test
    void changingToClusterIPReleasesTheNodePorts() throws Exception {
        var n = create("n", "\"type\":\"NodePort\"");
        assertEquals(201, n.code(), n.body());
        long port = n.json().path("spec").path("ports").get(0).path("nodePort").asLong();
        var changed = server.send("PATCH", "/api/v1/namespaces/default/services/n", "application/merge-patch+json",
                "{\"spec\":{\"type\":\"ClusterIP\"}}");
        assertEquals(200, changed.code(), changed.body());
        assertFalse(changed.json().path("spec").path("ports").get(0).has("nodePort"), changed.body());
        var reuse = server.post("/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"m\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + port + "}]}}");
        assertEquals(201, reuse.code(), "the node port was released: " + reuse.body());
    }
}
