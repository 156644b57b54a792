package io.capstan.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Decodes and validates one policy rule, as upstream's {@code apis/audit/validation}, in its error wording. */
final class PolicyValidation {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private PolicyValidation() {
    }

    /** The rule at {@code path}, or null when it has errors (added to {@code errors}). */
    static PolicyRule rule(JsonNode node, String path, List<String> errors) {
        int before = errors.size();
        if (!node.isObject()) {
            errors.add(path + ": Invalid value: must be an object");
            return null;
        }
        Level level = null;
        JsonNode levelNode = node.path("level");
        if (levelNode.isMissingNode() || levelNode.isNull() || levelNode.asText().isEmpty()) {
            errors.add(path + ".level: Required value");
        } else {
            level = Level.parse(levelNode.asText());
            if (level == null) {
                errors.add(path + ".level: Unsupported value: \"" + levelNode.asText()
                        + "\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
            }
        }
        List<String> users = strings(node.path("users"), path + ".users", errors);
        List<String> groups = strings(node.path("userGroups"), path + ".userGroups", errors);
        List<String> verbs = strings(node.path("verbs"), path + ".verbs", errors);
        List<String> namespaces = strings(node.path("namespaces"), path + ".namespaces", errors);
        List<String> urls = strings(node.path("nonResourceURLs"), path + ".nonResourceURLs", errors);
        List<GroupResources> resources = new ArrayList<>();
        JsonNode res = node.path("resources");
        if (!res.isMissingNode() && !res.isNull() && !res.isArray()) {
            errors.add(path + ".resources: Invalid value: must be a list");
        }
        for (int i = 0; res.isArray() && i < res.size(); i++) {
            String gp = path + ".resources[" + i + "]";
            JsonNode gr = res.get(i);
            String group = gr.path("group").asText("");
            if (!group.isEmpty() && (group.length() > 253 || !DNS_SUBDOMAIN.matcher(group).matches())) {
                errors.add(gp + ".group: Invalid value: \"" + group + "\": a lowercase RFC 1123 subdomain must consist of lower case "
                        + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
            }
            List<String> rs = strings(gr.path("resources"), gp + ".resources", errors);
            List<String> names = strings(gr.path("resourceNames"), gp + ".resourceNames", errors);
            if (!names.isEmpty() && rs.isEmpty()) {
                errors.add(gp + ".resourceNames: Invalid value: " + quoted(names) + ": using resourceNames requires at least one resource");
            }
            resources.add(new GroupResources(group, rs, names));
        }
        if (!urls.isEmpty() && (!resources.isEmpty() || !namespaces.isEmpty())) {
            errors.add(path + ".nonResourceURLs: Invalid value: " + quoted(urls)
                    + ": rules cannot apply to both regular resources and non-resource URLs");
        }
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            if (url.equals("*")) {
                continue;
            }
            if (!url.startsWith("/")) {
                errors.add(path + ".nonResourceURLs[" + i + "]: Invalid value: \"" + url + "\": non-resource URL rules must begin with a '/' character");
            }
            if (!url.isEmpty() && url.substring(0, url.length() - 1).contains("*")) {
                errors.add(path + ".nonResourceURLs[" + i + "]: Invalid value: \"" + url
                        + "\": non-resource URL wildcards '*' must be the final character of the rule");
            }
        }
        Set<Stage> omit = Policy.stages(node.path("omitStages"), path + ".omitStages", errors);
        JsonNode omf = node.path("omitManagedFields");
        if (!omf.isMissingNode() && !omf.isNull() && !omf.isBoolean()) {
            errors.add(path + ".omitManagedFields: Invalid value: must be a boolean");
        }
        if (errors.size() > before) {
            return null;
        }
        return new PolicyRule(level, users, groups, verbs, resources, namespaces, urls, omit,
                omf.isBoolean() ? omf.asBoolean() : null);
    }

    private static List<String> strings(JsonNode node, String path, List<String> errors) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.add(path + ": Invalid value: must be a list of strings");
            return out;
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                errors.add(path + ": Invalid value: must be a list of strings");
                return out;
            }
            out.add(n.asText());
        }
        return out;
    }

    private static String quoted(List<String> values) {
        return "[]string{" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "}";
    }
}
