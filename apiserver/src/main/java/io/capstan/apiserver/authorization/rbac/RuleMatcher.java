package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.authorization.Attributes;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;

/**
 * Whether one {@link PolicyRule} covers a request, exactly as upstream's {@code RuleAllows} with the
 * {@code rbac/v1} evaluation helpers: {@code *} matches any verb, group, resource or URL; {@code *}{@code /sub}
 * matches subresource {@code sub} of any resource; an empty {@code resourceNames} matches every name (a named
 * rule never matches a request without a name, such as list or create); a non-resource URL ending in {@code *}
 * matches by prefix. Upstream has no {@code resource/*} wildcard: such an entry only matches literally.
 */
public final class RuleMatcher {
    private RuleMatcher() {
    }

    /** Upstream's {@code RuleAllows}. */
    public static boolean allows(Attributes a, PolicyRule rule) {
        if (a.resourceRequest()) {
            String combined = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
            return verbMatches(rule, a.verb()) && apiGroupMatches(rule, a.apiGroup())
                    && resourceMatches(rule, combined, a.subresource()) && resourceNameMatches(rule, a.name());
        }
        return verbMatches(rule, a.verb()) && nonResourceURLMatches(rule, a.path());
    }

    public static boolean verbMatches(PolicyRule rule, String verb) {
        for (String v : nullToEmpty(rule.getVerbs())) {
            if (v.equals("*") || v.equals(verb)) {
                return true;
            }
        }
        return false;
    }

    public static boolean apiGroupMatches(PolicyRule rule, String group) {
        for (String g : nullToEmpty(rule.getApiGroups())) {
            if (g.equals("*") || g.equals(group)) {
                return true;
            }
        }
        return false;
    }

    public static boolean resourceMatches(PolicyRule rule, String combinedResource, String subresource) {
        for (String r : nullToEmpty(rule.getResources())) {
            if (r.equals("*") || r.equals(combinedResource)) {
                return true;
            }
            if (!subresource.isEmpty() && r.length() == subresource.length() + 2 && r.startsWith("*/")
                    && r.endsWith(subresource)) {
                return true;
            }
        }
        return false;
    }

    public static boolean resourceNameMatches(PolicyRule rule, String name) {
        List<String> names = nullToEmpty(rule.getResourceNames());
        if (names.isEmpty()) {
            return true;
        }
        return names.contains(name);
    }

    public static boolean nonResourceURLMatches(PolicyRule rule, String path) {
        for (String u : nullToEmpty(rule.getNonResourceURLs())) {
            if (u.equals("*") || u.equals(path)) {
                return true;
            }
            if (u.endsWith("*") && path.startsWith(u.substring(0, u.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
