package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flow control as kubectl sees it: bootstrap FlowSchemas and priority levels, the timeout parameter, readiness, metrics. */
@ControlPlane(storage = StorageBackend.SQLITE)
class FlowControlKubectlIT {

    @Test
    void bootstrapConfigurationIsServed(Kubectl kubectl) throws InterruptedException {
        assertEquals("catch-all endpoint-controller exempt global-default kube-controller-manager kube-scheduler "
                        + "kube-system-service-accounts probes service-accounts system-leader-election system-node-high system-nodes "
                        + "workload-leader-election",
                kubectl.run("get", "flowschemas", "-o", "jsonpath={.items[*].metadata.name}").assertOk().stdout());
        assertEquals("catch-all exempt global-default leader-election node-high system workload-high workload-low",
                kubectl.run("get", "prioritylevelconfigurations", "-o", "jsonpath={.items[*].metadata.name}").assertOk().stdout());
        assertEquals("workload-high 800 ByNamespace", kubectl.run("get", "flowschema", "kube-controller-manager", "-o",
                "jsonpath={.spec.priorityLevelConfiguration.name} {.spec.matchingPrecedence} {.spec.distinguisherMethod.type}").assertOk().stdout());
        // The config controller writes every FlowSchema's Dangling condition (kubectl's MISSINGPL column).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String dangling;
        while (!(dangling = kubectl.run("get", "flowschemas", "-o",
                "jsonpath={.items[*].status.conditions[?(@.type==\"Dangling\")].status}").assertOk().stdout())
                .equals("False ".repeat(13).trim())) {
            assertTrue(System.nanoTime() < deadline, "Dangling conditions: " + dangling);
            Thread.sleep(500);
        }
    }

    @Test
    void requestTimeoutFlagAndBadTimeoutParameter(Kubectl kubectl, LocalControlPlane plane) throws Exception {
        // kubectl --request-timeout sends ?timeout=.
        kubectl.run("get", "namespaces", "--request-timeout=20s").assertOk();
        // The harness passes --request-timeout=20s, which would replace the parameter: 0 lets it through.
        Kubectl.Result viaKubectl = kubectl.run("--request-timeout=0", "get", "--raw", "/api/v1/namespaces?timeout=soon");
        assertTrue(!viaKubectl.ok() && viaKubectl.stderr().contains("Error from server (BadRequest): invalid timeout specified in the request URL"),
                "kubectl exited " + viaKubectl.exitCode() + "\nstdout: " + viaKubectl.stdout() + "\nstderr: " + viaKubectl.stderr());
        HttpResponse<String> bad = get(plane, "/api/v1/namespaces?timeout=soon");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("invalid timeout specified in the request URL - time: invalid duration \\\"soon\\\""), bad.body());
    }

    @Test
    void readinessAndMetrics(LocalControlPlane plane) throws Exception {
        // The API server's own checks (the aggregator in front answers /readyz and /metrics for itself).
        assertTrue(get(plane, "/readyz?verbose").body().contains("[+]poststarthook/priority-and-fairness-config-producer ok"));
        String metrics = get(plane, "/metrics").body();
        assertTrue(metrics.contains("apiserver_flowcontrol_dispatched_requests_total{"), "no dispatched counter");
        assertTrue(metrics.contains("apiserver_flowcontrol_request_wait_duration_seconds_bucket{"), "no wait histogram");
        assertTrue(metrics.contains("apiserver_flowcontrol_nominal_limit_seats{priority_level=\"global-default\"} 49"), "no nominal limit");
    }

    private static HttpResponse<String> get(LocalControlPlane plane, String path) throws Exception {
        try (HttpClient http = plane.httpClient()) {
            return http.send(HttpRequest.newBuilder(plane.apiserverUrl().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
