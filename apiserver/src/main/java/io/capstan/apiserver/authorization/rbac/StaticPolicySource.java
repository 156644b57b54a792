package io.capstan.apiserver.authorization.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PolicySource} over objects handed to it: for tests and for evaluating a policy before it is stored
 * (the bootstrap policy, escalation checks of a role being written).
 */
public final class StaticPolicySource implements PolicySource {
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, ClusterRole> clusterRoles = new ConcurrentHashMap<>();
    private final Map<String, List<RoleBinding>> roleBindings = new ConcurrentHashMap<>();
    private final List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();

    public StaticPolicySource add(Role r) {
        roles.put(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r);
        return this;
    }

    public StaticPolicySource add(ClusterRole r) {
        clusterRoles.put(r.getMetadata().getName(), r);
        return this;
    }

    public StaticPolicySource add(RoleBinding b) {
        roleBindings.computeIfAbsent(b.getMetadata().getNamespace(), k -> new ArrayList<>()).add(b);
        return this;
    }

    public synchronized StaticPolicySource add(ClusterRoleBinding b) {
        clusterRoleBindings.add(b);
        return this;
    }

    @Override
    public Role role(String namespace, String name) {
        return roles.get(namespace + "/" + name);
    }

    @Override
    public ClusterRole clusterRole(String name) {
        return clusterRoles.get(name);
    }

    @Override
    public Collection<RoleBinding> roleBindings(String namespace) {
        return List.copyOf(roleBindings.getOrDefault(namespace, List.of()));
    }

    @Override
    public synchronized Collection<ClusterRoleBinding> clusterRoleBindings() {
        return List.copyOf(clusterRoleBindings);
    }
}
