package io.capstan.apiserver.authorization;

import io.capstan.apiserver.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;

/** Lists what a user may do (upstream's {@code authorizer.RuleResolver}); SelfSubjectRulesReview answers from it. */
public interface RuleResolver {

    /**
     * The rules that apply to {@code user} in {@code namespace} (cluster-wide rules included).
     *
     * @return the rules, split into resource and non-resource rules, and whether the list is incomplete
     */
    Rules rulesFor(UserInfo user, String namespace);

    /**
     * @param resourceRules    rules with resources (and apiGroups, resourceNames)
     * @param nonResourceRules rules with nonResourceURLs
     * @param incomplete       true when some rules could not be resolved (a webhook, an error)
     * @param evaluationError  the error met, or empty
     */
    record Rules(List<PolicyRule> resourceRules, List<PolicyRule> nonResourceRules, boolean incomplete, String evaluationError) {
        public Rules {
            resourceRules = List.copyOf(resourceRules);
            nonResourceRules = List.copyOf(nonResourceRules);
        }
    }
}
