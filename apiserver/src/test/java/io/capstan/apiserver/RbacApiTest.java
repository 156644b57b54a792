package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.server.ServiceLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rbac.authorization.k8s.io/v1 served as upstream (bootstrap policy, validation, tables), and the authorization
 * filter's answers in each {@code --authorization-mode}. Without authentication every request is system:anonymous.
 */
class RbacApiTest {
    static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer("--authorization-mode=AlwaysAllow");
        awaitReady(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void awaitReady(TestApiServer s) throws Exception {
        for (int i = 0; i < 200; i++) {
            TestApiServer.Response r = s.get("/readyz?verbose");
            if (r.code() == 200 && r.body().contains("poststarthook/rbac/bootstrap-roles ok")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready: " + s.get("/readyz?verbose").body());
    }

    @Test
    void bootstrapPolicyIsCreated() throws Exception {
        JsonNode view = server.get(RBAC + "/clusterroles/view").json();
        assertEquals("true", view.path("metadata").path("annotations").path("rbac.authorization.kubernetes.io/autoupdate").asText());
        assertEquals("rbac-defaults", view.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asText());
        assertEquals("true", view.path("metadata").path("labels").path("rbac.authorization.k8s.io/aggregate-to-edit").asText());
        assertEquals("true", view.path("aggregationRule").path("clusterRoleSelectors").get(0).path("matchLabels")
                .path("rbac.authorization.k8s.io/aggregate-to-view").asText());
        JsonNode admin = server.get(RBAC + "/clusterrolebindings/cluster-admin").json();
        assertEquals("system:masters", admin.path("subjects").get(0).path("name").asText());
        assertEquals(200, server.get(RBAC + "/clusterrolebindings/system:capstan:controller-manager:namespace-controller").code());
        assertEquals(200, server.get(RBAC + "/namespaces/kube-system/roles/system::leader-locking-kube-controller-manager").code());
        assertEquals(200, server.get(RBAC + "/namespaces/kube-public/rolebindings/system:controller:bootstrap-signer").code());
        JsonNode discovery = server.get(RBAC).json();
        Set<String> names = new HashSet<>();
        discovery.path("resources").forEach(r -> names.add(r.path("name").asText()));
        assertEquals(Set.of("clusterrolebindings", "clusterroles", "rolebindings", "roles"), names);
    }

    @Test
    void bindingRoleRefIsImmutableAndDefaulted() throws Exception {
        TestApiServer.Response created = server.post(RBAC + "/namespaces/default/rolebindings", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb1"},
                 "roleRef":{"kind":"ClusterRole","name":"view"},
                 "subjects":[{"kind":"User","name":"alice"},{"kind":"ServiceAccount","name":"default"}]}""");
        assertEquals(201, created.code(), created.body());
        JsonNode rb = created.json();
        assertEquals("rbac.authorization.k8s.io", rb.path("roleRef").path("apiGroup").asText());
        assertEquals("rbac.authorization.k8s.io", rb.path("subjects").get(0).path("apiGroup").asText());
        assertFalse(rb.path("subjects").get(1).has("apiGroup"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) rb.path("roleRef")).put("name", "edit");
        TestApiServer.Response changed = server.put(RBAC + "/namespaces/default/rolebindings/rb1", rb.toString());
        assertEquals(422, changed.code(), changed.body());
        assertEquals("RoleBinding.rbac.authorization.k8s.io \"rb1\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"
                + "\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef", changed.json().path("message").asText());
    }

    @Test
    void invalidBindingsAndRolesAre422() throws Exception {
        TestApiServer.Response crb = server.post(RBAC + "/clusterrolebindings", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"bad"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
                 "subjects":[{"kind":"ServiceAccount","name":"default"},{"kind":"Robot","name":"r2d2"}]}""");
        assertEquals(422, crb.code(), crb.body());
        assertEquals("ClusterRoleBinding.rbac.authorization.k8s.io \"bad\" is invalid: [roleRef.kind: Unsupported value: \"Role\":"
                + " supported values: \"ClusterRole\", subjects[0].namespace: Required value, subjects[1].kind: Unsupported value:"
                + " \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"]", crb.json().path("message").asText());
        TestApiServer.Response role = server.post(RBAC + "/namespaces/default/roles", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"bad"},
                 "rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]},{"verbs":[],"resources":["pods"]}]}""");
        assertEquals(422, role.code(), role.body());
        assertEquals("Role.rbac.authorization.k8s.io \"bad\" is invalid: [rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}:"
                + " namespaced rules cannot apply to non-resource URLs, rules[1].verbs: Required value: verbs must contain at least one value,"
                + " rules[1].apiGroups: Required value: resource rules must supply at least one api group]", role.json().path("message").asText());
    }

    @Test
    void bindingTableShowsRoleAndSubjects() throws Exception {
        TestApiServer.Response t = server.send("GET", RBAC + "/clusterrolebindings/cluster-admin", null, (byte[]) null,
                "application/json;as=Table;v=v1;g=meta.k8s.io");
        JsonNode table = t.json();
        assertEquals("Role", table.path("columnDefinitions").get(1).path("name").asText());
        assertEquals("ClusterRole/cluster-admin", table.path("rows").get(0).path("cells").get(1).asText());
        assertEquals("system:masters", table.path("rows").get(0).path("cells").get(4).asText());
        JsonNode roles = server.send("GET", RBAC + "/clusterroles/view", null, (byte[]) null,
                "application/json;as=Table;v=v1;g=meta.k8s.io").json();
        assertEquals("Created At", roles.path("columnDefinitions").get(1).path("name").asText());
    }

    @Test
    void rbacModeForbidsAnonymousExceptPublicInfo() throws Exception {
        try (TestApiServer rbac = new TestApiServer("--authorization-mode=RBAC")) {
            awaitReady(rbac);
            assertEquals(200, rbac.get("/version").code());
            assertEquals(200, rbac.get("/healthz").code());
            TestApiServer.Response pods = rbac.get("/api/v1/namespaces/default/pods");
            assertEquals(403, pods.code());
            JsonNode status = pods.json();
            assertEquals("Forbidden", status.path("reason").asText());
            assertEquals("pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"",
                    status.path("message").asText());
            assertEquals("pods", status.path("details").path("kind").asText());
            JsonNode node = rbac.get("/api/v1/nodes/n1").json();
            assertEquals("nodes \"n1\" is forbidden: User \"system:anonymous\" cannot get resource \"nodes\" in API group \"\" at the cluster scope",
                    node.path("message").asText());
            assertEquals("n1", node.path("details").path("name").asText());
            JsonNode scale = rbac.get("/apis/apps/v1/namespaces/ns/deployments/d/scale").json();
            assertEquals("deployments.apps \"d\" is forbidden: User \"system:anonymous\" cannot get resource \"deployments/scale\""
                    + " in API group \"apps\" in the namespace \"ns\"", scale.path("message").asText());
            assertEquals("apps", scale.path("details").path("group").asText());
            TestApiServer.Response metrics = rbac.get("/metrics");
            assertEquals(403, metrics.code());
            assertEquals("forbidden: User \"system:anonymous\" cannot get path \"/metrics\"", metrics.json().path("message").asText());
            assertEquals(403, rbac.get("/apis").code());
        }
    }

    @Test
    void alwaysDenyForbidsWithItsReason() throws Exception {
        try (TestApiServer deny = new TestApiServer("--authorization-mode=AlwaysDeny")) {
            TestApiServer.Response r = deny.get("/api/v1/namespaces");
            assertEquals(403, r.code());
            assertEquals("namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API group \"\""
                    + " at the cluster scope: Everything is forbidden.", r.json().path("message").asText());
        }
    }

    @Test
    void webhookModeWithoutItsConfigFileFailsStartupClearly() {
        Exception e = assertThrows(Exception.class, () -> ServiceLauncher.start(new ApiServerService(),
                new String[] {"--secure-port=0", "--data-dir=" + server.dir.resolve("webhook"), "--authorization-mode=RBAC,Webhook"}, false));
        assertTrue(String.valueOf(e.getMessage()).contains("--authorization-mode=Webhook needs --authorization-webhook-config-file"), e.toString());
    }
}
