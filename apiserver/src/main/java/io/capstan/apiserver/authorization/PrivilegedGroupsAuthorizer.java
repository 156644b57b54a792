package io.capstan.apiserver.authorization;

import java.util.List;

/**
 * Allows members of the privileged groups whatever the other authorizers say, as upstream's
 * {@code authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup)}, which kube-apiserver puts first in
 * its chain for {@code system:masters}.
 */
public final class PrivilegedGroupsAuthorizer implements Authorizer {
    /** Upstream's {@code user.SystemPrivilegedGroup}. */
    public static final String SYSTEM_MASTERS = "system:masters";
    private final List<String> groups;

    public PrivilegedGroupsAuthorizer(List<String> groups) {
        this.groups = List.copyOf(groups);
    }

    @Override
    public AuthorizationDecision authorize(Attributes attributes) {
        if (attributes.user() != null) {
            for (String g : attributes.user().groups()) {
                if (groups.contains(g)) {
                    return AuthorizationDecision.allow("");
                }
            }
        }
        return AuthorizationDecision.noOpinion("");
    }
}
