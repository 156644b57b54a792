package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Map;

/**
 * Rejects nodes whose labels do not match the pod's {@code spec.nodeSelector}, as upstream's
 * NodeAffinity filter does for the selector ({@code spec.affinity.nodeAffinity} is not handled yet).
 */
public final class NodeAffinity implements FilterPlugin {
    static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public List<String> filter(Pod pod, NodeInfo node) {
        Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        Map<String, String> labels = node.node().getMetadata().getLabels();
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (labels == null || !e.getValue().equals(labels.get(e.getKey()))) {
                return List.of(REASON);
            }
        }
        return List.of();
    }
}
