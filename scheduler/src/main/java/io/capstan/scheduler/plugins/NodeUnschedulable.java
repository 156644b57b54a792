package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import java.util.List;

/**
 * Rejects cordoned nodes ({@code spec.unschedulable}), unless the pod tolerates the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint, as upstream's NodeUnschedulable.
 */
public final class NodeUnschedulable implements FilterPlugin {
    static final String REASON = "node(s) were unschedulable";
    private static final Taint UNSCHEDULABLE = new TaintBuilder()
            .withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build();

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public List<String> filter(Pod pod, NodeInfo node) {
        boolean cordoned = node.node().getSpec() != null && Boolean.TRUE.equals(node.node().getSpec().getUnschedulable());
        if (!cordoned || TaintToleration.tolerated(pod, UNSCHEDULABLE)) {
            return List.of();
        }
        return List.of(REASON);
    }
}
