package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import static io.capstan.e2e.KubectlCompatibilityIT.namespace;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** kubectl prints the API server's {@code Warning} headers as upstream's do: {@code Warning: <text>} on stderr. */
@ControlPlane(storage = StorageBackend.SQLITE)
class WarningsKubectlIT {

    @Test
    void createAndServerSideApplyPrintUpstreamsWarnings(Kubectl kubectl) {
        String ns = namespace(kubectl, "warn");
        Kubectl.Result pod = kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: legacy}
                spec:
                  nodeSelector: {beta.kubernetes.io/os: linux}
                  containers:
                  - name: c
                    image: nginx
                """, "create", "-n", ns, "-f", "-").assertOk();
        assertEquals("pod/legacy created\n", pod.stdout());
        assertEquals("Warning: spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use \"kubernetes.io/os\" instead\n",
                pod.stderr());

        Kubectl.Result deployment = kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: c
                        image: nginx
                        env:
                        - {name: A, value: "1"}
                        - {name: A, value: "2"}
                """, "apply", "--server-side", "-n", ns, "-f", "-").assertOk();
        assertEquals("deployment.apps/web serverside-applied\n", deployment.stdout());
        assertEquals("Warning: spec.template.spec.containers[0].env[1]: hides previous definition of \"A\", "
                + "which may be dropped when using apply\n", deployment.stderr());
    }
}
