package io.capstan.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * Roles and ClusterRoles, as upstream's {@code pkg/registry/rbac/role} and {@code clusterrole} strategies with
 * {@code pkg/apis/rbac/validation}: names are path segments; every rule needs verbs, and either
 * nonResourceURLs (cluster roles only, without apiGroups/resources/resourceNames) or apiGroups and resources;
 * an {@code aggregationRule} needs at least one {@code clusterRoleSelectors} entry.
 */
public final class RoleStrategy implements Strategy {
    private final boolean namespaced;

    /** @param namespaced true for Roles, false for ClusterRoles */
    public RoleStrategy(boolean namespaced) {
        this.namespaced = namespaced;
    }

    @Override
    public NameRule nameRule() {
        return NameRule.PATH_SEGMENT;
    }

    @Override
    public List<StatusCause> validate(ObjectNode role) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode rules = role.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            causes.addAll(validatePolicyRule(rules.get(i), namespaced, "rules[" + i + "]"));
        }
        JsonNode aggregation = role.get("aggregationRule");
        if (!namespaced && aggregation != null && !aggregation.isNull()) {
            JsonNode selectors = aggregation.path("clusterRoleSelectors");
            if (selectors.isEmpty()) {
                causes.add(Statuses.cause("FieldValueRequired", "aggregationRule.clusterRoleSelectors",
                        "Required value: at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }
        }
        return causes;
    }

    /** Upstream's {@code ValidatePolicyRule}. */
    static List<StatusCause> validatePolicyRule(JsonNode rule, boolean namespaced, String path) {
        List<StatusCause> causes = new ArrayList<>();
        if (rule.path("verbs").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", path + ".verbs", "Required value: verbs must contain at least one value"));
        }
        JsonNode urls = rule.path("nonResourceURLs");
        if (!urls.isEmpty()) {
            if (namespaced) {
                causes.add(Statuses.cause("FieldValueInvalid", path + ".nonResourceURLs",
                        "Invalid value: " + goStrings(urls) + ": namespaced rules cannot apply to non-resource URLs"));
            }
            if (!rule.path("apiGroups").isEmpty() || !rule.path("resources").isEmpty() || !rule.path("resourceNames").isEmpty()) {
                causes.add(Statuses.cause("FieldValueInvalid", path + ".nonResourceURLs",
                        "Invalid value: " + goStrings(urls) + ": rules cannot apply to both regular resources and non-resource URLs"));
            }
            return causes;
        }
        if (rule.path("apiGroups").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", path + ".apiGroups", "Required value: resource rules must supply at least one api group"));
        }
        if (rule.path("resources").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", path + ".resources", "Required value: resource rules must supply at least one resource"));
        }
        return causes;
    }

    /** A string list as Go's {@code %#v} prints a {@code []string}, which upstream's field errors show. */
    static String goStrings(JsonNode list) {
        StringBuilder b = new StringBuilder("[]string{");
        for (int i = 0; i < list.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(list.get(i).asText()).append('"');
        }
        return b.append('}').toString();
    }
}
