package io.capstan.apiserver.audit;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides how to audit a request from a {@link Policy}, as upstream's {@code policy.NewPolicyRuleEvaluator}: the first
 * rule that matches the request's attributes gives the level, its omitted stages joined with the policy's, and
 * whether managed fields are omitted (the rule's setting, else the policy's); no matching rule gives
 * {@link Level#NONE}.
 */
public final class PolicyRuleEvaluator {
    private final Policy policy;
    private final List<Set<Stage>> ruleStages = new ArrayList<>();

    public PolicyRuleEvaluator(Policy policy) {
        this.policy = policy;
        for (PolicyRule rule : policy.rules()) {
            ruleStages.add(unionStages(policy.omitStages(), rule.omitStages()));
        }
    }

    /** How to audit a request with these attributes. */
    public RequestAuditConfig evaluate(Attributes attrs) {
        for (int i = 0; i < policy.rules().size(); i++) {
            PolicyRule rule = policy.rules().get(i);
            if (matches(rule, attrs)) {
                return new RequestAuditConfig(rule.level(), ruleStages.get(i),
                        rule.omitManagedFields() != null ? rule.omitManagedFields() : policy.omitManagedFields());
            }
        }
        return new RequestAuditConfig(Level.NONE, policy.omitStages(), policy.omitManagedFields());
    }

    static Set<Stage> unionStages(Set<Stage> a, Set<Stage> b) {
        Set<Stage> out = EnumSet.noneOf(Stage.class);
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    static boolean matches(PolicyRule r, Attributes attrs) {
        UserInfo user = attrs.user();
        if (!r.users().isEmpty() && (user == null || !r.users().contains(user.username()))) {
            return false;
        }
        if (!r.userGroups().isEmpty() && (user == null || user.groups().stream().noneMatch(r.userGroups()::contains))) {
            return false;
        }
        if (!r.verbs().isEmpty() && !r.verbs().contains(attrs.verb())) {
            return false;
        }
        if (!r.namespaces().isEmpty() || !r.resources().isEmpty()) {
            return matchesResource(r, attrs);
        }
        if (!r.nonResourceURLs().isEmpty()) {
            return matchesNonResource(r, attrs);
        }
        return true;
    }

    private static boolean matchesNonResource(PolicyRule r, Attributes attrs) {
        if (attrs.resourceRequest()) {
            return false;
        }
        for (String spec : r.nonResourceURLs()) {
            if (spec.equals("*") || spec.equals(attrs.path())
                    || spec.endsWith("*") && attrs.path().startsWith(spec.substring(0, spec.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesResource(PolicyRule r, Attributes attrs) {
        if (!attrs.resourceRequest()) {
            return false;
        }
        // Cluster-scoped resources have the empty namespace, which "" in the rule matches.
        if (!r.namespaces().isEmpty() && !r.namespaces().contains(attrs.namespace())) {
            return false;
        }
        if (r.resources().isEmpty()) {
            return true;
        }
        String resource = attrs.resource();
        String sub = attrs.subresource();
        String combined = sub.isEmpty() ? resource : resource + "/" + sub;
        for (GroupResources gr : r.resources()) {
            if (!gr.group().equals(attrs.apiGroup())) {
                continue;
            }
            if (gr.resources().isEmpty()) {
                return true;
            }
            if (!gr.resourceNames().isEmpty() && !gr.resourceNames().contains(attrs.name())) {
                continue;
            }
            for (String res : gr.resources()) {
                if (res.equals(combined) || res.equals("*")) {
                    return true;
                }
                if (!sub.isEmpty() && res.startsWith("*/") && sub.equals(res.substring(2))) {
                    return true;
                }
                if (res.endsWith("/*") && resource.equals(res.substring(0, res.length() - 2))) {
                    return true;
                }
            }
        }
        return false;
    }
}
