package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import static io.capstan.e2e.KubectlCompatibilityIT.configMap;
import static io.capstan.e2e.KubectlCompatibilityIT.namespace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kubectl apply --server-side}: field managers, a conflict naming the field, and
 * {@code --force-conflicts}, as against a real 1.32 cluster. Needs server-side apply (branch ssa).
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class ServerSideApplyKubectlIT {

    @Test
    void applyServerSideThenAConflictThenForce(Kubectl kubectl) {
        String ns = namespace(kubectl, "ssa");
        assertEquals("configmap/cfg serverside-applied\n",
                kubectl.runWithInput(configMap("cfg", ns, "a: \"1\"\n  b: \"2\""), "apply", "--server-side", "-f", "-").assertOk().stdout());
        assertEquals("kubectl", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o",
                "jsonpath={.metadata.managedFields[*].manager}").assertOk().stdout());
        assertEquals("Apply", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o",
                "jsonpath={.metadata.managedFields[0].operation}").assertOk().stdout());

        Kubectl.Result conflict = kubectl.runWithInput(configMap("cfg", ns, "a: \"9\""),
                "apply", "--server-side", "--field-manager=other", "-f", "-");
        assertEquals(1, conflict.exitCode());
        assertTrue(conflict.stderr().startsWith("""
                error: Apply failed with 1 conflict: conflict with "kubectl": .data.a
                Please review the fields above--they currently have other managers. Here
                are the ways you can resolve this warning:
                * If you intend to manage all of these fields, please re-run the apply
                  command with the `--force-conflicts` flag."""), conflict.stderr());
        assertEquals("1", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data.a}").assertOk().stdout());

        assertEquals("configmap/cfg serverside-applied\n", kubectl.runWithInput(configMap("cfg", ns, "a: \"9\""),
                "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-").assertOk().stdout());
        assertEquals("{\"a\":\"9\",\"b\":\"2\"}", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data}").assertOk().stdout());
        // Now "other" owns .data.a; kubectl dropping b from its manifest removes b, and leaves a alone.
        assertEquals("configmap/cfg serverside-applied\n",
                kubectl.runWithInput(configMap("cfg", ns, "c: \"3\""), "apply", "--server-side", "-f", "-").assertOk().stdout());
        assertEquals("{\"a\":\"9\",\"c\":\"3\"}", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data}").assertOk().stdout());
    }

    @Test
    void aServerSideDryRunReportsTheConflictAndChangesNothing(Kubectl kubectl) {
        String ns = namespace(kubectl, "ssa2");
        kubectl.runWithInput(configMap("cfg", ns, "a: \"1\""), "apply", "--server-side", "--field-manager=tool", "-f", "-").assertOk();
        // A server-side dry run reports the conflict and changes nothing.
        Kubectl.Result dry = kubectl.runWithInput(configMap("cfg", ns, "a: \"2\""), "apply", "--server-side", "--dry-run=server", "-f", "-");
        assertEquals(1, dry.exitCode());
        // upstream's printManager names an Apply manager alone; "using <apiVersion>" is for Update managers
        assertTrue(dry.stderr().startsWith("error: Apply failed with 1 conflict: conflict with \"tool\": .data.a\n"), dry.stderr());
        assertEquals("1", kubectl.run("get", "configmap", "cfg", "-n", ns, "-o", "jsonpath={.data.a}").assertOk().stdout());
    }
}
