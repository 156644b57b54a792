package io.capstan.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.apiserver.authentication.UserInfo;

/**
 * Upstream's FlowSchema matching (apf's {@code match.go}): a request matches a FlowSchema when one of its
 * rules has a subject matching the user and, for a resource request, a resource rule matching verb, API
 * group, resource (with {@code /subresource}) and namespace ({@code clusterScope} for cluster-scoped
 * requests), or for a non-resource request a non-resource rule matching verb and path.
 */
public final class FlowSchemaMatcher {
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    private FlowSchemaMatcher() {
    }

    /** True when {@code flowSchema} (the whole object, or its {@code spec}) matches the request. */
    public static boolean matches(JsonNode flowSchema, RequestDigest digest) {
        JsonNode spec = flowSchema.has("spec") ? flowSchema.get("spec") : flowSchema;
        for (JsonNode rule : spec.path("rules")) {
            if (matchesPolicyRule(rule, digest)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesPolicyRule(JsonNode rule, RequestDigest digest) {
        boolean subject = false;
        for (JsonNode s : rule.path("subjects")) {
            if (matchesSubject(s, digest.user())) {
                subject = true;
                break;
            }
        }
        if (!subject) {
            return false;
        }
        if (digest.resourceRequest()) {
            for (JsonNode r : rule.path("resourceRules")) {
                if (matchesResourceRule(r, digest)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode r : rule.path("nonResourceRules")) {
            if (contains(r.path("verbs"), digest.verb()) && matchesNonResourceURL(r.path("nonResourceURLs"), digest.path())) {
                return true;
            }
        }
        return false;
    }

    static boolean matchesSubject(JsonNode subject, UserInfo user) {
        switch (subject.path("kind").asText()) {
            case "User" -> {
                String name = subject.path("user").path("name").asText(null);
                return name != null && (name.equals("*") || name.equals(user.username()));
            }
            case "Group" -> {
                String name = subject.path("group").path("name").asText(null);
                return name != null && (name.equals("*") || user.groups().contains(name));
            }
            case "ServiceAccount" -> {
                JsonNode sa = subject.path("serviceAccount");
                String namespace = sa.path("namespace").asText(null);
                String name = sa.path("name").asText(null);
                if (namespace == null || name == null) {
                    return false;
                }
                if (name.equals("*")) {
                    String prefix = SERVICE_ACCOUNT_PREFIX + namespace + ":";
                    return user.username().startsWith(prefix) && user.username().length() > prefix.length();
                }
                return user.username().equals(SERVICE_ACCOUNT_PREFIX + namespace + ":" + name);
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean matchesResourceRule(JsonNode rule, RequestDigest digest) {
        String resource = digest.subresource().isEmpty() ? digest.resource() : digest.resource() + "/" + digest.subresource();
        if (!contains(rule.path("verbs"), digest.verb()) || !contains(rule.path("apiGroups"), digest.group())
                || !contains(rule.path("resources"), resource)) {
            return false;
        }
        if (digest.namespace().isEmpty()) {
            return rule.path("clusterScope").asBoolean(false);
        }
        return contains(rule.path("namespaces"), digest.namespace());
    }

    private static boolean matchesNonResourceURL(JsonNode urls, String path) {
        for (JsonNode u : urls) {
            String url = u.asText();
            if (url.equals("*") || url.equals(path)) {
                return true;
            }
            if (url.endsWith("/*") && path.startsWith(url.substring(0, url.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** True when the list holds {@code value} or the wildcard {@code *}. */
    private static boolean contains(JsonNode list, String value) {
        for (JsonNode v : list) {
            String s = v.asText();
            if (s.equals("*") || s.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
