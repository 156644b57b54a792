package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API server's flow control end to end in process: bootstrap objects, headers, readiness, flags. */
class FlowControlTest {
    private static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void bootstrapObjectsExistWithTheAutoUpdateAnnotation() throws Exception {
        JsonNode pls = server.get("/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations").json();
        assertEquals(List.of("catch-all", "exempt", "global-default", "leader-election", "node-high", "system", "workload-high", "workload-low"),
                names(pls));
        JsonNode fss = server.get("/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas").json();
        assertEquals(List.of("catch-all", "endpoint-controller", "exempt", "global-default", "kube-controller-manager", "kube-scheduler",
                "kube-system-service-accounts", "probes", "service-accounts", "system-leader-election", "system-node-high", "system-nodes",
                "workload-leader-election"), names(fss));
        for (JsonNode fs : fss.path("items")) {
            assertEquals("true", fs.path("metadata").path("annotations").path("apf.kubernetes.io/autoupdate-spec").asText());
        }
        JsonNode workloadHigh = server.get("/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations/workload-high").json();
        assertEquals(40, workloadHigh.path("spec").path("limited").path("nominalConcurrencyShares").asInt());
    }

    @Test
    void responsesCarryTheMatchedFlowSchemaAndPriorityLevelUids() throws Exception {
        // Until authentication is wired in, every request is system:anonymous: global-default.
        TestApiServer.Response r = server.get("/api/v1/namespaces");
        assertEquals(200, r.code());
        String fsUid = server.get("/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas/global-default").json()
                .path("metadata").path("uid").asText();
        String plUid = server.get("/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations/global-default").json()
                .path("metadata").path("uid").asText();
        assertFalse(fsUid.isEmpty());
        assertEquals(fsUid, r.headers().firstValue("X-Kubernetes-PF-FlowSchema-UID").orElse(""));
        assertEquals(plUid, r.headers().firstValue("X-Kubernetes-PF-PriorityLevel-UID").orElse(""));
    }

    @Test
    void watchesAreClassifiedButNotHeld() throws Exception {
        java.net.http.HttpResponse<String> r = server.http.send(java.net.http.HttpRequest.newBuilder(
                        server.uri("/api/v1/namespaces?watch=true&timeoutSeconds=1")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("X-Kubernetes-PF-FlowSchema-UID").isPresent());
    }

    @Test
    void flowSchemasGetTheirDanglingCondition() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode fs = server.get("/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas/exempt").json();
            JsonNode c = fs.path("status").path("conditions").path(0);
            if (c.path("type").asText().equals("Dangling")) {
                assertEquals("False", c.path("status").asText());
                assertEquals("Found", c.path("reason").asText());
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no Dangling condition: " + fs);
            Thread.sleep(200);
        }
    }

    @Test
    void readinessIncludesThePriorityAndFairnessHook() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        TestApiServer.Response r;
        while ((r = server.get("/readyz?verbose")).code() != 200) {
            assertTrue(System.nanoTime() < deadline, r.body());
            Thread.sleep(200);
        }
        assertTrue(r.body().contains("[+]poststarthook/priority-and-fairness-config-producer ok"), r.body());
    }

    @Test
    void metricsUseUpstreamNames() throws Exception {
        server.get("/api/v1/namespaces");
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("apiserver_flowcontrol_dispatched_requests_total{flow_schema=\"global-default\",priority_level=\"global-default\"}"),
                "no dispatched counter");
        assertTrue(metrics.contains("apiserver_flowcontrol_request_wait_duration_seconds_bucket{"), "no wait histogram");
        assertTrue(metrics.contains("apiserver_flowcontrol_current_executing_requests{"), "no executing gauge");
        assertTrue(metrics.contains("apiserver_flowcontrol_nominal_limit_seats{priority_level=\"global-default\"} 49"), "no nominal limit");
    }

    @Test
    void invalidTimeoutParameterIs400() throws Exception {
        TestApiServer.Response r = server.get("/api/v1/namespaces?timeout=later");
        assertEquals(400, r.code());
        assertEquals("BadRequest", r.json().path("reason").asText());
        assertEquals(200, server.get("/api/v1/namespaces?timeout=30s").code());
    }

    @Test
    void withoutPriorityAndFairnessNoBootstrapHeadersAreSent() throws Exception {
        try (TestApiServer plain = new TestApiServer("--enable-priority-and-fairness=false", "--max-requests-inflight=5")) {
            TestApiServer.Response r = plain.get("/api/v1/namespaces");
            assertEquals(200, r.code());
            assertTrue(r.headers().firstValue("X-Kubernetes-PF-FlowSchema-UID").isEmpty());
        }
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        names.sort(null);
        return names;
    }
}
