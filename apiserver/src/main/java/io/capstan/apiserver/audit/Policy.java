package io.capstan.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An audit policy, as upstream's {@code audit.k8s.io/v1} {@code Policy}: the first rule that matches a request
 * sets its level; a request no rule matches is not logged.
 *
 * @param rules             the rules, in order
 * @param omitStages        stages no rule logs
 * @param omitManagedFields whether logged bodies drop {@code metadata.managedFields}, unless a rule says otherwise
 */
public record Policy(List<PolicyRule> rules, Set<Stage> omitStages, boolean omitManagedFields) {
    public Policy {
        rules = List.copyOf(rules);
        omitStages = Set.copyOf(omitStages);
    }

    /** Reads a policy file (YAML or JSON), as upstream's {@code LoadPolicyFromFile}. */
    public static Policy load(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("failed to read audit policy file " + file + ": " + e, e);
        }
        try {
            return parse(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to load audit policy file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes and validates a policy, as upstream's {@code LoadPolicyFromBytes}: apiVersion {@code audit.k8s.io/v1},
     * kind {@code Policy}, valid levels and stages, at least one rule. Unknown fields are ignored, as upstream's
     * (non-strict) decoder does.
     *
     * @throws IllegalArgumentException with every problem found
     */
    public static Policy parse(byte[] data) {
        JsonNode doc;
        try {
            String text = new String(data, StandardCharsets.UTF_8).strip();
            doc = text.startsWith("{") ? Json.MAPPER.readTree(text) : Json.YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("failed decoding: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("failed decoding: the policy is not an object");
        }
        String apiVersion = doc.path("apiVersion").asText("");
        String kind = doc.path("kind").asText("");
        if (!apiVersion.equals("audit.k8s.io/v1") || !kind.equals("Policy")) {
            throw new IllegalArgumentException("unknown group version field " + gvk(apiVersion, kind)
                    + " in policy (want apiVersion audit.k8s.io/v1, kind Policy)");
        }
        List<String> errors = new ArrayList<>();
        Set<Stage> policyStages = stages(doc.path("omitStages"), "omitStages", errors);
        List<PolicyRule> rules = new ArrayList<>();
        JsonNode rulesNode = doc.path("rules");
        if (!rulesNode.isMissingNode() && !rulesNode.isNull() && !rulesNode.isArray()) {
            errors.add("rules: Invalid value: must be a list");
        }
        for (int i = 0; i < rulesNode.size() && rulesNode.isArray(); i++) {
            PolicyRule rule = PolicyValidation.rule(rulesNode.get(i), "rules[" + i + "]", errors);
            if (rule != null) {
                rules.add(rule);
            }
        }
        JsonNode omf = doc.path("omitManagedFields");
        if (!omf.isMissingNode() && !omf.isNull() && !omf.isBoolean()) {
            errors.add("omitManagedFields: Invalid value: must be a boolean");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("loaded illegal policy with 0 rules");
        }
        return new Policy(rules, policyStages, omf.asBoolean(false));
    }

    private static String gvk(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return group + "/" + version + ", Kind=" + kind;
    }

    static Set<Stage> stages(JsonNode node, String field, List<String> errors) {
        Set<Stage> stages = new LinkedHashSet<>();
        if (node.isMissingNode() || node.isNull()) {
            return stages;
        }
        if (!node.isArray()) {
            errors.add(field + ": Invalid value: must be a list");
            return stages;
        }
        for (int i = 0; i < node.size(); i++) {
            Stage s = Stage.parse(node.get(i).asText());
            if (s == null) {
                errors.add(field + "[" + i + "]: Unsupported value: \"" + node.get(i).asText()
                        + "\": supported values: \"RequestReceived\", \"ResponseStarted\", \"ResponseComplete\", \"Panic\"");
            } else {
                stages.add(s);
            }
        }
        return stages;
    }
}
