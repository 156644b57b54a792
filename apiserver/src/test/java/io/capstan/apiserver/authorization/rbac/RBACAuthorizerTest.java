package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.apiserver.authorization.RuleResolver;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.capstan.apiserver.authorization.rbac.bootstrappolicy.PolicyRuleBuilder.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RBACAuthorizerTest {
    static final String RBAC = "rbac.authorization.k8s.io";

    static ObjectMeta meta(String ns, String name) {
        ObjectMeta m = new ObjectMeta();
        m.setNamespace(ns);
        m.setName(name);
        return m;
    }

    static ClusterRole clusterRole(String name, io.fabric8.kubernetes.api.model.rbac.PolicyRule... rules) {
        ClusterRole r = new ClusterRole();
        r.setMetadata(meta(null, name));
        r.setRules(List.of(rules));
        return r;
    }

    static Role role(String ns, String name, io.fabric8.kubernetes.api.model.rbac.PolicyRule... rules) {
        Role r = new Role();
        r.setMetadata(meta(ns, name));
        r.setRules(List.of(rules));
        return r;
    }

    static RoleBinding roleBinding(String ns, String name, String kind, String role, Subject... subjects) {
        RoleBinding b = new RoleBinding();
        b.setMetadata(meta(ns, name));
        b.setRoleRef(new RoleRef(RBAC, kind, role));
        b.setSubjects(List.of(subjects));
        return b;
    }

    static ClusterRoleBinding clusterRoleBinding(String name, String role, Subject... subjects) {
        ClusterRoleBinding b = new ClusterRoleBinding();
        b.setMetadata(meta(null, name));
        b.setRoleRef(new RoleRef(RBAC, "ClusterRole", role));
        b.setSubjects(List.of(subjects));
        return b;
    }

    static UserInfo user(String name, String... groups) {
        return new UserInfo(name, "", List.of(groups), Map.of());
    }

    final StaticPolicySource policy = new StaticPolicySource()
            .add(clusterRole("pod-reader", rule("get", "list").groups("").resources("pods").build()))
            .add(clusterRole("healthz", rule("get").urls("/healthz").build()))
            .add(role("ns1", "secret-reader", rule("get").groups("").resources("secrets").build()))
            .add(roleBinding("ns1", "alice-reads-pods", "ClusterRole", "pod-reader", new Subject(RBAC, "User", "alice", null)))
            .add(roleBinding("ns1", "sa-reads-secrets", "Role", "secret-reader", new Subject(null, "ServiceAccount", "robot", null)))
            .add(roleBinding("ns1", "dangling", "Role", "missing", new Subject(RBAC, "User", "carol", null)))
            .add(clusterRoleBinding("ops-healthz", "healthz", new Subject(RBAC, "Group", "ops", null)))
            .add(clusterRoleBinding("bob-reads-pods", "pod-reader", new Subject(RBAC, "User", "bob", null)));
    final RBACAuthorizer rbac = new RBACAuthorizer(policy);

    @Test
    void roleBindingAppliesOnlyInItsNamespaceWithUpstreamReason() {
        AuthorizationDecision d = rbac.authorize(Attributes.resource(user("alice"), "get", "ns1", "", "v1", "pods", "", "p"));
        assertTrue(d.allowed());
        assertEquals("RBAC: allowed by RoleBinding \"alice-reads-pods/ns1\" of ClusterRole \"pod-reader\" to User \"alice\"", d.reason());
        assertFalse(rbac.authorize(Attributes.resource(user("alice"), "get", "ns2", "", "v1", "pods", "", "p")).allowed());
        assertFalse(rbac.authorize(Attributes.resource(user("alice"), "list", "", "", "v1", "pods", "", "")).allowed());
    }

    @Test
    void clusterRoleBindingAppliesEverywhere() {
        AuthorizationDecision d = rbac.authorize(Attributes.resource(user("bob"), "list", "", "", "v1", "pods", "", ""));
        assertTrue(d.allowed());
        assertEquals("RBAC: allowed by ClusterRoleBinding \"bob-reads-pods\" of ClusterRole \"pod-reader\" to User \"bob\"", d.reason());
        assertTrue(rbac.authorize(Attributes.resource(user("bob"), "get", "ns9", "", "v1", "pods", "", "p")).allowed());
        assertFalse(rbac.authorize(Attributes.resource(user("bob"), "delete", "ns9", "", "v1", "pods", "", "p")).allowed());
    }

    @Test
    void groupsAndNonResourceURLs() {
        assertTrue(rbac.authorize(Attributes.nonResource(user("dave", "ops"), "get", "/healthz")).allowed());
        assertFalse(rbac.authorize(Attributes.nonResource(user("dave"), "get", "/healthz")).allowed());
        assertFalse(rbac.authorize(Attributes.nonResource(user("dave", "ops"), "post", "/healthz")).allowed());
    }

    @Test
    void serviceAccountSubjectDefaultsToTheBindingsNamespace() {
        UserInfo robot = user("system:serviceaccount:ns1:robot", "system:serviceaccounts");
        AuthorizationDecision d = rbac.authorize(Attributes.resource(robot, "get", "ns1", "", "v1", "secrets", "", "s"));
        assertTrue(d.allowed());
        assertEquals("RBAC: allowed by RoleBinding \"sa-reads-secrets/ns1\" of Role \"secret-reader\" to ServiceAccount \"robot/ns1\"", d.reason());
        UserInfo other = user("system:serviceaccount:ns2:robot");
        assertFalse(rbac.authorize(Attributes.resource(other, "get", "ns1", "", "v1", "secrets", "", "s")).allowed());
    }

    @Test
    void missingRoleIsTheReasonOfNoOpinion() {
        AuthorizationDecision d = rbac.authorize(Attributes.resource(user("carol"), "get", "ns1", "", "v1", "pods", "", "p"));
        assertEquals(AuthorizationDecision.Decision.NO_OPINION, d.decision());
        assertEquals("RBAC: role.rbac.authorization.k8s.io \"missing\" not found", d.reason());
        assertEquals("", rbac.authorize(Attributes.resource(user("nobody"), "get", "ns1", "", "v1", "pods", "", "p")).reason());
    }

    @Test
    void rulesForSplitsResourceAndNonResourceRules() {
        RuleResolver.Rules rules = rbac.rulesFor(user("alice", "ops"), "ns1");
        assertEquals(1, rules.resourceRules().size());
        assertEquals(List.of("pods"), rules.resourceRules().getFirst().getResources());
        assertEquals(1, rules.nonResourceRules().size());
        assertFalse(rules.incomplete());
    }
}
