package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kubectl explain}, which reads the OpenAPI v3 schemas (branch openapi). */
@ControlPlane(storage = StorageBackend.SQLITE)
class ExplainKubectlIT {

    @Test
    void explainPodsSpecContainers(Kubectl kubectl) {
        String out = kubectl.run("explain", "pods.spec.containers").assertOk().stdout();
        assertTrue(out.startsWith("""
                KIND:       Pod
                VERSION:    v1

                FIELD: containers <[]Container>

                """), out);
        assertTrue(out.contains("\nDESCRIPTION:\n    List of containers belonging to the pod."), out);
        assertTrue(out.contains("\nFIELDS:\n"), out);
        assertTrue(out.contains("\n  image\t<string>\n"), out);
        assertTrue(out.contains("\n  name\t<string> -required-\n"), out);
        assertTrue(out.contains("\n  ports\t<[]ContainerPort>\n"), out);
    }

    @Test
    void explainADeploymentField(Kubectl kubectl) {
        String out = kubectl.run("explain", "deployments.spec.replicas").assertOk().stdout();
        assertTrue(out.startsWith("""
                GROUP:      apps
                KIND:       Deployment
                VERSION:    v1

                FIELD: replicas <integer>
                """), out);
    }
}
