package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import java.util.Collection;

/**
 * Where the RBAC authorizer reads roles and bindings: upstream's {@code RoleGetter}, {@code RoleBindingLister},
 * {@code ClusterRoleGetter} and {@code ClusterRoleBindingLister} in one. Reads are from memory and fast; they
 * run on every request. Returned objects are shared and must not be changed.
 */
public interface PolicySource {

    /** The Role, or null when it does not exist. */
    Role role(String namespace, String name);

    /** The ClusterRole, or null when it does not exist. */
    ClusterRole clusterRole(String name);

    /** The RoleBindings of one namespace. */
    Collection<RoleBinding> roleBindings(String namespace);

    /** Every ClusterRoleBinding. */
    Collection<ClusterRoleBinding> clusterRoleBindings();

    /**
     * The ClusterRoleBindings that may apply to {@code user}: at least every one naming the user, one of its groups or
     * (for a service account's user name) its account. The authorizer still checks each subject; a source may
     * return all of them (the default) or an index lookup.
     */
    default Collection<ClusterRoleBinding> clusterRoleBindingsFor(UserInfo user) {
        return clusterRoleBindings();
    }
}
