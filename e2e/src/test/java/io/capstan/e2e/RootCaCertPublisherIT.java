package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller manager's root CA publisher, whose informer watches only ConfigMaps named
 * {@code kube-root-ca.crt} (by field selector), through the real kubectl: the ConfigMap appears in a new
 * namespace, an edited one is put back, a deleted one comes back, and other ConfigMaps are left alone.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class RootCaCertPublisherIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void publishesRestoresAndRecreatesKubeRootCaInEveryNamespace(Kubectl kubectl) throws InterruptedException {
        String ns = "e2e-rootca-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        kubectl.run("create", "namespace", ns).assertOk();
        String ca = SmokeScenarios.eventually(WAIT, "kube-root-ca.crt published in the new namespace",
                () -> kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "jsonpath={.data.ca\\.crt}"),
                r -> r.ok() && r.stdout().contains("BEGIN CERTIFICATE")).stdout();
        String uid = kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "jsonpath={.metadata.uid}").assertOk().stdout();

        kubectl.run("create", "configmap", "other", "-n", ns, "--from-literal=ca.crt=mine").assertOk();
        kubectl.run("patch", "configmap", "kube-root-ca.crt", "-n", ns, "--type=merge",
                "-p", "{\"data\":{\"ca.crt\":\"tampered\",\"extra\":\"x\"}}").assertOk();
        SmokeScenarios.eventually(WAIT, "the edited ConfigMap put back",
                () -> kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "jsonpath={.data}"),
                r -> r.ok() && r.stdout().contains("BEGIN CERTIFICATE") && !r.stdout().contains("extra"));

        kubectl.run("delete", "configmap", "kube-root-ca.crt", "-n", ns).assertOk();
        String recreated = SmokeScenarios.eventually(WAIT, "the deleted ConfigMap created again",
                () -> kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "jsonpath={.metadata.uid}"),
                r -> r.ok() && !r.stdout().isBlank() && !r.stdout().equals(uid)).stdout();
        assertNotEquals(uid, recreated);
        assertTrue(kubectl.run("get", "configmap", "kube-root-ca.crt", "-n", ns, "-o", "jsonpath={.data.ca\\.crt}")
                .assertOk().stdout().equals(ca), "the same CA is published again");
        assertTrue(kubectl.run("get", "configmap", "other", "-n", ns, "-o", "jsonpath={.data.ca\\.crt}").assertOk().stdout().equals("mine"),
                "other ConfigMaps are not the publisher's business");
    }
}
