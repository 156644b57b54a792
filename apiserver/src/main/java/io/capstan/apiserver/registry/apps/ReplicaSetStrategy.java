package io.capstan.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;

import java.util.Map;
import java.util.Set;

/**
 * ReplicaSets: apps/v1 defaults (one replica), status reset on create, generation counting spec
 * changes, selector rules (upstream reuses the deployment wording).
 */
public final class ReplicaSetStrategy extends WorkloadStrategy {

    public ReplicaSetStrategy() {
        super("deployment");
    }

    @Override
    public void applyDefaults(ObjectNode rs) {
        ObjectNode spec = PodTemplates.object(rs, "spec");
        PodTemplates.putIfAbsent(spec, "replicas", 1);
        PodTemplates.applyDefaults(spec.get("template"));
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
