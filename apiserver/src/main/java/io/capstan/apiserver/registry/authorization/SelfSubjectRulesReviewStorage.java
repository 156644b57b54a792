package io.capstan.apiserver.registry.authorization;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.RuleResolver;
import io.capstan.apiserver.registry.Creater;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;

/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview (upstream's {@code pkg/registry/authorization/selfsubjectrulesreview}):
 * what may the caller do in {@code spec.namespace}? {@code kubectl auth can-i --list} asks it.
 */
public final class SelfSubjectRulesReviewStorage implements Creater {
    private final RuleResolver rules;

    public SelfSubjectRulesReviewStorage(RuleResolver rules) {
        this.rules = rules;
    }

    @Override
    public ObjectNode create(UserInfo user, String namespace, ObjectNode review, boolean dryRun) {
        String ns = review.path("spec").path("namespace").asText("");
        if (ns.isEmpty()) {
            throw Statuses.badRequest("no namespace on request");
        }
        RuleResolver.Rules resolved = rules.rulesFor(user, ns);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("metadata").putNull("creationTimestamp");
        out.putObject("spec");
        ObjectNode status = out.putObject("status");
        ArrayNode resourceRules = status.putArray("resourceRules");
        for (PolicyRule r : resolved.resourceRules()) {
            ObjectNode o = resourceRules.addObject();
            strings(o, "verbs", r.getVerbs(), true);
            strings(o, "apiGroups", r.getApiGroups(), false);
            strings(o, "resources", r.getResources(), false);
            strings(o, "resourceNames", r.getResourceNames(), false);
        }
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (PolicyRule r : resolved.nonResourceRules()) {
            ObjectNode o = nonResourceRules.addObject();
            strings(o, "verbs", r.getVerbs(), true);
            strings(o, "nonResourceURLs", r.getNonResourceURLs(), false);
        }
        status.put("incomplete", resolved.incomplete());
        if (resolved.evaluationError() != null && !resolved.evaluationError().isEmpty()) {
            status.put("evaluationError", resolved.evaluationError());
        }
        return out;
    }

    /** Upstream's ResourceRule/NonResourceRule: verbs always present, the other lists omitted when empty. */
    private static void strings(ObjectNode o, String field, List<String> values, boolean always) {
        if (values != null && !values.isEmpty()) {
            values.forEach(o.putArray(field)::add);
        } else if (always) {
            o.putArray(field);
        }
    }
}
