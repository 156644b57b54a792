package io.capstan.apiserver.registry.core;

import io.capstan.apiserver.registry.core.PodWarnings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ReplicationControllers: v1 defaults (one replica; selector and labels taken from the template's labels
 * when unset), status reset on create, generation counting spec changes, and the map selector that must
 * be set and match the template's labels.
 */
public final class ReplicationControllerStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode rc) {
        ObjectNode spec = PodTemplates.object(rc, "spec");
        PodTemplates.putIfAbsent(spec, "replicas", 1);
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) {
            if (spec.path("selector").isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            ObjectNode meta = PodTemplates.object(rc, "metadata");
            if (meta.path("labels").isEmpty()) {
                meta.set("labels", labels.deepCopy());
            }
        }
        PodTemplates.applyDefaults(spec.get("template"));
    }

    @Override
    public void prepareForCreate(ObjectNode rc) {
        rc.putObject("status");
    }

    @Override
    public List<StatusCause> validate(ObjectNode rc) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = rc.path("spec");
        JsonNode selector = spec.path("selector");
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (selector.isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.selector", "Required value"));
        } else {
            boolean matches = true;
            for (var e : selector.properties()) {
                matches &= e.getValue().asText().equals(labels.path(e.getKey()).asText(null));
            }
            if (!matches) {
                causes.add(Statuses.cause("FieldValueInvalid", "spec.template.metadata.labels",
                        "Invalid value: " + LabelSelectors.formatLabels(labels) + ": `selector` does not match template `labels`"));
            }
        }
        if (!spec.path("template").isObject()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.template", "Required value"));
        } else {
            causes.addAll(PodTemplates.validate(spec.path("template"), "spec.template"));
            causes.addAll(PodTemplates.validateRestartAlways(spec.path("template")));
        }
        return causes;
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    /** The field upstream's {@code ToSelectableFields} adds for this kind, for field selectors. */
    @Override
    public Map<String, String> selectableFields(ObjectNode rc) {
        return Map.of("status.replicas", Long.toString(rc.path("status").path("replicas").asLong(0)));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("status.replicas");
    }

    @Override
    public List<String> warningsOnCreate(ObjectNode obj) {
        return PodWarnings.forWorkload("spec.template", obj, null);
    }

    @Override
    public List<String> warningsOnUpdate(ObjectNode obj, ObjectNode old) {
        return PodWarnings.forWorkload("spec.template", obj, old);
    }
}
