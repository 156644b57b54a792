package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.core.PodStrategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * What upstream's workload strategies share about their pod template and selector: pod defaults applied
 * to the template, the pod spec's validation under the template's path, and the rule that the selector
 * must be set, non-empty and select the template's labels.
 */
public final class PodTemplates {
    private static final PodStrategy PODS = new PodStrategy();
    private static final List<String> POD_ONLY_DEFAULTS = List.of("enableServiceLinks", "preemptionPolicy", "priority");

    private PodTemplates() {
    }

    /** Applies pod defaults to the template at {@code spec.template} (or under {@code jobTemplate}). */
    public static void applyDefaults(JsonNode template) {
        if (!(template instanceof ObjectNode t)) {
            return;
        }
        // Pod-level defaults and the priority admission fill these only into pods, never into templates.
        List<String> podOnly = new ArrayList<>();
        for (String f : POD_ONLY_DEFAULTS) {
            if (!t.path("spec").has(f)) {
                podOnly.add(f);
            }
        }
        PODS.applySpecDefaults(t);
        ((ObjectNode) t.get("spec")).remove(podOnly);
    }

    /** The pod spec's errors, with field paths under {@code prefix} (e.g. {@code spec.template}). */
    public static List<StatusCause> validate(JsonNode template, String prefix) {
        List<StatusCause> causes = new ArrayList<>();
        ObjectNode t = template instanceof ObjectNode o ? o : io.capstan.common.json.Json.MAPPER.createObjectNode();
        for (StatusCause c : PODS.validate(t)) {
            c.setField(prefix + "." + c.getField());
            causes.add(c);
        }
        return causes;
    }

    /** Controllers that keep pods running accept only {@code restartPolicy: Always} in their template. */
    public static List<StatusCause> validateRestartAlways(JsonNode template) {
        String restart = template.path("spec").path("restartPolicy").asText("Always");
        if (!"Always".equals(restart)) {
            return List.of(Statuses.cause("FieldValueNotSupported", "spec.template.spec.restartPolicy",
                    "Unsupported value: \"" + restart + "\": supported values: \"Always\""));
        }
        return List.of();
    }

    /**
     * Upstream's selector rules of {@code ValidateDeploymentSpec} and friends: {@code spec.selector} is
     * required and not empty, and it must select {@code spec.template.metadata.labels}.
     *
     * @param kindWord the word upstream's message uses ("deployment", "statefulset", "daemonset")
     */
    public static List<StatusCause> validateSelector(JsonNode spec, String kindWord) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode selector = spec.path("selector");
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (!selector.isObject()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.selector", "Required value"));
        } else if (LabelSelectors.text(selector).isEmpty()) {
            causes.add(Statuses.cause("FieldValueInvalid", "spec.selector",
                    "Invalid value: " + selector + ": empty selector is invalid for " + kindWord));
        }
        if (selector.isObject() && !LabelSelectors.matches(selector, labels)) {
            causes.add(Statuses.cause("FieldValueInvalid", "spec.template.metadata.labels",
                    "Invalid value: " + LabelSelectors.formatLabels(labels) + ": `selector` does not match template `labels`"));
        }
        return causes;
    }

    /** apps/v1 made {@code spec.selector} immutable. */
    public static List<StatusCause> validateSelectorUnchanged(ObjectNode obj, ObjectNode old) {
        if (!obj.path("spec").path("selector").equals(old.path("spec").path("selector"))) {
            return List.of(Statuses.cause("FieldValueInvalid", "spec.selector",
                    "Invalid value: " + obj.path("spec").path("selector") + ": field is immutable"));
        }
        return List.of();
    }

    /** Sets {@code field} when absent. */
    public static void putIfAbsent(ObjectNode o, String field, long value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }

    /** Sets {@code field} when absent. */
    public static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }

    /** The object at {@code field}, created when absent. */
    public static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : parent.putObject(field);
    }
}
