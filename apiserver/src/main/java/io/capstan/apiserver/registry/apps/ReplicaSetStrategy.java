package io.capstan.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ReplicaSets: apps/v1 defaults (one replica), status reset on create, generation counting spec
 * changes, selector rules (upstream reuses the deployment wording).
 */
public final class ReplicaSetStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode rs) {
        ObjectNode spec = PodTemplates.object(rs, "spec");
        PodTemplates.putIfAbsent(spec, "replicas", 1);
        PodTemplates.applyDefaults(spec.get("template"));
    }

    @Override
    public void prepareForCreate(ObjectNode rs) {
        rs.putObject("status");
    }

    @Override
    public List<StatusCause> validate(ObjectNode rs) {
        List<StatusCause> causes = new ArrayList<>(PodTemplates.validateSelector(rs.path("spec"), "deployment"));
        causes.addAll(PodTemplates.validate(rs.path("spec").path("template"), "spec.template"));
        causes.addAll(PodTemplates.validateRestartAlways(rs.path("spec").path("template")));
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode rs, ObjectNode old) {
        return PodTemplates.validateSelectorUnchanged(rs, old);
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
    public Map<String, String> selectableFields(ObjectNode rs) {
        return Map.of("status.replicas", Long.toString(rs.path("status").path("replicas").asLong(0)));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("status.replicas");
    }
}
