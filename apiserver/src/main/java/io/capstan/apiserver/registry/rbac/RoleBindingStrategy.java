package io.capstan.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RoleBindings and ClusterRoleBindings, as upstream's binding strategies, v1 defaults and
 * {@code pkg/apis/rbac/validation}: {@code roleRef.apiGroup} and User/Group subjects' {@code apiGroup} default
 * to {@code rbac.authorization.k8s.io}; {@code roleRef} names a Role or ClusterRole (a ClusterRoleBinding only a
 * ClusterRole) and may not change ({@code cannot change roleRef}); subjects are ServiceAccounts (a
 * ClusterRoleBinding must name their namespace), Users or Groups.
 */
public final class RoleBindingStrategy implements Strategy {
    static final String GROUP = "rbac.authorization.k8s.io";
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private final boolean namespaced;

    /** @param namespaced true for RoleBindings, false for ClusterRoleBindings */
    public RoleBindingStrategy(boolean namespaced) {
        this.namespaced = namespaced;
    }

    @Override
    public NameRule nameRule() {
        return NameRule.PATH_SEGMENT;
    }

    @Override
    public void applyDefaults(ObjectNode binding) {
        JsonNode ref = binding.get("roleRef");
        if (ref instanceof ObjectNode r && r.path("apiGroup").asText("").isEmpty()) {
            r.put("apiGroup", GROUP);
        }
        for (JsonNode s : binding.path("subjects")) {
            if (s instanceof ObjectNode subject && subject.path("apiGroup").asText("").isEmpty()) {
                switch (subject.path("kind").asText("")) {
                    case "User", "Group" -> subject.put("apiGroup", GROUP);
                    case "ServiceAccount" -> subject.remove("apiGroup");
                    default -> { }
                }
            }
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode binding) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode ref = binding.path("roleRef");
        String apiGroup = ref.path("apiGroup").asText("");
        if (!apiGroup.equals(GROUP)) {
            causes.add(Statuses.cause("FieldValueNotSupported", "roleRef.apiGroup",
                    "Unsupported value: \"" + apiGroup + "\": supported values: \"" + GROUP + "\""));
        }
        String kind = ref.path("kind").asText("");
        if (namespaced ? !(kind.equals("Role") || kind.equals("ClusterRole")) : !kind.equals("ClusterRole")) {
            causes.add(Statuses.cause("FieldValueNotSupported", "roleRef.kind", "Unsupported value: \"" + kind
                    + "\": supported values: " + (namespaced ? "\"Role\", \"ClusterRole\"" : "\"ClusterRole\"")));
        }
        String name = ref.path("name").asText("");
        if (name.isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "roleRef.name", "Required value"));
        } else {
            String msg = pathSegmentError(name);
            if (msg != null) {
                causes.add(Statuses.cause("FieldValueInvalid", "roleRef.name", "Invalid value: \"" + name + "\": " + msg));
            }
        }
        JsonNode subjects = binding.path("subjects");
        for (int i = 0; i < subjects.size(); i++) {
            causes.addAll(validateSubject(subjects.get(i), namespaced, "subjects[" + i + "]"));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode binding, ObjectNode old) {
        JsonNode ref = binding.path("roleRef");
        if (!ref.equals(old.path("roleRef"))) {
            return List.of(Statuses.cause("FieldValueInvalid", "roleRef", "Invalid value: rbac.RoleRef{APIGroup:\""
                    + ref.path("apiGroup").asText("") + "\", Kind:\"" + ref.path("kind").asText("") + "\", Name:\""
                    + ref.path("name").asText("") + "\"}: cannot change roleRef"));
        }
        return List.of();
    }

    /** Upstream's {@code ValidateRoleBindingSubject}. */
    static List<StatusCause> validateSubject(JsonNode subject, boolean namespaced, String path) {
        List<StatusCause> causes = new ArrayList<>();
        String name = subject.path("name").asText("");
        String apiGroup = subject.path("apiGroup").asText("");
        if (name.isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", path + ".name", "Required value"));
        }
        String kind = subject.path("kind").asText("");
        switch (kind) {
            case "ServiceAccount" -> {
                if (!name.isEmpty() && (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches())) {
                    causes.add(Statuses.cause("FieldValueInvalid", path + ".name", "Invalid value: \"" + name
                            + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                            + " and must start and end with an alphanumeric character (e.g. 'example.com', regex used for"
                            + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
                }
                if (!apiGroup.isEmpty()) {
                    causes.add(Statuses.cause("FieldValueNotSupported", path + ".apiGroup",
                            "Unsupported value: \"" + apiGroup + "\": supported values: \"\""));
                }
                if (!namespaced && subject.path("namespace").asText("").isEmpty()) {
                    causes.add(Statuses.cause("FieldValueRequired", path + ".namespace", "Required value"));
                }
            }
            case "User", "Group" -> {
                if (!apiGroup.equals(GROUP)) {
                    causes.add(Statuses.cause("FieldValueNotSupported", path + ".apiGroup",
                            "Unsupported value: \"" + apiGroup + "\": supported values: \"" + GROUP + "\""));
                }
            }
            default -> causes.add(Statuses.cause("FieldValueNotSupported", path + ".kind",
                    "Unsupported value: \"" + kind + "\": supported values: \"ServiceAccount\", \"User\", \"Group\""));
        }
        return causes;
    }

    /** Upstream's {@code path.IsValidPathSegmentName}: the first message, or null when valid. */
    static String pathSegmentError(String name) {
        if (name.equals(".") || name.equals("..")) {
            return "may not be '" + name + "'";
        }
        if (name.contains("/")) {
            return "may not contain '/'";
        }
        if (name.contains("%")) {
            return "may not contain '%'";
        }
        return null;
    }
}
