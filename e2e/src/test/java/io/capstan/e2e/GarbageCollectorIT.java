package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller manager's garbage collector through the real kubectl: {@code kubectl delete} with
 * {@code --cascade=background|orphan|foreground} on owners whose dependents name them in
 * {@code ownerReferences}, and dependents losing one of two owners.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class GarbageCollectorIT {

    @Test
    void backgroundDeletionCollectsTheDependents(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl);
        String uid = owner(kubectl, ns, "owner");
        dependent(kubectl, ns, "dep-1", ref("owner", uid, false));
        dependent(kubectl, ns, "dep-2", ref("owner", uid, false));
        kubectl.run("delete", "configmap", "owner", "-n", ns, "--cascade=background").assertOk();
        SmokeScenarios.eventually(Duration.ofSeconds(30), "the dependents collected",
                () -> kubectl.run("get", "configmaps", "dep-1", "dep-2", "-n", ns, "--ignore-not-found", "-o", "name"),
                r -> r.ok() && r.stdout().isBlank());
    }

    @Test
    void orphanDeletionKeepsTheDependentsWithoutTheReference(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl);
        String uid = owner(kubectl, ns, "owner");
        dependent(kubectl, ns, "dep", ref("owner", uid, true));
        kubectl.run("delete", "configmap", "owner", "-n", ns, "--cascade=orphan", "--timeout=60s").assertOk();
        SmokeScenarios.eventually(Duration.ofSeconds(30), "the owner gone",
                () -> kubectl.run("get", "configmap", "owner", "-n", ns, "--ignore-not-found", "-o", "name"),
                r -> r.ok() && r.stdout().isBlank());
        JsonNode dep = json(kubectl.run("get", "configmap", "dep", "-n", ns, "-o", "json").assertOk());
        assertTrue(dep.path("metadata").path("ownerReferences").isEmpty(), dep.toString());
        Thread.sleep(2000);
        assertTrue(kubectl.run("get", "configmap", "dep", "-n", ns).ok(), "an orphan is never collected");
    }

    @Test
    void foregroundDeletionRemovesTheDependentsFirst(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl);
        String uid = owner(kubectl, ns, "owner");
        dependent(kubectl, ns, "blocking", ref("owner", uid, true));
        dependent(kubectl, ns, "other", ref("owner", uid, false));
        // kubectl waits until the owner is gone, which the collector allows only once "blocking" is gone
        kubectl.run("delete", "configmap", "owner", "-n", ns, "--cascade=foreground", "--timeout=60s").assertOk();
        Kubectl.Result left = kubectl.run("get", "configmap", "owner", "blocking", "-n", ns, "--ignore-not-found", "-o", "name");
        assertEquals("", left.stdout().strip(), "left: " + left.stdout());
        SmokeScenarios.eventually(Duration.ofSeconds(30), "the non-blocking dependent collected too",
                () -> kubectl.run("get", "configmap", "other", "-n", ns, "--ignore-not-found", "-o", "name"),
                r -> r.ok() && r.stdout().isBlank());
    }

    @Test
    void aDependentWithAnotherOwnerOnlyLosesTheReference(Kubectl kubectl) throws InterruptedException {
        String ns = namespace(kubectl);
        String gone = owner(kubectl, ns, "gone");
        String stays = owner(kubectl, ns, "stays");
        dependent(kubectl, ns, "shared", ref("gone", gone, false) + ref("stays", stays, false));
        kubectl.run("delete", "configmap", "gone", "-n", ns).assertOk();
        Kubectl.Result result = SmokeScenarios.eventually(Duration.ofSeconds(30), "the dangling reference dropped",
                () -> kubectl.run("get", "configmap", "shared", "-n", ns, "-o", "jsonpath={.metadata.ownerReferences[*].name}"),
                r -> r.ok() && r.stdout().strip().equals("stays"));
        assertFalse(result.stdout().contains("gone"));
    }

    private static String namespace(Kubectl kubectl) {
        String ns = "e2e-gc-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        kubectl.run("create", "namespace", ns).assertOk();
        return ns;
    }

    private static String owner(Kubectl kubectl, String ns, String name) {
        kubectl.run("create", "configmap", name, "-n", ns, "--from-literal=a=b").assertOk();
        return kubectl.run("get", "configmap", name, "-n", ns, "-o", "jsonpath={.metadata.uid}").assertOk().stdout().strip();
    }

    private static String ref(String name, String uid, boolean blockOwnerDeletion) {
        return "  - {apiVersion: v1, kind: ConfigMap, name: " + name + ", uid: " + uid
                + ", blockOwnerDeletion: " + blockOwnerDeletion + "}\n";
    }

    private static void dependent(Kubectl kubectl, String ns, String name, String refs) {
        kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\n  ownerReferences:\n" + refs + "data: {a: b}\n", "create", "-f", "-").assertOk();
    }

    private static JsonNode json(Kubectl.Result r) {
        return Json.tree(r.stdout().getBytes(StandardCharsets.UTF_8));
    }
}
