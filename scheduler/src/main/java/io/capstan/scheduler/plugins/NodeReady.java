package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Rejects nodes whose {@code Ready} condition is not {@code True}. Upstream relies on the node
 * lifecycle controller's {@code not-ready} taint instead; until Capstan has that controller the
 * scheduler checks the condition itself (as upstream's old CheckNodeCondition predicate did).
 */
public final class NodeReady implements FilterPlugin {
    static final String REASON = "node(s) were not ready";

    @Override
    public String name() {
        return "NodeReady";
    }

    @Override
    public List<String> filter(Pod pod, NodeInfo node) {
        if (node.node().getStatus() != null && node.node().getStatus().getConditions() != null) {
            for (NodeCondition c : node.node().getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    return "True".equals(c.getStatus()) ? List.of() : List.of(REASON);
                }
            }
        }
        return List.of(REASON);
    }
}
