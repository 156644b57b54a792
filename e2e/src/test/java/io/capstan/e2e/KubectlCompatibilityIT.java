package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.capstan.e2e.KubectlOutput.normalize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubectl 1.32 against the four-process control plane, command by command, each compared with what
 * kubectl prints against a real 1.32 cluster for the same objects (kubectl itself formats; the
 * expected text follows from kubectl's printers and describers given the objects a real API server
 * would store). There is no kubelet and no deployment controller, so the objects are chosen so that a
 * real cluster would hold the same state: pods bound to a node without a kubelet stay Pending with no
 * conditions, and a deployment's status and replica set are written as its controller would.
 * Server-side apply, {@code explain}, cascading deletes and Service cluster IPs have their own classes.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class KubectlCompatibilityIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // ---- discovery -------------------------------------------------------------------------------

    @Test
    void apiResourcesPrintsUpstreamsRowsForAGroup(Kubectl kubectl) {
        assertEquals("""
                NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND
                controllerrevisions                apps/v1      true         ControllerRevision
                daemonsets            ds           apps/v1      true         DaemonSet
                deployments           deploy       apps/v1      true         Deployment
                replicasets           rs           apps/v1      true         ReplicaSet
                statefulsets          sts          apps/v1      true         StatefulSet
                """, kubectl.run("api-resources", "--api-group=apps").assertOk().stdout());
        assertEquals("""
                NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND
                cronjobs   cj           batch/v1     true         CronJob
                jobs                    batch/v1     true         Job
                """, kubectl.run("api-resources", "--api-group=batch").assertOk().stdout());
        // -o wide adds the verbs and categories discovery reports.
        String wide = kubectl.run("api-resources", "--api-group=apps", "-o", "wide").assertOk().stdout();
        assertTrue(wide.lines().anyMatch(l -> l.startsWith("deployments ") && l.contains(
                "   create,delete,deletecollection,get,list,patch,update,watch   all")), wide);
        List<String> names = kubectl.run("api-resources", "-o", "name").assertOk().stdout().lines().toList();
        assertTrue(names.containsAll(List.of("pods", "nodes", "namespaces", "services", "configmaps", "secrets",
                "deployments.apps", "jobs.batch", "leases.coordination.k8s.io", "endpointslices.discovery.k8s.io",
                "ingresses.networking.k8s.io", "storageclasses.storage.k8s.io", "priorityclasses.scheduling.k8s.io",
                "poddisruptionbudgets.policy", "certificatesigningrequests.certificates.k8s.io",
                "flowschemas.flowcontrol.apiserver.k8s.io", "runtimeclasses.node.k8s.io", "events.events.k8s.io")), names.toString());
    }

    @Test
    void apiVersionsListsEveryServedGroupVersionSorted(Kubectl kubectl) {
        List<String> versions = kubectl.run("api-versions").assertOk().stdout().lines().toList();
        assertTrue(versions.containsAll(List.of("apps/v1", "batch/v1", "certificates.k8s.io/v1", "coordination.k8s.io/v1",
                "discovery.k8s.io/v1", "events.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1", "networking.k8s.io/v1",
                "node.k8s.io/v1", "policy/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1", "v1")), versions.toString());
        assertEquals(versions.stream().sorted().toList(), versions, "kubectl sorts them");
    }

    @Test
    void clusterInfoNamesTheControlPlane(Kubectl kubectl, LocalControlPlane plane) {
        Kubectl.Result result = kubectl.run("cluster-info").assertOk();
        assertEquals("Kubernetes control plane is running at " + plane.aggregatorUrl() + "\n\n"
                + "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n", result.stdout());
    }

    // ---- get -----------------------------------------------------------------------------------

    @Test
    void getPrintsTablesWideNameJsonYamlAndJsonpath(Kubectl kubectl) {
        String ns = namespace(kubectl, "get");
        kubectl.runWithInput(boundPod("web", ns, "node-get"), "create", "-f", "-").assertOk();
        assertEquals("""
                NAME   READY   STATUS    RESTARTS   AGE
                web    0/1     Pending   0          <age>
                """, normalize(kubectl.run("get", "pods", "-n", ns).assertOk().stdout()));
        String wide = kubectl.run("get", "pods", "-n", ns, "-o", "wide").assertOk().stdout();
        assertEquals("NAME   READY   STATUS    RESTARTS   AGE   IP       NODE       NOMINATED NODE   READINESS GATES",
                wide.lines().findFirst().orElse(""));
        assertTrue(wide.lines().skip(1).findFirst().orElse("")
                .matches("web    0/1     Pending   0          \\d+s\\s+<none>   node-get   <none>           <none>"), wide);
        assertEquals("pod/web\n", kubectl.run("get", "pods", "-n", ns, "-o", "name").assertOk().stdout());
        assertEquals("web nginx:1.27 default",
                kubectl.run("get", "pod", "web", "-n", ns, "-o",
                        "jsonpath={.metadata.name} {.spec.containers[0].image} {.spec.serviceAccountName}").assertOk().stdout());

        kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=k=v").assertOk();
        assertEquals("""
                apiVersion: v1
                data:
                  k: v
                kind: ConfigMap
                metadata:
                  creationTimestamp: "<time>"
                  name: cfg
                  namespace: %s
                  resourceVersion: "<rv>"
                  uid: <uid>
                """.formatted(ns), normalize(kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "yaml").assertOk().stdout()));
        assertEquals("""
                {
                    "apiVersion": "v1",
                    "data": {
                        "k": "v"
                    },
                    "kind": "ConfigMap",
                    "metadata": {
                        "creationTimestamp": "<time>",
                        "name": "cfg",
                        "namespace": "%s",
                        "resourceVersion": "<rv>",
                        "uid": "<uid>"
                    }
                }
                """.formatted(ns), normalize(kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "json").assertOk().stdout()));
    }

    @Test
    void getSortsSelectsByLabelAndFieldAndSpansNamespaces(Kubectl kubectl) {
        String ns = namespace(kubectl, "sel");
        String other = namespace(kubectl, "sel2");
        String run = "r" + ThreadLocalRandom.current().nextInt(1_000_000);
        for (String[] cm : new String[][] {{ns, "bravo", "2"}, {ns, "alpha", "3"}, {ns, "charlie", "1"}, {other, "delta", "0"}}) {
            kubectl.run("create", "configmap", cm[1], "-n", cm[0], "--from-literal=order=" + cm[2]).assertOk();
            kubectl.run("label", "configmap", cm[1], "-n", cm[0], "run=" + run, "tier=" + (cm[1].equals("bravo") ? "back" : "front")).assertOk();
        }
        assertEquals("configmap/alpha\nconfigmap/bravo\nconfigmap/charlie\n",
                kubectl.run("get", "configmaps", "-n", ns, "-l", "run=" + run, "--sort-by=.metadata.name", "-o", "name").assertOk().stdout());
        assertEquals("configmap/charlie\nconfigmap/bravo\nconfigmap/alpha\n",
                kubectl.run("get", "configmaps", "-n", ns, "-l", "run=" + run, "--sort-by=.data.order", "-o", "name").assertOk().stdout());
        assertEquals("configmap/alpha\nconfigmap/charlie\n",
                kubectl.run("get", "configmaps", "-n", ns, "-l", "run=" + run + ",tier!=back", "-o", "name").assertOk().stdout());
        assertEquals("configmap/bravo\n",
                kubectl.run("get", "configmaps", "-n", ns, "-l", "tier in (back)", "--field-selector", "metadata.name=bravo", "-o", "name")
                        .assertOk().stdout());
        int w = Math.max("NAMESPACE".length(), Math.max(ns.length(), other.length()));
        assertEquals(pad("NAMESPACE", w) + "   NAME      DATA   AGE\n"
                        + pad(ns, w) + "   alpha     1      <age>\n"
                        + pad(ns, w) + "   bravo     1      <age>\n"
                        + pad(ns, w) + "   charlie   1      <age>\n"
                        + pad(other, w) + "   delta     1      <age>\n",
                normalize(kubectl.run("get", "configmaps", "-A", "-l", "run=" + run, "--sort-by=.metadata.name").assertOk().stdout()));
        Kubectl.Result bad = kubectl.run("get", "configmaps", "-n", ns, "--field-selector", "data.order=1");
        assertEquals(1, bad.exitCode());
        assertEquals("Error from server (BadRequest): Unable to find \"/v1, Resource=configmaps\" that match label selector \"\", field selector \"data.order=1\": \"data.order\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"\n",
                bad.stderr());
    }

    @Test
    void getAllExpandsTheCategoryAndChunksFollowContinue(Kubectl kubectl) {
        String ns = namespace(kubectl, "all");
        kubectl.runWithInput(boundPod("web", ns, "node-x"), "create", "-f", "-").assertOk();
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Service
                metadata: {name: ext, namespace: %s}
                spec: {type: ExternalName, externalName: example.com}
                """.formatted(ns), "create", "-f", "-").assertOk();
        kubectl.run("create", "configmap", "not-in-all", "-n", ns, "--from-literal=a=b").assertOk();
        assertEquals("""
                NAME      READY   STATUS    RESTARTS   AGE
                pod/web   0/1     Pending   0          <age>

                NAME          TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
                service/ext   ExternalName   <none>       example.com   <none>    <age>
                """, normalize(kubectl.run("get", "all", "-n", ns).assertOk().stdout()));
        Kubectl.Result empty = kubectl.run("get", "all", "-n", namespace(kubectl, "empty"));
        assertEquals(0, empty.exitCode());
        assertEquals("", empty.stdout());
        assertTrue(empty.stderr().startsWith("No resources found in empty-"), empty.stderr());

        for (int i = 0; i < 5; i++) {
            kubectl.run("create", "configmap", "chunk-" + i, "-n", ns, "--from-literal=a=b").assertOk();
        }
        assertEquals("configmap/chunk-0\nconfigmap/chunk-1\nconfigmap/chunk-2\nconfigmap/chunk-3\nconfigmap/chunk-4\nconfigmap/not-in-all\n",
                kubectl.run("get", "configmaps", "-n", ns, "--chunk-size=2", "-o", "name", "--field-selector", "metadata.name!=kube-root-ca.crt")
                        .assertOk().stdout());
    }

    @Test
    void getWatchPrintsTheListThenEachChange(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl, "watch");
        kubectl.run("create", "configmap", "first", "-n", ns, "--from-literal=a=1").assertOk();
        try (Kubectl.Background watch = kubectl.start("get", "configmaps", "-w", "-n", ns, "--field-selector", "metadata.name!=kube-root-ca.crt")) {
            assertEquals("NAME    DATA   AGE", watch.awaitLine("NAME", WAIT));
            assertTrue(watch.awaitLine("first", WAIT).matches("first\\s+1\\s+\\d+s"));
            kubectl.run("create", "configmap", "second", "-n", ns, "--from-literal=a=1", "--from-literal=b=2").assertOk();
            assertTrue(watch.awaitLine("second", WAIT).matches("second\\s+2\\s+\\d+s"));
            kubectl.run("patch", "configmap", "first", "-n", ns, "--type=merge", "-p", "{\"data\":{\"b\":\"2\",\"c\":\"3\"}}").assertOk();
            assertTrue(watch.awaitLine("first", WAIT).matches("first\\s+3\\s+\\d+s"));
        }
        try (Kubectl.Background events = kubectl.start("get", "configmaps", "-w", "-n", ns, "--output-watch-events",
                "--field-selector", "metadata.name=second")) {
            assertEquals("EVENT      NAME     DATA   AGE", events.awaitLine("EVENT", WAIT));
            assertTrue(events.awaitLine("second", WAIT).matches("ADDED\\s+second\\s+2\\s+\\d+s"));
            kubectl.run("delete", "configmap", "second", "-n", ns).assertOk();
            assertTrue(events.awaitLine("DELETED", WAIT).matches("DELETED\\s+second\\s+2\\s+\\d+s"));
        }
    }

    @Test
    void getRawReturnsTheObjectAndA404Status(Kubectl kubectl) throws Exception {
        String ns = namespace(kubectl, "raw");
        kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=k=v").assertOk();
        JsonNode raw = Json.MAPPER.readTree(kubectl.run("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps/cfg").assertOk().stdout());
        // -o json hides managedFields (kubectl 1.21+); the raw object carries them, as on a real cluster
        JsonNode viaGet = Json.MAPPER.readTree(kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "json", "--show-managed-fields")
                .assertOk().stdout());
        assertEquals("kubectl-create", raw.path("metadata").path("managedFields").path(0).path("manager").asText(), raw.toString());
        assertEquals(viaGet, raw);
        JsonNode version = Json.MAPPER.readTree(kubectl.run("get", "--raw", "/version").assertOk().stdout());
        assertEquals("1", version.path("major").asText());
        assertEquals("32", version.path("minor").asText());
        Kubectl.Result missing = kubectl.run("get", "--raw", "/api/v1/namespaces/" + ns + "/configmaps/nope");
        assertEquals(1, missing.exitCode());
        assertEquals("Error from server (NotFound): configmaps \"nope\" not found\n", missing.stderr());
    }

    // ---- describe ------------------------------------------------------------------------------

    @Test
    void describeNamespace(Kubectl kubectl) {
        String ns = namespace(kubectl, "desc");
        assertEquals("""
                Name:         %s
                Labels:       kubernetes.io/metadata.name=%s
                Annotations:  <none>
                Status:       Active

                No resource quota.

                No LimitRange resource.
                """.formatted(ns, ns), kubectl.run("describe", "namespace", ns).assertOk().stdout());
    }

    @Test
    void describeNode(Kubectl kubectl) {
        String node = unique("node");
        kubectl.runWithInput(node(node), "create", "-f", "-").assertOk();
        assertEquals("""
                Name:               %1$s
                Roles:              <none>
                Labels:             kubernetes.io/hostname=%1$s
                                    kubernetes.io/os=linux
                Annotations:        <none>
                CreationTimestamp:  <time>
                Taints:             <none>
                Unschedulable:      false
                Lease:              Failed to get lease: leases.coordination.k8s.io "%1$s" not found
                Conditions:
                  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message
                  ----    ------  -----------------                 ------------------                ------         -------
                  Ready   True    <time>   <time>   KubeletReady   kubelet is posting ready status
                Addresses:
                  InternalIP:  10.0.0.5
                  Hostname:    %1$s
                Capacity:
                  cpu:     4
                  memory:  8Gi
                  pods:    110
                Allocatable:
                  cpu:     4
                  memory:  8Gi
                  pods:    110
                System Info:
                  Machine ID:                 m
                  System UUID:                s
                  Boot ID:                    b
                  Kernel Version:             6.1.0
                  OS Image:                   Debian GNU/Linux 12 (bookworm)
                  Operating System:           linux
                  Architecture:               amd64
                  Container Runtime Version:  containerd://1.7.24
                  Kubelet Version:            v1.32.0
                  Kube-Proxy Version:         v1.32.0
                Non-terminated Pods:          (0 in total)
                  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
                  ---------                   ----    ------------  ----------  ---------------  -------------  ---
                Allocated resources:
                  (Total limits may be over 100 percent, i.e., overcommitted.)
                  Resource           Requests  Limits
                  --------           --------  ------
                  cpu                0 (0%%)    0 (0%%)
                  memory             0 (0%%)    0 (0%%)
                  ephemeral-storage  0 (0%%)    0 (0%%)
                Events:              <none>
                """.formatted(node), normalize(kubectl.run("describe", "node", node).assertOk().stdout()));
    }

    @Test
    void describePod(Kubectl kubectl) {
        String ns = namespace(kubectl, "descpod");
        kubectl.runWithInput(boundPod("web", ns, "node-x"), "create", "-f", "-").assertOk();
        assertEquals("""
                Name:             web
                Namespace:        %s
                Priority:         0
                Service Account:  default
                Node:             node-x/
                Labels:           app=web
                Annotations:      <none>
                Status:           Pending
                IP:              \s
                IPs:              <none>
                Containers:
                  nginx:
                    Image:        nginx:1.27
                    Port:         80/TCP
                    Host Port:    0/TCP
                    Environment:  <none>
                    Mounts:       <none>
                Volumes:          <none>
                QoS Class:        BestEffort
                Node-Selectors:   <none>
                Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
                Events:           <none>
                """.formatted(ns), kubectl.run("describe", "pod", "web", "-n", ns).assertOk().stdout());
    }

    @Test
    void describeAnUnschedulablePodShowsTheSchedulersEvent(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl, "descunsched");
        kubectl.runWithInput(boundPod("huge", ns, "").replace("  nodeName: \n", "  nodeSelector: {e2e: nowhere}\n"), "create", "-f", "-").assertOk();
        Kubectl.Result described = SmokeScenarios.eventually(WAIT, "a FailedScheduling event on pod huge",
                () -> kubectl.run("describe", "pod", "huge", "-n", ns), r -> r.ok() && r.stdout().contains("FailedScheduling"));
        String out = described.stdout();
        String head = out.substring(0, out.indexOf("Events:"));
        assertEquals("""
                Name:             huge
                Namespace:        %s
                Priority:         0
                Service Account:  default
                Node:             <none>
                Labels:           app=web
                Annotations:      <none>
                Status:           Pending
                IP:              \s
                IPs:              <none>
                Containers:
                  nginx:
                    Image:        nginx:1.27
                    Port:         80/TCP
                    Host Port:    0/TCP
                    Environment:  <none>
                    Mounts:       <none>
                Conditions:
                  Type           Status
                  PodScheduled   False\s
                Volumes:         <none>
                QoS Class:       BestEffort
                Node-Selectors:  e2e=nowhere
                Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
                """.formatted(ns), head);
        List<String> events = out.substring(out.indexOf("Events:")).lines().toList();
        assertEquals("Events:", events.get(0), out);
        assertTrue(events.get(1).matches("  Type     Reason            Age\\s+From               Message"), out);
        assertTrue(events.get(3).matches("  Warning  FailedScheduling  \\d+s\\s+default-scheduler  0/\\d+ nodes are available: .+"), out);
        List<String> table = kubectl.run("get", "events", "-n", ns).assertOk().stdout().lines().toList();
        assertEquals("LAST SEEN   TYPE      REASON             OBJECT     MESSAGE", table.get(0));
        assertTrue(table.get(1).matches("\\d+s\\s+Warning   FailedScheduling   pod/huge   0/\\d+ nodes are available: .+"), table.toString());
    }

    @Test
    void describeAScheduledPodShowsTheBindingAndItsEvent(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl, "descsched");
        String node = unique("node");
        kubectl.runWithInput(node(node), "create", "-f", "-").assertOk();
        kubectl.runWithInput(boundPod("web", ns, "").replace("  nodeName: \n", "  nodeSelector: {kubernetes.io/hostname: " + node + "}\n"),
                "create", "-f", "-").assertOk();
        Kubectl.Result described = SmokeScenarios.eventually(WAIT, "a Scheduled event on pod web",
                () -> kubectl.run("describe", "pod", "web", "-n", ns), r -> r.ok() && r.stdout().contains("Successfully assigned"));
        String out = described.stdout();
        assertTrue(out.contains("\nNode:             " + node + "/\n"), out);
        assertTrue(out.contains("\nConditions:\n  Type           Status\n  PodScheduled   True \n"), out);
        List<String> events = out.substring(out.indexOf("Events:")).lines().toList();
        // When the scheduler's node informer has not seen the new node yet, a FailedScheduling event comes
        // first and the pod is bound on the retry (as on a real cluster); the Scheduled event is there either way.
        assertTrue(events.stream().skip(3).anyMatch(line -> line.matches(
                "  Normal\\s+Scheduled\\s+\\d+s\\s+default-scheduler\\s+Successfully assigned " + ns + "/web to " + node)), out);
    }

    @Test
    void describeDeploymentWithTheStatusAndReplicaSetItsControllerWrites(Kubectl kubectl) {
        String ns = namespace(kubectl, "descdep");
        kubectl.runWithInput(deployment("dep", ns, 0), "create", "-f", "-").assertOk();
        String uid = kubectl.run("get", "deployment", "dep", "-n", ns, "-o", "jsonpath={.metadata.uid}").assertOk().stdout();
        kubectl.runWithInput(replicaSet("dep-7d5c9f8b6", ns, "dep", uid), "create", "-f", "-").assertOk();
        kubectl.run("patch", "deployment", "dep", "-n", ns, "--subresource=status", "--type=merge", "-p",
                availableStatus()).assertOk();
        assertEquals("""
                Name:                   dep
                Namespace:              %s
                CreationTimestamp:      <time>
                Labels:                 app=dep
                Annotations:            <none>
                Selector:               app=dep
                Replicas:               0 desired | 0 updated | 0 total | 0 available | 0 unavailable
                StrategyType:           RollingUpdate
                MinReadySeconds:        0
                RollingUpdateStrategy:  25%% max unavailable, 25%% max surge
                Pod Template:
                  Labels:  app=dep
                  Containers:
                   nginx:
                    Image:         nginx:1.27
                    Port:          <none>
                    Host Port:     <none>
                    Environment:   <none>
                    Mounts:        <none>
                  Volumes:         <none>
                  Node-Selectors:  <none>
                  Tolerations:     <none>
                Conditions:
                  Type           Status  Reason
                  ----           ------  ------
                  Available      True    MinimumReplicasAvailable
                  Progressing    True    NewReplicaSetAvailable
                OldReplicaSets:  <none>
                NewReplicaSet:   dep-7d5c9f8b6 (0/0 replicas created)
                Events:          <none>
                """.formatted(ns), normalize(kubectl.run("describe", "deployment", "dep", "-n", ns).assertOk().stdout()));
    }

    @Test
    void describeExternalNameService(Kubectl kubectl) {
        String ns = namespace(kubectl, "descsvc");
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Service
                metadata: {name: ext, namespace: %s}
                spec: {type: ExternalName, externalName: example.com}
                """.formatted(ns), "create", "-f", "-").assertOk();
        assertEquals("""
                Name:              ext
                Namespace:         %s
                Labels:            <none>
                Annotations:       <none>
                Selector:          <none>
                Type:              ExternalName
                IP Families:       <none>
                IP:               \s
                IPs:               <none>
                External Name:     example.com
                Session Affinity:  None
                Events:            <none>
                """.formatted(ns), kubectl.run("describe", "service", "ext", "-n", ns).assertOk().stdout());
        assertEquals("""
                NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
                ext    ExternalName   <none>       example.com   <none>    <age>
                """, normalize(kubectl.run("get", "services", "-n", ns).assertOk().stdout()));
    }

    // ---- writes --------------------------------------------------------------------------------

    @Test
    void createFromAFileWithSeveralDocuments(Kubectl kubectl) {
        String ns = namespace(kubectl, "create");
        Kubectl.Result created = kubectl.runWithInput(configMap("one", ns, "a: \"1\"") + "---\n" + deployment("dep", ns, 1)
                + "---\n" + boundPod("web", ns, "node-x"), "create", "-f", "-").assertOk();
        assertEquals("configmap/one created\ndeployment.apps/dep created\npod/web created\n", created.stdout());
        Kubectl.Result again = kubectl.runWithInput(configMap("one", ns, "a: \"1\""), "create", "-f", "-");
        assertEquals(1, again.exitCode());
        assertEquals("Error from server (AlreadyExists): error when creating \"STDIN\": configmaps \"one\" already exists\n", again.stderr());
    }

    @Test
    void createWithServerDryRunStoresNothing(Kubectl kubectl) {
        String ns = namespace(kubectl, "dry");
        assertEquals("configmap/dry created (server dry run)\n",
                kubectl.run("create", "configmap", "dry", "-n", ns, "--from-literal=a=b", "--dry-run=server").assertOk().stdout());
        Kubectl.Result get = kubectl.run("get", "configmap", "dry", "-n", ns);
        assertEquals(1, get.exitCode());
        assertEquals("Error from server (NotFound): configmaps \"dry\" not found\n", get.stderr());
        // Admission and defaults run on a dry run too.
        String pod = kubectl.runWithInput(boundPod("dry", ns, "node-x"), "create", "-f", "-", "--dry-run=server", "-o",
                "jsonpath={.spec.serviceAccountName} {.spec.restartPolicy} {.spec.tolerations[0].key} {.status.phase}").assertOk().stdout();
        assertEquals("default Always node.kubernetes.io/not-ready Pending", pod);
        assertEquals(1, kubectl.run("get", "pod", "dry", "-n", ns).exitCode());
        // Server-side validation still runs.
        Kubectl.Result invalid = kubectl.run("create", "configmap", "Bad_Name", "-n", ns, "--from-literal=a=b", "--dry-run=server");
        assertEquals(1, invalid.exitCode());
        assertTrue(invalid.stderr().startsWith("error: failed to create configmap: ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"),
                invalid.stderr());
    }

    @Test
    void applyCreatesThenConfiguresThenLeavesUnchanged(Kubectl kubectl) {
        String ns = namespace(kubectl, "apply");
        assertEquals("configmap/cfg created\n", kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  b: \"2\""), "apply", "-f", "-").assertOk().stdout());
        assertEquals("configmap/cfg unchanged\n", kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  b: \"2\""), "apply", "-f", "-").assertOk().stdout());
        // b removed from the manifest is removed from the object (three-way merge with last-applied), c added.
        assertEquals("configmap/cfg configured\n", kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  c: \"3\""), "apply", "-f", "-").assertOk().stdout());
        assertEquals("{\"a\":\"1\",\"c\":\"3\"}", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data}").assertOk().stdout());
        String lastApplied = kubectl.run("apply", "view-last-applied", "configmap/cfg", "-n", ns, "-o", "json").assertOk().stdout();
        assertTrue(lastApplied.contains("\"c\": \"3\"") && !lastApplied.contains("\"b\""), lastApplied);

        // A deployment: the container list merges by name (strategic merge, computed by kubectl from the schema).
        String withEnv = deployment("dep", ns, 1).replace("containers: [{name: nginx, image: \"nginx:1.27\"}]",
                "containers: [{name: nginx, image: \"nginx:1.27\", env: [{name: A, value: \"1\"}, {name: B, value: \"2\"}]}]");
        assertEquals("deployment.apps/dep created\n", kubectl.runWithInput(withEnv, "apply", "-f", "-").assertOk().stdout());
        kubectl.run("set", "env", "deployment/dep", "-n", ns, "C=3").assertOk();
        String changed = withEnv.replace("nginx:1.27", "nginx:1.28").replace(", {name: B, value: \"2\"}", "");
        assertEquals("deployment.apps/dep configured\n", kubectl.runWithInput(changed, "apply", "-f", "-").assertOk().stdout());
        assertEquals("nginx:1.28 A=1 C=3", kubectl.run("get", "deployment", "dep", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image}{range .spec.template.spec.containers[0].env[*]} {.name}={.value}{end}").assertOk().stdout());
        assertEquals("3", kubectl.run("get", "deployment", "dep", "-n", ns, "-o", "jsonpath={.metadata.generation}").assertOk().stdout());
    }

    @Test
    void diffShowsOnlyTheChangeAndExitsOneThenZero(Kubectl kubectl) {
        String ns = namespace(kubectl, "diff");
        kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  b: \"2\""), "apply", "-f", "-").assertOk();
        Kubectl.Result diff = kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  b: \"3\""), "diff", "-f", "-");
        assertEquals(1, diff.exitCode(), diff.stderr());
        List<String> changes = diff.stdout().lines()
                .filter(l -> (l.startsWith("+") || l.startsWith("-")) && !l.startsWith("+++") && !l.startsWith("---"))
                .toList();
        // The last-applied annotation changes too; resourceVersion, managedFields and the rest do not.
        assertEquals(List.of("-  b: \"2\"", "+  b: \"3\""), changes.stream().filter(l -> !l.contains("last-applied-configuration")
                && !l.contains("{\"apiVersion\"")).toList(), diff.stdout());
        assertTrue(diff.stdout().startsWith("diff -u -N "), diff.stdout());
        kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  b: \"3\""), "apply", "-f", "-").assertOk();
        Kubectl.Result same = kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  b: \"3\""), "diff", "-f", "-");
        assertEquals(0, same.exitCode(), same.stdout() + same.stderr());
        assertEquals("", same.stdout());
    }

    @Test
    void patchJsonMergeAndStrategic(Kubectl kubectl) {
        String ns = namespace(kubectl, "patch");
        kubectl.runWithInput(deployment("dep", ns, 1), "create", "-f", "-").assertOk();
        kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=a=1").assertOk();

        assertEquals("configmap/cfg patched\n", kubectl.run("patch", "configmap", "cfg", "-n", ns, "--type=json",
                "-p", "[{\"op\":\"add\",\"path\":\"/data/b\",\"value\":\"2\"},{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"9\"}]").assertOk().stdout());
        assertEquals("configmap/cfg patched\n", kubectl.run("patch", "configmap", "cfg", "-n", ns, "--type=merge",
                "-p", "{\"data\":{\"b\":null,\"c\":\"3\"}}").assertOk().stdout());
        assertEquals("{\"a\":\"9\",\"c\":\"3\"}", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data}").assertOk().stdout());
        assertEquals("configmap/cfg patched (no change)\n", kubectl.run("patch", "configmap", "cfg", "-n", ns, "--type=merge",
                "-p", "{\"data\":{\"c\":\"3\"}}").assertOk().stdout());
        Kubectl.Result failedTest = kubectl.run("patch", "configmap", "cfg", "-n", ns, "--type=json",
                "-p", "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"1\"}]");
        assertEquals(1, failedTest.exitCode());
        assertTrue(failedTest.stderr().startsWith("The request is invalid"), failedTest.stderr());

        // Strategic merge: containers merge by name, so the image survives beside the new env.
        assertEquals("deployment.apps/dep patched\n", kubectl.run("patch", "deployment", "dep", "-n", ns, "--type=strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"env\":[{\"name\":\"MODE\",\"value\":\"x\"}]}]}}}}").assertOk().stdout());
        assertEquals("nginx:1.27 MODE=x", kubectl.run("get", "deployment", "dep", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].name}={.spec.template.spec.containers[0].env[0].value}").assertOk().stdout());
        // A merge patch replaces the list wholesale; the container then lacks an image.
        Kubectl.Result merge = kubectl.run("patch", "deployment", "dep", "-n", ns, "--type=merge", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\"}]}}}}");
        assertEquals(1, merge.exitCode());
        assertEquals("The Deployment \"dep\" is invalid: spec.template.spec.containers[0].image: Required value\n", merge.stderr());
        assertEquals("2", kubectl.run("get", "deployment", "dep", "-n", ns, "-o", "jsonpath={.metadata.generation}").assertOk().stdout());
    }

    @Test
    void replaceWritesTheWholeObjectAndRefusesAStaleOne(Kubectl kubectl) {
        String ns = namespace(kubectl, "replace");
        kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=a=1").assertOk();
        String current = kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "yaml").assertOk().stdout();
        String edited = current.replace("a: \"1\"", "a: \"2\"");
        assertEquals("configmap/cfg replaced\n", kubectl.runWithInput(edited, "replace", "-f", "-").assertOk().stdout());
        assertEquals("2", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data.a}").assertOk().stdout());
        Kubectl.Result stale = kubectl.runWithInput(current.replace("a: \"1\"", "a: \"3\""), "replace", "-f", "-");
        assertEquals(1, stale.exitCode());
        assertEquals("Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on configmaps \"cfg\": "
                + "the object has been modified; please apply your changes to the latest version and try again\n", stale.stderr());
    }

    @Test
    void editWithAScriptedEditor(Kubectl kubectl) throws Exception {
        String ns = namespace(kubectl, "edit");
        kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=a=1").assertOk();
        Path editor = Files.createTempFile("kube-editor", ".sh", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.writeString(editor, "#!/bin/sh\nsed -i 's/^  a: \"1\"$/  a: edited/' \"$1\"\n");
            Kubectl.Result edited = kubectl.runWithEnv(Map.of("KUBE_EDITOR", editor.toString()), null, "edit", "configmap", "cfg", "-n", ns);
            assertEquals("configmap/cfg edited\n", edited.assertOk().stdout());
            assertEquals("edited", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data.a}").assertOk().stdout());
            Kubectl.Result unchanged = kubectl.runWithEnv(Map.of("KUBE_EDITOR", "true"), null, "edit", "configmap", "cfg", "-n", ns).assertOk();
            assertEquals("Edit cancelled, no changes made.\n", unchanged.stderr());
        } finally {
            Files.deleteIfExists(editor);
        }
    }

    @Test
    void labelAndAnnotate(Kubectl kubectl) {
        String ns = namespace(kubectl, "label");
        kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=a=1").assertOk();
        assertEquals("configmap/cfg labeled\n", kubectl.run("label", "configmap", "cfg", "-n", ns, "tier=front").assertOk().stdout());
        Kubectl.Result again = kubectl.run("label", "configmap", "cfg", "-n", ns, "tier=back");
        assertEquals(1, again.exitCode());
        assertEquals("error: 'tier' already has a value (front), and --overwrite is false\n", again.stderr());
        assertEquals("configmap/cfg labeled\n", kubectl.run("label", "configmap", "cfg", "-n", ns, "tier=back", "--overwrite").assertOk().stdout());
        assertEquals("configmap/cfg\n", kubectl.run("get", "configmaps", "-n", ns, "-l", "tier=back", "-o", "name").assertOk().stdout());
        assertEquals("configmap/cfg unlabeled\n", kubectl.run("label", "configmap", "cfg", "-n", ns, "tier-").assertOk().stdout());
        Kubectl.Result invalid = kubectl.run("label", "configmap", "cfg", "-n", ns, "bad key=x");
        assertEquals(1, invalid.exitCode());
        assertEquals("The ConfigMap \"cfg\" is invalid: metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, "
                + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n", invalid.stderr());

        assertEquals("configmap/cfg annotated\n", kubectl.run("annotate", "configmap", "cfg", "-n", ns, "owner=team-a").assertOk().stdout());
        assertEquals("team-a", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.metadata.annotations.owner}").assertOk().stdout());
        assertEquals("configmap/cfg annotated\n", kubectl.run("annotate", "configmap", "cfg", "-n", ns, "owner-").assertOk().stdout());
        assertEquals("", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.metadata.annotations}").assertOk().stdout());
    }

    @Test
    void scaleADeploymentWithAndWithoutAPrecondition(Kubectl kubectl) {
        String ns = namespace(kubectl, "scale");
        kubectl.runWithInput(deployment("dep", ns, 1), "create", "-f", "-").assertOk();
        assertEquals("deployment.apps/dep scaled\n", kubectl.run("scale", "deployment", "dep", "-n", ns, "--replicas=3").assertOk().stdout());
        assertEquals("3", kubectl.run("get", "deployment", "dep", "-n", ns, "-o", "jsonpath={.spec.replicas}").assertOk().stdout());
        Kubectl.Result precondition = kubectl.run("scale", "deployment", "dep", "-n", ns, "--current-replicas=5", "--replicas=1");
        assertEquals(1, precondition.exitCode());
        assertEquals("error: Expected replicas to be 5, was 3\n", precondition.stderr());
        assertEquals("""
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE
                dep    0/3     0            0           <age>
                """, normalize(kubectl.run("get", "deployments", "-n", ns).assertOk().stdout()));
    }

    @Test
    void deleteByFileByLabelAllAndForce(Kubectl kubectl) {
        String ns = namespace(kubectl, "delete");
        String manifest = configMap("one", ns, "a: \"1\"") + "---\n" + configMap("two", ns, "a: \"2\"");
        kubectl.runWithInput(manifest, "create", "-f", "-").assertOk();
        assertEquals("configmap \"one\" deleted\nconfigmap \"two\" deleted\n", kubectl.runWithInput(manifest, "delete", "-f", "-").assertOk().stdout());
        Kubectl.Result again = kubectl.runWithInput(manifest, "delete", "-f", "-");
        assertEquals(1, again.exitCode());
        assertEquals("Error from server (NotFound): error when deleting \"STDIN\": configmaps \"one\" not found\n"
                + "Error from server (NotFound): error when deleting \"STDIN\": configmaps \"two\" not found\n", again.stderr());
        assertEquals("", kubectl.runWithInput(manifest, "delete", "-f", "-", "--ignore-not-found").assertOk().stdout());

        for (String name : new String[] {"a", "b", "c"}) {
            kubectl.run("create", "configmap", name, "-n", ns, "--from-literal=k=v").assertOk();
        }
        kubectl.run("label", "configmap", "a", "b", "-n", ns, "gone=yes").assertOk();
        assertEquals("configmap \"a\" deleted\nconfigmap \"b\" deleted\n", kubectl.run("delete", "configmaps", "-n", ns, "-l", "gone=yes").assertOk().stdout());
        assertEquals("configmap/c\n", kubectl.run("get", "configmaps", "-n", ns, "-o", "name", "--field-selector", "metadata.name!=kube-root-ca.crt").assertOk().stdout());

        // A pod bound to a node without a kubelet is deleted gracefully and stays Terminating...
        kubectl.runWithInput(boundPod("web", ns, "node-x"), "create", "-f", "-").assertOk();
        assertEquals("pod \"web\" deleted\n", kubectl.run("delete", "pod", "web", "-n", ns, "--wait=false").assertOk().stdout());
        assertEquals("""
                NAME   READY   STATUS        RESTARTS   AGE
                web    0/1     Terminating   0          <age>
                """, normalize(kubectl.run("get", "pods", "-n", ns).assertOk().stdout()));
        // ...until forced.
        Kubectl.Result forced = kubectl.run("delete", "pod", "web", "-n", ns, "--grace-period=0", "--force").assertOk();
        assertEquals("pod \"web\" force deleted\n", forced.stdout());
        assertEquals("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. "
                + "The resource may continue to run on the cluster indefinitely.\n", forced.stderr());
        assertEquals(1, kubectl.run("get", "pod", "web", "-n", ns).exitCode());

        kubectl.run("create", "configmap", "d", "-n", ns, "--from-literal=k=v").assertOk();
        kubectl.run("delete", "configmaps", "--all", "-n", ns).assertOk();
        Kubectl.Result none = kubectl.run("get", "configmaps", "-n", ns, "--field-selector", "metadata.name!=kube-root-ca.crt");
        assertEquals("", none.assertOk().stdout());
        assertEquals("No resources found in " + ns + " namespace.\n", none.stderr());
    }

    // ---- wait ----------------------------------------------------------------------------------

    @Test
    void waitForAConditionSetThroughTheStatusSubresource(Kubectl kubectl) throws Exception {
        String ns = namespace(kubectl, "wait");
        kubectl.runWithInput(deployment("dep", ns, 0), "create", "-f", "-").assertOk();
        Kubectl.Result timedOut = kubectl.run("wait", "--for=condition=Available", "deployment/dep", "-n", ns, "--timeout=2s");
        assertEquals(1, timedOut.exitCode());
        assertEquals("error: timed out waiting for the condition on deployments/dep\n", timedOut.stderr());
        try (Kubectl.Background wait = kubectl.start("wait", "--for=condition=Available", "deployment/dep", "-n", ns, "--timeout=30s")) {
            Thread.sleep(1000);
            kubectl.run("patch", "deployment", "dep", "-n", ns, "--subresource=status", "--type=merge", "-p", availableStatus()).assertOk();
            assertEquals("deployment.apps/dep condition met", wait.awaitLine("condition met", WAIT));
        }
        assertEquals("deployment.apps/dep condition met\n",
                kubectl.run("wait", "--for=condition=Progressing=True", "deployment/dep", "-n", ns, "--timeout=5s").assertOk().stdout());
        assertEquals("deployment.apps/dep condition met\n",
                kubectl.run("wait", "--for=jsonpath={.status.observedGeneration}=1", "deployment/dep", "-n", ns, "--timeout=5s").assertOk().stdout());
    }

    @Test
    void waitForDelete(Kubectl kubectl) throws Exception {
        String ns = namespace(kubectl, "waitdel");
        kubectl.run("create", "configmap", "doomed", "-n", ns, "--from-literal=a=1").assertOk();
        try (Kubectl.Background wait = kubectl.start("wait", "--for=delete", "configmap/doomed", "-n", ns, "--timeout=30s")) {
            Thread.sleep(1000);
            assertEquals("configmap \"doomed\" deleted\n", kubectl.run("delete", "configmap", "doomed", "-n", ns).assertOk().stdout());
            assertEquals("configmap/doomed condition met", wait.awaitLine("condition met", WAIT));
        }
        // Waiting for something already gone succeeds at once, as upstream.
        Kubectl.Result gone = kubectl.run("wait", "--for=delete", "configmap/doomed", "-n", ns, "--timeout=5s");
        assertEquals(0, gone.exitCode(), gone.stderr());
    }

    // ---- proxy ---------------------------------------------------------------------------------

    @Test
    void proxyServesTheApiOverPlainHttp(Kubectl kubectl) throws Exception {
        String ns = namespace(kubectl, "proxy");
        kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=k=v").assertOk();
        try (Kubectl.Background proxy = kubectl.start("proxy", "--port=0")) {
            String line = proxy.awaitLine("Starting to serve on", WAIT);
            Matcher m = Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertTrue(m.find(), line);
            URI base = URI.create("http://127.0.0.1:" + m.group(1));
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/namespaces/" + ns + "/configmaps/cfg")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, get.statusCode(), get.body());
            JsonNode cm = Json.MAPPER.readTree(get.body());
            assertEquals("ConfigMap", cm.path("kind").asText());
            assertEquals("v", cm.path("data").path("k").asText());
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/namespaces/" + ns + "/configmaps/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertEquals("NotFound", Json.MAPPER.readTree(missing.body()).path("reason").asText());
        }
    }

    // ---- fixtures ------------------------------------------------------------------------------

    static String namespace(Kubectl kubectl, String prefix) {
        String ns = unique(prefix);
        kubectl.run("create", "namespace", ns).assertOk();
        return ns;
    }

    static String unique(String prefix) {
        // ends in "x": a name ending in digits and s/m/h/d (e.g. get-4553s) would read as an age to KubectlOutput
        return prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36) + "x";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    static String configMap(String name, String ns, String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s, namespace: %s}
                data:
                  %s
                """.formatted(name, ns, data);
    }

    /** A pod bound to a node that has no kubelet: on a real cluster it stays Pending with no conditions. */
    static String boundPod(String name, String ns, String node) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s, labels: {app: web}}
                spec:
                  nodeName: %s
                  automountServiceAccountToken: false
                  containers:
                  - name: nginx
                    image: nginx:1.27
                    ports: [{containerPort: 80}]
                """.formatted(name, ns, node);
    }

    static String deployment(String name, String ns, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %1$s, namespace: %2$s, labels: {app: %1$s}}
                spec:
                  replicas: %3$d
                  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec:
                      containers: [{name: nginx, image: "nginx:1.27"}]
                """.formatted(name, ns, replicas);
    }

    /** The replica set a deployment controller creates for {@code owner}'s current template. */
    static String replicaSet(String name, String ns, String owner, String ownerUid) {
        String hash = name.substring(name.lastIndexOf('-') + 1);
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %1$s
                  namespace: %2$s
                  labels: {app: %3$s, pod-template-hash: "%5$s"}
                  annotations: {deployment.kubernetes.io/revision: "1"}
                  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: %3$s, uid: %4$s, controller: true, blockOwnerDeletion: true}]
                spec:
                  replicas: 0
                  selector: {matchLabels: {app: %3$s, pod-template-hash: "%5$s"}}
                  template:
                    metadata: {labels: {app: %3$s, pod-template-hash: "%5$s"}}
                    spec:
                      containers: [{name: nginx, image: "nginx:1.27"}]
                """.formatted(name, ns, owner, ownerUid, hash);
    }

    /** The status the deployment controller writes for a deployment that has rolled out. */
    static String availableStatus() {
        return "{\"status\":{\"observedGeneration\":1,\"conditions\":["
                + "{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"MinimumReplicasAvailable\",\"message\":\"Deployment has minimum availability.\","
                + "\"lastUpdateTime\":\"2025-01-01T00:00:00Z\",\"lastTransitionTime\":\"2025-01-01T00:00:00Z\"},"
                + "{\"type\":\"Progressing\",\"status\":\"True\",\"reason\":\"NewReplicaSetAvailable\",\"message\":\"ReplicaSet has successfully progressed.\","
                + "\"lastUpdateTime\":\"2025-01-01T00:00:00Z\",\"lastTransitionTime\":\"2025-01-01T00:00:00Z\"}]}}";
    }

    static String node(String name) {
        return """
                apiVersion: v1
                kind: Node
                metadata:
                  name: %1$s
                  labels: {kubernetes.io/hostname: %1$s, kubernetes.io/os: linux}
                status:
                  conditions:
                  - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status, lastHeartbeatTime: "2025-01-01T00:00:00Z", lastTransitionTime: "2025-01-01T00:00:00Z"}
                  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
                  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
                  addresses:
                  - {type: InternalIP, address: 10.0.0.5}
                  - {type: Hostname, address: %1$s}
                  nodeInfo: {kubeletVersion: v1.32.0, kubeProxyVersion: v1.32.0, osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.1.0", containerRuntimeVersion: "containerd://1.7.24", operatingSystem: linux, architecture: amd64, machineID: m, systemUUID: s, bootID: b}
                """.formatted(name);
    }
}
