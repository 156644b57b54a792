package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import static io.capstan.e2e.KubectlCompatibilityIT.namespace;
import static io.capstan.e2e.KubectlOutput.normalize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubectl over rbac.authorization.k8s.io/v1: the bootstrap policy (aggregated by the controller manager's
 * clusterrole-aggregation controller), upstream's columns and {@code describe}, and the roleRef immutability error.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class RbacKubectlIT {

    @Test
    void bootstrapRolesAggregatedAndDescribedAsUpstream(Kubectl kubectl) throws Exception {
        String described = "";
        for (int i = 0; i < 100; i++) {
            described = kubectl.run("describe", "clusterrole", "view").assertOk().stdout();
            if (described.contains("  pods ")) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(described.startsWith("""
                Name:         view
                Labels:       kubernetes.io/bootstrapping=rbac-defaults
                              rbac.authorization.k8s.io/aggregate-to-edit=true
                Annotations:  rbac.authorization.kubernetes.io/autoupdate: true
                PolicyRule:
                  Resources                                    Non-Resource URLs  Resource Names  Verbs
                  ---------                                    -----------------  --------------  -----
                """), described);
        assertTrue(described.matches("(?s).*\\n  pods +\\[\\] +\\[\\] +\\[get list watch\\]\\n.*"), described);
        String edit = kubectl.run("get", "clusterrole", "edit", "-o", "jsonpath={.rules[*].resources}").assertOk().stdout();
        assertTrue(edit.contains("secrets"), edit);
        String roles = kubectl.run("get", "clusterroles").assertOk().stdout();
        assertTrue(roles.startsWith("NAME "), roles);
        assertTrue(roles.lines().anyMatch(l -> l.matches("cluster-admin +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")), roles);
        assertTrue(roles.lines().findFirst().orElse("").matches("NAME +CREATED AT"), roles);
        assertEquals("NAME            ROLE                        AGE\ncluster-admin   ClusterRole/cluster-admin   <age>\n",
                normalize(kubectl.run("get", "clusterrolebinding", "cluster-admin").assertOk().stdout()));
    }

    @Test
    void roleRefCannotChange(Kubectl kubectl) {
        String ns = namespace(kubectl, "rbac");
        kubectl.run("create", "rolebinding", "rb", "--clusterrole=view", "--user=alice", "-n", ns).assertOk();
        String wide = kubectl.run("get", "rolebinding", "rb", "-n", ns, "-o", "wide").assertOk().stdout();
        assertTrue(wide.matches("NAME +ROLE +AGE +USERS +GROUPS +SERVICEACCOUNTS *\\nrb +ClusterRole/view +\\S+ +alice *\\n"), wide);
        Kubectl.Result r = kubectl.run("patch", "rolebinding", "rb", "-n", ns, "--type=merge", "-p", "{\"roleRef\":{\"name\":\"edit\"}}");
        assertEquals(1, r.exitCode());
        assertEquals("The RoleBinding \"rb\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\","
                + " Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef\n", r.stderr());
    }
}
