package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationModes;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.authorization.rbac.bootstrappolicy.BootstrapPolicy;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The authorization matrix: the real RBAC authorizer (behind the real mode chain) over the real bootstrap policy,
 * with the aggregated roles filled in as the aggregation controller fills them, for six callers x eight verbs x six
 * resources in namespace {@code ns1}. The expected answers come from upstream's bootstrap roles
 * ({@code plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go}, golden file {@code testdata/cluster-roles.yaml}):
 * <ul>
 * <li>{@code view} = {@code system:aggregate-to-view}: get/list/watch pods and namespaces; no secrets, no RBAC objects;</li>
 * <li>{@code edit} = view + {@code system:aggregate-to-edit}: every verb on pods and secrets (create/update/patch/delete/
 * deletecollection from aggregate-to-edit, get/list/watch secrets too); still no roles/rolebindings;</li>
 * <li>{@code admin} = edit + {@code system:aggregate-to-admin}: also every verb on roles and rolebindings;</li>
 * <li>none of them reaches nodes (cluster-scoped) or writes namespaces; their RoleBinding is in ns1 only;</li>
 * <li>{@code cluster-admin} ({@code *} on {@code *.*}) may do everything; anonymous and a service account without
 * bindings get none of it ({@code system:basic-user}/{@code system:discovery}/{@code system:public-info-viewer} grant
 * only reviews and non-resource URLs).</li>
 * </ul>
 */
class AuthorizationMatrixTest {
    static final String NS = "ns1";
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
    static final List<String> RESOURCES = List.of("secrets", "pods", "roles", "rolebindings", "nodes", "namespaces");
    static final Set<String> READ = Set.of("get", "list", "watch");
    static final Set<String> ALL = Set.copyOf(VERBS);

    static final UserInfo ANONYMOUS = UserInfo.ANONYMOUS;
    static final UserInfo SERVICE_ACCOUNT = new UserInfo("system:serviceaccount:ns1:builder", "u-sa",
            List.of("system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"), Map.of());
    static final UserInfo VIEWER = user("viewer");
    static final UserInfo EDITOR = user("editor");
    static final UserInfo NS_ADMIN = user("ns-admin");
    static final UserInfo CLUSTER_ADMIN = user("root");

    static final Authorizer AUTHORIZER = AuthorizationModes.parse("RBAC").build(() -> new RBACAuthorizer(policy()));

    static UserInfo user(String name) {
        return new UserInfo(name, "u-" + name, List.of("system:authenticated"), Map.of());
    }

    /** The bootstrap policy, aggregated, plus the bindings of the matrix's users. */
    static StaticPolicySource policy() {
        StaticPolicySource p = new StaticPolicySource();
        aggregate(BootstrapPolicy.allClusterRoles()).forEach(p::add);
        BootstrapPolicy.clusterRoleBindings().forEach(p::add);
        BootstrapPolicy.namespaceRoles().values().forEach(l -> l.forEach(p::add));
        BootstrapPolicy.namespaceRoleBindings().values().forEach(l -> l.forEach(p::add));
        p.add(roleBinding("viewers", "view", "viewer"));
        p.add(roleBinding("editors", "edit", "editor"));
        p.add(roleBinding("admins", "admin", "ns-admin"));
        ClusterRoleBinding root = new ClusterRoleBinding();
        root.setMetadata(new ObjectMeta());
        root.getMetadata().setName("root-is-cluster-admin");
        root.setRoleRef(new RoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin"));
        root.setSubjects(List.of(new Subject("rbac.authorization.k8s.io", "User", "root", null)));
        p.add(root);
        return p;
    }

    static RoleBinding roleBinding(String name, String clusterRole, String user) {
        RoleBinding b = new RoleBinding();
        b.setMetadata(new ObjectMeta());
        b.getMetadata().setName(name);
        b.getMetadata().setNamespace(NS);
        b.setRoleRef(new RoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole));
        b.setSubjects(List.of(new Subject("rbac.authorization.k8s.io", "User", user, null)));
        return b;
    }

    /** What the aggregation controller does: each aggregated role gets the union of its selected roles' rules, to a fixpoint. */
    static List<ClusterRole> aggregate(List<ClusterRole> roles) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ClusterRole target : roles) {
                if (target.getAggregationRule() == null) {
                    continue;
                }
                Set<PolicyRule> union = new LinkedHashSet<>();
                for (var selector : target.getAggregationRule().getClusterRoleSelectors()) {
                    for (ClusterRole source : roles) {
                        Map<String, String> labels = source.getMetadata().getLabels();
                        if (source != target && labels != null && labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
                            union.addAll(source.getRules());
                        }
                    }
                }
                if (!new LinkedHashSet<>(target.getRules()).equals(union)) {
                    target.setRules(new ArrayList<>(union));
                    changed = true;
                }
            }
        }
        return roles;
    }

    static Set<String> allowedVerbs(UserInfo user, String resource) {
        if (user == CLUSTER_ADMIN) {
            return ALL;
        }
        if (user == ANONYMOUS || user == SERVICE_ACCOUNT) {
            return Set.of();
        }
        return switch (resource) {
            case "pods" -> user == VIEWER ? READ : ALL;
            case "secrets" -> user == VIEWER ? Set.of() : ALL;
            case "roles", "rolebindings" -> user == NS_ADMIN ? ALL : Set.of();
            case "namespaces" -> Set.of("get"); // only the namespace itself (get ns1), through the ns1 RoleBinding
            case "nodes" -> Set.of();
            default -> throw new IllegalArgumentException(resource);
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        Map<String, UserInfo> users = new java.util.LinkedHashMap<>();
        users.put("anonymous", ANONYMOUS);
        users.put("service account without roles", SERVICE_ACCOUNT);
        users.put("view in ns1", VIEWER);
        users.put("edit in ns1", EDITOR);
        users.put("admin in ns1", NS_ADMIN);
        users.put("cluster-admin", CLUSTER_ADMIN);
        for (var u : users.entrySet()) {
            for (String resource : RESOURCES) {
                for (String verb : VERBS) {
                    cases.add(Arguments.of(u.getKey(), u.getValue(), verb, resource, allowedVerbs(u.getValue(), resource).contains(verb)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {2} {3} -> {4}")
    @MethodSource("matrix")
    void authorizesAsUpstreamBootstrapRoles(String who, UserInfo user, String verb, String resource, boolean allowed) {
        assertEquals(allowed, AUTHORIZER.authorize(attributes(user, verb, resource)).allowed(), who + " " + verb + " " + resource);
    }

    /** The attributes upstream's RequestInfo gives such a request; collection verbs carry no name. */
    static Attributes attributes(UserInfo user, String verb, String resource) {
        boolean collection = Set.of("list", "watch", "create", "deletecollection").contains(verb);
        String group = resource.startsWith("role") ? "rbac.authorization.k8s.io" : "";
        return switch (resource) {
            case "nodes" -> Attributes.resource(user, verb, "", "", "v1", resource, "", collection ? "" : "n1");
            // /api/v1/namespaces/ns1 has namespace ns1 (upstream's RequestInfo); the collection is cluster-scoped.
            case "namespaces" -> Attributes.resource(user, verb, collection ? "" : NS, "", "v1", resource, "", collection ? "" : NS);
            default -> Attributes.resource(user, verb, NS, group, "v1", resource, "", collection ? "" : "x");
        };
    }
}
