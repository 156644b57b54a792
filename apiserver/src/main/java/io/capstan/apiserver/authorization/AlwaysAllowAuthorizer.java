package io.capstan.apiserver.authorization;

import io.capstan.apiserver.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;

import java.util.List;

/**
 * Upstream's {@code --authorization-mode=AlwaysAllow} (its default): every request is allowed, and the rules of
 * every user are "everything".
 */
public final class AlwaysAllowAuthorizer implements Authorizer, RuleResolver {

    @Override
    public AuthorizationDecision authorize(Attributes attributes) {
        return AuthorizationDecision.allow("");
    }

    @Override
    public Rules rulesFor(UserInfo user, String namespace) {
        PolicyRule resources = new PolicyRuleBuilder().withVerbs("*").withApiGroups("*").withResources("*").build();
        PolicyRule nonResources = new PolicyRuleBuilder().withVerbs("*").withNonResourceURLs("*").build();
        return new Rules(List.of(resources), List.of(nonResources), false, "");
    }
}
