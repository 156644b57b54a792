package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side apply and managedFields driven by the real kubectl: {@code apply --server-side}
 * creating, changing and pruning, a second field manager's conflict and {@code --force-conflicts},
 * {@code --show-managed-fields}, and client-side {@code kubectl apply} alongside.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class ServerSideApplyIT {

    private static String unique(String prefix) {
        return "e2e-" + prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    private static String deployment(int replicas, String image, String extraLabel) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels:
                    app: web
                %s\
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: web
                        image: %s
                        ports:
                        - containerPort: 80
                """.formatted(extraLabel.isEmpty() ? "" : "    " + extraLabel + "\n", replicas, image);
    }

    private static String jsonpath(Kubectl kubectl, String ns, String path) {
        return kubectl.run("get", "deployment", "web", "-n", ns, "-o", "jsonpath={" + path + "}").assertOk().stdout().strip();
    }

    @Test
    void applyCreatesChangesConflictsAndForces(Kubectl kubectl) {
        String ns = unique("ssa");
        kubectl.run("create", "namespace", ns).assertOk();

        Kubectl.Result created = kubectl.runWithInput(deployment(2, "nginx:1.27", ""), "apply", "--server-side", "-n", ns, "-f", "-").assertOk();
        assertEquals("deployment.apps/web serverside-applied", created.stdout().strip());
        String rv = jsonpath(kubectl, ns, ".metadata.resourceVersion");

        kubectl.runWithInput(deployment(2, "nginx:1.27", ""), "apply", "--server-side", "-n", ns, "-f", "-").assertOk();
        assertEquals(rv, jsonpath(kubectl, ns, ".metadata.resourceVersion"), "the same configuration again writes nothing");

        kubectl.runWithInput(deployment(2, "nginx:1.28", ""), "apply", "--server-side", "-n", ns, "-f", "-").assertOk();
        assertEquals("nginx:1.28", jsonpath(kubectl, ns, ".spec.template.spec.containers[0].image"));

        Kubectl.Result conflict = kubectl.runWithInput(deployment(5, "nginx:1.28", ""),
                "apply", "--server-side", "--field-manager=other", "-n", ns, "-f", "-");
        assertFalse(conflict.ok(), conflict.stdout());
        assertTrue(conflict.stderr().contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas"),
                conflict.stderr());
        assertTrue(conflict.stderr().contains("--force-conflicts"), "kubectl explains how to resolve: " + conflict.stderr());
        assertEquals("2", jsonpath(kubectl, ns, ".spec.replicas"));

        kubectl.runWithInput(deployment(5, "nginx:1.28", ""),
                "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-n", ns, "-f", "-").assertOk();
        assertEquals("5", jsonpath(kubectl, ns, ".spec.replicas"));

        String yaml = kubectl.run("get", "deployment", "web", "-n", ns, "-o", "yaml", "--show-managed-fields").assertOk().stdout();
        assertTrue(yaml.contains("managedFields:"), yaml);
        assertTrue(yaml.contains("manager: other"), yaml);
        assertTrue(yaml.contains("manager: kubectl\n"), yaml);
        assertTrue(yaml.contains("operation: Apply"), yaml);
        assertTrue(yaml.contains("k:{\"name\":\"web\"}:"), yaml);
        assertTrue(yaml.contains("k:{\"containerPort\":80,\"protocol\":\"TCP\"}:"), yaml);
        String managers = kubectl.run("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={range .metadata.managedFields[*]}{.manager}={.fieldsV1.f:spec.f:replicas}{\"\\n\"}{end}").assertOk().stdout();
        assertTrue(managers.contains("other={}"), "other owns replicas now: " + managers);
        assertFalse(managers.contains("kubectl={}"), "kubectl lost replicas: " + managers);
        String plain = kubectl.run("get", "deployment", "web", "-n", ns, "-o", "yaml").assertOk().stdout();
        assertFalse(plain.contains("managedFields"), "hidden without --show-managed-fields");
    }

    @Test
    void aFieldLeftOutOfTheConfigurationIsRemoved(Kubectl kubectl) {
        String ns = unique("prune");
        kubectl.run("create", "namespace", ns).assertOk();
        kubectl.runWithInput(deployment(1, "nginx", "tier: front"), "apply", "--server-side", "-n", ns, "-f", "-").assertOk();
        assertEquals("front", jsonpath(kubectl, ns, ".metadata.labels.tier"));
        kubectl.runWithInput(deployment(1, "nginx", ""), "apply", "--server-side", "-n", ns, "-f", "-").assertOk();
        assertEquals("", jsonpath(kubectl, ns, ".metadata.labels.tier"));
        assertEquals("web", jsonpath(kubectl, ns, ".metadata.labels.app"));
    }

    @Test
    void clientSideApplyKeepsWorkingAndRecordsItsManager(Kubectl kubectl) {
        String ns = unique("csa");
        kubectl.run("create", "namespace", ns).assertOk();
        String cm = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: "%s"
                """;
        assertEquals("configmap/settings created",
                kubectl.runWithInput(cm.formatted("a"), "apply", "-n", ns, "-f", "-").assertOk().stdout().strip());
        assertEquals("configmap/settings configured",
                kubectl.runWithInput(cm.formatted("b"), "apply", "-n", ns, "-f", "-").assertOk().stdout().strip());
        String managers = kubectl.run("get", "configmap", "settings", "-n", ns, "-o",
                "jsonpath={.metadata.managedFields[*].manager}").assertOk().stdout();
        assertEquals("kubectl-client-side-apply", managers.strip());
        assertEquals("b", kubectl.run("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.mode}")
                .assertOk().stdout().strip());

        // Switching to server-side apply with the same values: kubectl migrates the ownership to itself.
        kubectl.runWithInput(cm.formatted("b"), "apply", "--server-side", "-n", ns, "-f", "-").assertOk();
        String after = kubectl.run("get", "configmap", "settings", "-n", ns, "-o",
                "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}").assertOk().stdout();
        assertTrue(after.contains("kubectl/Apply"), after);
        assertFalse(after.contains("kubectl-client-side-apply"), after);
    }
}
