package io.capstan.apiserver.authorization.rbac.bootstrappolicy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Upstream's {@code rbacv1helpers.NewRule(verbs...).Groups(...).Resources(...).Names(...).URLs(...).RuleOrDie()}:
 * each list is sorted and de-duplicated, as upstream's builder does, so the stored roles equal upstream's.
 */
public final class PolicyRuleBuilder {
    private final List<String> verbs;
    private List<String> groups = List.of();
    private List<String> resources = List.of();
    private List<String> names = List.of();
    private List<String> urls = List.of();

    private PolicyRuleBuilder(String... verbs) {
        this.verbs = sorted(verbs);
    }

    public static PolicyRuleBuilder rule(String... verbs) {
        return new PolicyRuleBuilder(verbs);
    }

    public PolicyRuleBuilder groups(String... g) {
        groups = sorted(g);
        return this;
    }

    public PolicyRuleBuilder resources(String... r) {
        resources = sorted(r);
        return this;
    }

    public PolicyRuleBuilder names(String... n) {
        names = sorted(n);
        return this;
    }

    public PolicyRuleBuilder urls(String... u) {
        urls = sorted(u);
        return this;
    }

    /** The rule; fails as upstream's {@code RuleOrDie} on a rule that mixes or lacks resources and URLs. */
    public PolicyRule build() {
        if (verbs.isEmpty()) {
            throw new IllegalStateException("verbs are required");
        }
        if (!urls.isEmpty() && (!groups.isEmpty() || !resources.isEmpty() || !names.isEmpty())) {
            throw new IllegalStateException("non-resource rule may not have groups, resources or names");
        }
        if (urls.isEmpty() && (groups.isEmpty() || resources.isEmpty())) {
            throw new IllegalStateException("resource rule must have groups and resources");
        }
        PolicyRule r = new PolicyRule();
        r.setVerbs(new ArrayList<>(verbs));
        if (!groups.isEmpty()) {
            r.setApiGroups(new ArrayList<>(groups));
        }
        if (!resources.isEmpty()) {
            r.setResources(new ArrayList<>(resources));
        }
        if (!names.isEmpty()) {
            r.setResourceNames(new ArrayList<>(names));
        }
        if (!urls.isEmpty()) {
            r.setNonResourceURLs(new ArrayList<>(urls));
        }
        return r;
    }

    private static List<String> sorted(String... values) {
        return List.copyOf(new TreeSet<>(List.of(values)));
    }
}
