package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.capstan.e2e.KubectlCompatibilityIT.deployment;
import static io.capstan.e2e.KubectlCompatibilityIT.namespace;
import static io.capstan.e2e.KubectlCompatibilityIT.replicaSet;
import static io.capstan.e2e.SmokeScenarios.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kubectl delete --cascade=background|foreground|orphan} on a deployment owning a replica set
 * (written as the deployment controller would): the garbage collector (branch rest) deletes or
 * orphans the dependents as on a real cluster.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class CascadeKubectlIT {
    private static final Duration GC = Duration.ofSeconds(30);

    private static String deploymentWithReplicaSet(Kubectl kubectl, String ns) {
        kubectl.runWithInput(deployment("dep", ns, 0), "create", "-f", "-").assertOk();
        String uid = kubectl.run("get", "deployment", "dep", "-n", ns, "-o", "jsonpath={.metadata.uid}").assertOk().stdout();
        kubectl.runWithInput(replicaSet("dep-7d5c9f8b6", ns, "dep", uid), "create", "-f", "-").assertOk();
        return uid;
    }

    @Test
    void background(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl, "bg");
        deploymentWithReplicaSet(kubectl, ns);
        assertEquals("deployment.apps \"dep\" deleted\n",
                kubectl.run("delete", "deployment", "dep", "-n", ns, "--cascade=background").assertOk().stdout());
        eventually(GC, "the garbage collector deletes the orphaned replica set",
                () -> kubectl.run("get", "replicasets", "-n", ns, "-o", "name"), r -> r.ok() && r.stdout().isBlank());
    }

    @Test
    void foreground(Kubectl kubectl) {
        String ns = namespace(kubectl, "fg");
        deploymentWithReplicaSet(kubectl, ns);
        // kubectl waits until the owner is gone, which the collector allows only after the dependents are.
        assertEquals("deployment.apps \"dep\" deleted\n",
                kubectl.run("delete", "deployment", "dep", "-n", ns, "--cascade=foreground", "--timeout=25s").assertOk().stdout());
        assertEquals("", kubectl.run("get", "replicasets", "-n", ns, "-o", "name").assertOk().stdout());
    }

    @Test
    void foregroundKeepsTheOwnerWhileADependentIsBlocked(Kubectl kubectl) {
        String ns = namespace(kubectl, "fgblock");
        deploymentWithReplicaSet(kubectl, ns);
        kubectl.run("patch", "replicaset", "dep-7d5c9f8b6", "-n", ns, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"e2e.capstan.io/hold\"]}}").assertOk();
        kubectl.run("delete", "deployment", "dep", "-n", ns, "--cascade=foreground", "--wait=false").assertOk();
        assertEquals("foregroundDeletion", kubectl.run("get", "deployment", "dep", "-n", ns, "-o", "jsonpath={.metadata.finalizers[*]}").assertOk().stdout());
        kubectl.run("patch", "replicaset", "dep-7d5c9f8b6", "-n", ns, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").assertOk();
        kubectl.run("wait", "--for=delete", "deployment/dep", "-n", ns, "--timeout=25s").assertOk();
    }

    @Test
    void orphan(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl, "orphan");
        deploymentWithReplicaSet(kubectl, ns);
        assertEquals("deployment.apps \"dep\" deleted\n",
                kubectl.run("delete", "deployment", "dep", "-n", ns, "--cascade=orphan", "--timeout=25s").assertOk().stdout());
        Kubectl.Result rs = eventually(GC, "the replica set left without its owner reference",
                () -> kubectl.run("get", "replicaset", "dep-7d5c9f8b6", "-n", ns, "-o", "jsonpath={.metadata.ownerReferences}"),
                r -> r.ok() && r.stdout().isBlank());
        assertTrue(rs.ok());
    }
}
