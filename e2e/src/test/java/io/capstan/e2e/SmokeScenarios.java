package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first things a user does with a fresh cluster, through the real kubectl and the aggregator.
 * Subclasses choose the storage backend with {@link ControlPlane}.
 */
abstract class SmokeScenarios {
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");
    private HttpClient http;

    @org.junit.jupiter.api.BeforeEach
    void adminClient(LocalControlPlane plane) {
        http = plane.httpClient();
    }

    @org.junit.jupiter.api.AfterEach
    void closeClient() {
        http.close();
    }

    @Test
    void getNamespacesListsTheSystemNamespaces(Kubectl kubectl) throws InterruptedException {
        Kubectl.Result result = eventually(Duration.ofSeconds(10), "the system namespaces",
                () -> kubectl.run("get", "namespaces", "-o", "name"),
                r -> r.ok() && namespaces(r).containsAll(SYSTEM_NAMESPACES));
        assertTrue(namespaces(result).containsAll(SYSTEM_NAMESPACES), result.stdout());
    }

    @Test
    void aNewNamespaceGetsItsDefaultServiceAccount(Kubectl kubectl) throws InterruptedException {
        String namespace = unique("ns");
        kubectl.run("create", "namespace", namespace).assertOk();
        Kubectl.Result result = eventually(Duration.ofSeconds(5), "serviceaccount default in " + namespace,
                () -> kubectl.run("get", "serviceaccount", "default", "-n", namespace, "-o", "name"),
                Kubectl.Result::ok);
        assertEquals("serviceaccount/default", result.stdout().strip());
    }

    @Test
    void aPodIsScheduledOntoAReadyNode(Kubectl kubectl) throws InterruptedException {
        String node = unique("node");
        String namespace = unique("sched");
        kubectl.runWithInput(readyNode(node), "create", "-f", "-").assertOk();
        // Upstream keeps a Node's status on create; where it is dropped, set it through the status subresource.
        String ready = kubectl.run("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
                .assertOk().stdout().strip();
        if (!ready.equals("True")) {
            kubectl.run("patch", "node", node, "--subresource=status", "--type=merge", "-p", readyNodeStatusJson())
                    .assertOk();
        }
        kubectl.run("create", "namespace", namespace).assertOk();
        kubectl.runWithInput(pod("web", namespace), "create", "-f", "-").assertOk();

        Kubectl.Result bound = eventually(Duration.ofSeconds(10), "pod web bound to a node",
                () -> kubectl.run("get", "pod", "web", "-n", namespace, "-o", "jsonpath={.spec.nodeName}"),
                r -> r.ok() && !r.stdout().isBlank());
        assertEquals(node, bound.stdout().strip());
    }

    @Test
    void kubectlGetWatchPrintsAChangeToAPod(Kubectl kubectl) throws InterruptedException {
        String namespace = unique("watch");
        kubectl.run("create", "namespace", namespace).assertOk();
        kubectl.runWithInput(pod("watched", namespace), "create", "-f", "-").assertOk();
        try (Kubectl.Background watch = kubectl.start("get", "pods", "-w", "-n", namespace, "-L", "e2e")) {
            watch.awaitLine("watched", Duration.ofSeconds(10));
            kubectl.run("label", "pod", "watched", "-n", namespace, "e2e=changed").assertOk();
            String line = watch.awaitLine("changed", Duration.ofSeconds(10));
            assertTrue(line.startsWith("watched "), line);
        }
    }

    @Test
    void aPodThatFitsNowhereIsMarkedUnschedulable(Kubectl kubectl) throws InterruptedException {
        String namespace = unique("unsched");
        kubectl.run("create", "namespace", namespace).assertOk();
        kubectl.runWithInput(pod("huge", namespace).replace("cpu: 100m", "cpu: \"100000\""), "create", "-f", "-").assertOk();
        Kubectl.Result reason = eventually(Duration.ofSeconds(10), "PodScheduled=False/Unschedulable on pod huge",
                () -> kubectl.run("get", "pod", "huge", "-n", namespace, "-o",
                        "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}/{.status.conditions[?(@.type==\"PodScheduled\")].reason}"),
                r -> r.ok() && r.stdout().strip().equals("False/Unschedulable"));
        assertEquals("False/Unschedulable", reason.stdout().strip());
        assertEquals("", kubectl.run("get", "pod", "huge", "-n", namespace, "-o", "jsonpath={.spec.nodeName}")
                .assertOk().stdout().strip(), "an unschedulable pod stays unbound");
    }

    @Test
    void deletingANamespaceRemovesItsContentThenTheNamespace(Kubectl kubectl) throws InterruptedException {
        String namespace = unique("gone");
        kubectl.run("create", "namespace", namespace).assertOk();
        kubectl.run("create", "configmap", "cfg", "-n", namespace, "--from-literal=a=b").assertOk();
        kubectl.run("create", "secret", "generic", "sec", "-n", namespace, "--from-literal=a=b").assertOk();
        // Unbound (no node matches), so it is deleted at once rather than waiting for a kubelet.
        kubectl.runWithInput(pod("p", namespace).replace("spec:\n", "spec:\n  nodeSelector: {e2e: nowhere}\n"),
                "create", "-f", "-").assertOk();
        eventually(Duration.ofSeconds(5), "serviceaccount default in " + namespace,
                () -> kubectl.run("get", "serviceaccount", "default", "-n", namespace), Kubectl.Result::ok);
        kubectl.run("delete", "namespace", namespace, "--timeout=60s").assertOk();
        Kubectl.Result gone = kubectl.run("get", "namespace", namespace);
        assertTrue(!gone.ok() && gone.stderr().contains("NotFound"), gone.stderr());
        Kubectl.Result left = kubectl.run("get", "configmaps,secrets,serviceaccounts,pods", "-n", namespace, "-o", "name");
        assertEquals("", left.stdout().strip(), "content left behind: " + left.stdout());
    }

    @ParameterizedTest(name = "{0} serves /livez, /readyz?verbose and /metrics")
    @ValueSource(strings = {"apiserver", "aggregator", "controller-manager", "scheduler"})
    void everyServiceServesHealthAndMetrics(String service, LocalControlPlane plane) throws Exception {
        // One request through the front door, so the request counters have something to count.
        assertEquals(200, get(plane.aggregatorUrl().resolve("/api")).statusCode());
        HttpResponse<String> livez = get(plane.serviceUrl(service).resolve("/livez"));
        assertEquals(200, livez.statusCode(), livez.body());
        assertEquals("ok", livez.body());
        HttpResponse<String> readyz = get(plane.serviceUrl(service).resolve("/readyz?verbose"));
        assertEquals(200, readyz.statusCode(), readyz.body());
        assertTrue(readyz.body().contains("[+]ping ok") && readyz.body().contains("[+]shutdown ok")
                && readyz.body().endsWith("readyz check passed\n"), readyz.body());
        HttpResponse<String> metrics = get(plane.serviceUrl(service).resolve("/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                metrics.headers().map().toString());
        assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), "JVM metrics in " + service);
        String expected = switch (service) {
            case "apiserver" -> "apiserver_request_total{";
            case "aggregator" -> "aggregator_proxy_requests_total{";
            case "controller-manager" -> "workqueue_adds_total{";
            default -> "scheduler_schedule_attempts_total{";
        };
        assertTrue(metrics.body().contains(expected), service + " /metrics lacks " + expected);
    }

    @Test
    void aWatchThroughTheFrontDoorIsEstablishedBeforeAnyEvent(LocalControlPlane plane) throws Exception {
        String rv = Json.MAPPER.readTree(get(plane.aggregatorUrl().resolve("/api/v1/namespaces/kube-public/configmaps")).body())
                .path("metadata").path("resourceVersion").asText();
        HttpResponse<java.io.InputStream> watch = http.sendAsync(HttpRequest.newBuilder(plane.aggregatorUrl()
                        .resolve("/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=30&resourceVersion=" + rv)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(5, java.util.concurrent.TimeUnit.SECONDS);
        try (java.io.InputStream body = watch.body()) {
            assertEquals(200, watch.statusCode());
            assertEquals("application/json", watch.headers().firstValue("Content-Type").orElse(""));
        }
    }

    private HttpResponse<String> get(java.net.URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "GET {0} is a 404 Status")
    @ValueSource(strings = {"/no/such/path", "/apis/nosuchgroup.e2e.capstan.io/v1/widgets", "/api/v1/nosuchresources"})
    void anUnknownPathIsA404Status(String path, LocalControlPlane plane) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(plane.aggregatorUrl().resolve(path))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode(), response.body());
        JsonNode status = Json.MAPPER.readTree(response.body());
        assertEquals("Status", status.path("kind").asText(), response.body());
        assertEquals("v1", status.path("apiVersion").asText(), response.body());
        assertEquals("Failure", status.path("status").asText(), response.body());
        assertEquals("NotFound", status.path("reason").asText(), response.body());
        assertEquals(404, status.path("code").asInt(), response.body());
    }

    @Test
    void aMalformedBodyIsA400Status(LocalControlPlane plane) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        plane.aggregatorUrl().resolve("/api/v1/namespaces/default/configmaps"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        JsonNode status = Json.MAPPER.readTree(response.body());
        assertEquals("Status", status.path("kind").asText(), response.body());
        assertEquals("Failure", status.path("status").asText(), response.body());
        assertEquals("BadRequest", status.path("reason").asText(), response.body());
        assertEquals(400, status.path("code").asInt(), response.body());
    }

    /** Retries {@code attempt} until {@code done} holds or the timeout passes; returns the last result. */
    static Kubectl.Result eventually(Duration timeout, String what, Supplier<Kubectl.Result> attempt,
                                     Predicate<Kubectl.Result> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Kubectl.Result last = attempt.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout.toSeconds() + "s: " + what + "; last "
                        + String.join(" ", last.command()) + " exited " + last.exitCode()
                        + "\nstdout: " + last.stdout() + "\nstderr: " + last.stderr());
            }
            Thread.sleep(200);
            last = attempt.get();
        }
        return last;
    }

    private static List<String> namespaces(Kubectl.Result result) {
        return result.stdout().lines().map(l -> l.replaceFirst("^namespace/", "").strip()).toList();
    }

    /** A DNS-1123 name unique to this run, so scenarios and reruns never collide. */
    private static String unique(String prefix) {
        return "e2e-" + prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    private static String readyNode(String name) {
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return """
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels:
                    kubernetes.io/hostname: %s
                    kubernetes.io/os: linux
                status:
                  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
                  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
                  conditions:
                  - type: Ready
                    status: "True"
                    reason: KubeletReady
                    message: kubelet is posting ready status
                    lastHeartbeatTime: "%s"
                    lastTransitionTime: "%s"
                """.formatted(name, name, now, now);
    }

    private static String readyNodeStatusJson() {
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return """
                {"status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},\
                "allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},\
                "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady",\
                "message":"kubelet is posting ready status","lastHeartbeatTime":"%s","lastTransitionTime":"%s"}]}}"""
                .formatted(now, now);
    }

    private static String pod(String name, String namespace) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  containers:
                  - name: main
                    image: registry.k8s.io/pause:3.10
                    resources:
                      requests: {cpu: 100m, memory: 64Mi}
                """.formatted(name, namespace);
    }
}
