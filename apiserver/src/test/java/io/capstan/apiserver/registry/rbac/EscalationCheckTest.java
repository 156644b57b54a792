package io.capstan.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.AuthorizationModes;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.authorization.rbac.RBACAuthorizer;
import io.capstan.apiserver.authorization.rbac.StaticPolicySource;
import io.capstan.apiserver.endpoints.RequestInfo;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.capstan.apiserver.authorization.rbac.bootstrappolicy.PolicyRuleBuilder.rule;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EscalationCheckTest {
    static final String RBAC = "rbac.authorization.k8s.io";
    static final UserInfo ALICE = new UserInfo("alice", "", List.of("devs"), Map.of());

    final StaticPolicySource policy = new StaticPolicySource();
    final RBACAuthorizer rbac = new RBACAuthorizer(policy);
    final Authorizer authorizer = AuthorizationModes.parse("RBAC").build(() -> rbac);

    EscalationCheckTest() {
        policy.add(clusterRole("pod-admin", rule("*").groups("").resources("pods").build(),
                rule("create", "get", "update").groups(RBAC).resources("roles", "rolebindings").build()));
        policy.add(clusterRole("secret-reader", rule("get").groups("").resources("secrets").build()));
        policy.add(clusterRole("pod-reader", rule("get").groups("").resources("pods").build()));
        RoleBinding b = new RoleBinding();
        b.setMetadata(new ObjectMeta());
        b.getMetadata().setName("alice");
        b.getMetadata().setNamespace("ns1");
        b.setRoleRef(new RoleRef(RBAC, "ClusterRole", "pod-admin"));
        b.setSubjects(List.of(new Subject(RBAC, "User", "alice", null)));
        policy.add(b);
    }

    static ClusterRole clusterRole(String name, io.fabric8.kubernetes.api.model.rbac.PolicyRule... rules) {
        ClusterRole r = new ClusterRole();
        r.setMetadata(new ObjectMeta());
        r.getMetadata().setName(name);
        r.setRules(List.of(rules));
        return r;
    }

    static ObjectNode role(String name, String rulesJson) {
        return Json.object(("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"ns1\"},\"rules\":" + rulesJson + "}").getBytes());
    }

    static ObjectNode binding(String role) {
        return Json.object(("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"b\","
                + "\"namespace\":\"ns1\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\""
                + role + "\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"bob\",\"apiGroup\":\"rbac.authorization.k8s.io\"}]}").getBytes());
    }

    @Test
    void roleWithinHeldPermissionsIsAllowed() {
        EscalationCheck check = new EscalationCheck("roles", authorizer, rbac);
        assertDoesNotThrow(() -> check.check(ALICE, RequestInfo.parse("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/roles", false),
                role("r", "[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"delete\"]}]"), null));
    }

    @Test
    void roleGrantingMoreIsForbiddenWithUpstreamMessage() {
        EscalationCheck check = new EscalationCheck("roles", authorizer, rbac);
        StatusException e = assertThrows(StatusException.class, () -> check.check(ALICE,
                RequestInfo.parse("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/roles", false),
                role("r", "[{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"verbs\":[\"get\",\"list\"]}]"), null));
        assertEquals(403, e.code());
        assertEquals("Forbidden", e.status().getReason());
        assertEquals("roles.rbac.authorization.k8s.io \"r\" is forbidden: user \"alice\" (groups=[\"devs\"]) is attempting to grant"
                + " RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}",
                e.status().getMessage());
    }

    @Test
    void escalateVerbOrSystemMastersSkipsTheCheck() {
        policy.add(clusterRole("escalator", rule("escalate").groups(RBAC).resources("roles").build()));
        RoleBinding b = new RoleBinding();
        b.setMetadata(new ObjectMeta());
        b.getMetadata().setName("esc");
        b.getMetadata().setNamespace("ns1");
        b.setRoleRef(new RoleRef(RBAC, "ClusterRole", "escalator"));
        b.setSubjects(List.of(new Subject(RBAC, "User", "alice", null)));
        policy.add(b);
        EscalationCheck check = new EscalationCheck("roles", authorizer, rbac);
        ObjectNode big = role("r", "[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]");
        assertDoesNotThrow(() -> check.check(ALICE, RequestInfo.parse("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/roles", false), big, null));
        UserInfo master = new UserInfo("root", "", List.of("system:masters"), Map.of());
        assertDoesNotThrow(() -> check.check(master, RequestInfo.parse("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/roles", false), big, null));
    }

    @Test
    void bindingNeedsTheRolesPermissionsOrBind() {
        EscalationCheck check = new EscalationCheck("rolebindings", authorizer, rbac);
        RequestInfo info = RequestInfo.parse("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/ns1/rolebindings", false);
        assertDoesNotThrow(() -> check.check(ALICE, info, binding("pod-reader"), null));
        StatusException e = assertThrows(StatusException.class, () -> check.check(ALICE, info, binding("secret-reader"), null));
        assertEquals(403, e.code());
        assertEquals("rolebindings.rbac.authorization.k8s.io \"b\" is forbidden: user \"alice\" (groups=[\"devs\"]) is attempting to grant"
                + " RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}", e.status().getMessage());
        StatusException missing = assertThrows(StatusException.class, () -> check.check(ALICE, info, binding("nope"), null));
        assertEquals(404, missing.code());

        policy.add(clusterRole("binder", rule("bind").groups(RBAC).resources("clusterroles").names("secret-reader").build()));
        RoleBinding b = new RoleBinding();
        b.setMetadata(new ObjectMeta());
        b.getMetadata().setName("binder");
        b.getMetadata().setNamespace("ns1");
        b.setRoleRef(new RoleRef(RBAC, "ClusterRole", "binder"));
        b.setSubjects(List.of(new Subject(RBAC, "User", "alice", null)));
        policy.add(b);
        assertDoesNotThrow(() -> check.check(ALICE, info, binding("secret-reader"), null));
    }

    @Test
    void gcOnlyUpdatesAreNotChecked() {
        ObjectNode old = role("r", "[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]");
        ObjectNode updated = old.deepCopy();
        ((ObjectNode) updated.get("metadata")).putArray("finalizers").add("x");
        org.junit.jupiter.api.Assertions.assertTrue(EscalationCheck.onlyMutatingGCFields(updated, old));
        ((ObjectNode) updated.get("metadata")).putObject("labels").put("a", "b");
        org.junit.jupiter.api.Assertions.assertFalse(EscalationCheck.onlyMutatingGCFields(updated, old));
    }

    @Test
    void aggregationRuleNeedsClusterAdmin() {
        EscalationCheck check = new EscalationCheck("clusterroles", authorizer, rbac);
        ObjectNode aggregated = Json.object(("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRole\","
                + "\"metadata\":{\"name\":\"agg\"},\"aggregationRule\":{\"clusterRoleSelectors\":[{\"matchLabels\":{\"a\":\"b\"}}]}}").getBytes());
        RequestInfo info = RequestInfo.parse("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", false);
        UserInfo bob = new UserInfo("bob", "", List.of("system:authenticated"), Map.of());
        StatusException e = assertThrows(StatusException.class, () -> check.check(bob, info, aggregated, null));
        assertEquals(403, e.code());
        assertEquals("clusterroles.rbac.authorization.k8s.io \"agg\" is forbidden: must have cluster-admin privileges to use the aggregationRule",
                e.status().getMessage());
        policy.add(clusterRole("everything", rule("*").groups("*").resources("*").build(), rule("*").urls("*").build()));
        io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding b = new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding();
        b.setMetadata(new ObjectMeta());
        b.getMetadata().setName("bob-everything");
        b.setRoleRef(new RoleRef(RBAC, "ClusterRole", "everything"));
        b.setSubjects(List.of(new Subject(RBAC, "User", "bob", null)));
        policy.add(b);
        assertDoesNotThrow(() -> check.check(bob, info, aggregated, null));
    }
}
