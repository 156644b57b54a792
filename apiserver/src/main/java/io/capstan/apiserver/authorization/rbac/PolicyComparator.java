package io.capstan.apiserver.authorization.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.capstan.apiserver.authorization.rbac.RuleMatcher.nullToEmpty;

/**
 * Whether one set of rules grants everything another does, as upstream's {@code policy_comparator.go}
 * ({@code Covers}, {@code BreakdownRule}) with {@code CompactRules} and {@code CompactString} for messages:
 * the escalation checks and the bootstrap reconciliation use it.
 */
public final class PolicyComparator {
    private PolicyComparator() {
    }

    /** The sub-rules of {@code servantRules} that no rule of {@code ownerRules} covers; empty when covered. */
    public static List<PolicyRule> uncovered(List<PolicyRule> ownerRules, List<PolicyRule> servantRules) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule servant : servantRules) {
            for (PolicyRule sub : breakdown(servant)) {
                boolean covered = false;
                for (PolicyRule owner : ownerRules) {
                    if (ruleCovers(owner, sub)) {
                        covered = true;
                        break;
                    }
                }
                if (!covered) {
                    missing.add(sub);
                }
            }
        }
        return missing;
    }

    /** Upstream's {@code BreakdownRule}: one rule per group, resource, verb (and name), or per URL and verb. */
    public static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> out = new ArrayList<>();
        for (String group : nullToEmpty(rule.getApiGroups())) {
            for (String resource : nullToEmpty(rule.getResources())) {
                for (String verb : nullToEmpty(rule.getVerbs())) {
                    if (!nullToEmpty(rule.getResourceNames()).isEmpty()) {
                        for (String name : rule.getResourceNames()) {
                            out.add(resourceRule(group, resource, verb, name));
                        }
                    } else {
                        out.add(resourceRule(group, resource, verb, null));
                    }
                }
            }
        }
        for (String url : nullToEmpty(rule.getNonResourceURLs())) {
            for (String verb : nullToEmpty(rule.getVerbs())) {
                PolicyRule r = new PolicyRule();
                r.setNonResourceURLs(new ArrayList<>(List.of(url)));
                r.setVerbs(new ArrayList<>(List.of(verb)));
                out.add(r);
            }
        }
        return out;
    }

    private static PolicyRule resourceRule(String group, String resource, String verb, String name) {
        PolicyRule r = new PolicyRule();
        r.setApiGroups(new ArrayList<>(List.of(group)));
        r.setResources(new ArrayList<>(List.of(resource)));
        r.setVerbs(new ArrayList<>(List.of(verb)));
        if (name != null) {
            r.setResourceNames(new ArrayList<>(List.of(name)));
        }
        return r;
    }

    static boolean ruleCovers(PolicyRule owner, PolicyRule sub) {
        boolean verbs = nullToEmpty(owner.getVerbs()).contains("*") || nullToEmpty(owner.getVerbs()).containsAll(nullToEmpty(sub.getVerbs()));
        boolean groups = nullToEmpty(owner.getApiGroups()).contains("*")
                || nullToEmpty(owner.getApiGroups()).containsAll(nullToEmpty(sub.getApiGroups()));
        boolean resources = resourceCoversAll(nullToEmpty(owner.getResources()), nullToEmpty(sub.getResources()));
        boolean urls = nonResourceURLsCoverAll(nullToEmpty(owner.getNonResourceURLs()), nullToEmpty(sub.getNonResourceURLs()));
        List<String> ownerNames = nullToEmpty(owner.getResourceNames());
        List<String> subNames = nullToEmpty(sub.getResourceNames());
        boolean names = subNames.isEmpty() ? ownerNames.isEmpty() : ownerNames.isEmpty() || ownerNames.containsAll(subNames);
        return verbs && groups && resources && names && urls;
    }

    private static boolean resourceCoversAll(List<String> set, List<String> covers) {
        if (set.contains("*") || set.containsAll(covers)) {
            return true;
        }
        for (String path : covers) {
            if (set.contains(path)) {
                continue;
            }
            int slash = path.indexOf('/');
            if (slash < 0) {
                return false;
            }
            if (!set.contains("*/" + path.substring(slash + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean nonResourceURLsCoverAll(List<String> set, List<String> covers) {
        for (String path : covers) {
            boolean covered = false;
            for (String owner : set) {
                if (owner.equals(path) || (owner.endsWith("*") && path.startsWith(owner.replaceAll("\\*+$", "")))) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** Upstream's {@code CompactRules}: simple rules (one group, one resource, at most one name) merge their verbs. */
    public static List<PolicyRule> compact(List<PolicyRule> rules) {
        List<PolicyRule> out = new ArrayList<>();
        Map<List<String>, PolicyRule> simple = new LinkedHashMap<>();
        for (PolicyRule r : rules) {
            List<String> groups = nullToEmpty(r.getApiGroups());
            List<String> resources = nullToEmpty(r.getResources());
            List<String> names = nullToEmpty(r.getResourceNames());
            if (groups.size() == 1 && resources.size() == 1 && nullToEmpty(r.getNonResourceURLs()).isEmpty() && names.size() <= 1) {
                List<String> key = List.of(groups.getFirst(), resources.getFirst(), names.isEmpty() ? "" : names.getFirst(),
                        Boolean.toString(!names.isEmpty()));
                PolicyRule existing = simple.get(key);
                if (existing != null) {
                    List<String> verbs = new ArrayList<>(nullToEmpty(existing.getVerbs()));
                    verbs.addAll(nullToEmpty(r.getVerbs()));
                    existing.setVerbs(verbs);
                } else {
                    PolicyRule copy = new PolicyRule(new ArrayList<>(groups), r.getNonResourceURLs(),
                            names.isEmpty() ? null : new ArrayList<>(names), new ArrayList<>(resources), new ArrayList<>(nullToEmpty(r.getVerbs())));
                    simple.put(key, copy);
                }
            } else {
                out.add(r);
            }
        }
        out.addAll(simple.values());
        return out;
    }

    /** Upstream's {@code CompactString}: {@code {APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}}. */
    public static String compactString(PolicyRule r) {
        List<String> parts = new ArrayList<>();
        if (!nullToEmpty(r.getApiGroups()).isEmpty()) {
            parts.add("APIGroups:" + goQuoted(r.getApiGroups()));
        }
        if (!nullToEmpty(r.getResources()).isEmpty()) {
            parts.add("Resources:" + goQuoted(r.getResources()));
        }
        if (!nullToEmpty(r.getNonResourceURLs()).isEmpty()) {
            parts.add("NonResourceURLs:" + goQuoted(r.getNonResourceURLs()));
        }
        if (!nullToEmpty(r.getResourceNames()).isEmpty()) {
            parts.add("ResourceNames:" + goQuoted(r.getResourceNames()));
        }
        if (!nullToEmpty(r.getVerbs()).isEmpty()) {
            parts.add("Verbs:" + goQuoted(r.getVerbs()));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** The sorted, distinct compact descriptions of {@code missing}, one per line, as upstream's escalation message. */
    public static String describe(List<PolicyRule> missing) {
        TreeSet<String> lines = new TreeSet<>();
        for (PolicyRule r : compact(missing)) {
            lines.add(compactString(r));
        }
        return String.join("\n", lines);
    }

    /** Go's {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
    public static String goQuoted(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : " ").append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append(']').toString();
    }
}
