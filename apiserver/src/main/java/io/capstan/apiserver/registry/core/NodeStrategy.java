package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;

import java.util.Map;
import java.util.Set;

/** Nodes: cluster-scoped; status is kept on create (a kubelet registers with it) and changes only through {@code nodes/status}. */
public final class NodeStrategy implements Strategy {

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        return Map.of("spec.unschedulable", Boolean.toString(obj.path("spec").path("unschedulable").asBoolean(false)));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("spec.unschedulable");
    }
}
