package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void requestTimeoutFlagAndBadTimeoutParameter(Kubectl kubectl) {
        // kubectl --request-timeout sends ?timeout=.
        kubectl.run("get", "namespaces", "--request-timeout=20s").assertOk();
        Kubectl.Result bad = kubectl.run("get", "--raw", "/api/v1/namespaces?timeout=soon");
        assertFalse(bad.ok());
        assertTrue(bad.stderr().contains("invalid timeout specified in the request URL - time: invalid duration"), bad.stderr());
    }

    @Test
    void readinessAndMetrics(Kubectl kubectl) {
        assertTrue(kubectl.run("get", "--raw", "/readyz?verbose").assertOk().stdout()
                .contains("[+]poststarthook/priority-and-fairness-config-producer ok"));
        String metrics = kubectl.run("get", "--raw", "/metrics").assertOk().stdout();
        assertTrue(metrics.contains("apiserver_flowcontrol_dispatched_requests_total{"), "no dispatched counter");
        assertTrue(metrics.contains("apiserver_flowcontrol_request_wait_duration_seconds_bucket{"), "no wait histogram");
        assertTrue(metrics.contains("apiserver_flowcontrol_nominal_limit_seats{priority_level=\"global-default\"} 49"), "no nominal limit");
    }
}
