package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/** Decides whether a pod may run on a node, as upstream's {@code framework.FilterPlugin}. Pure: no I/O, no state. */
public interface FilterPlugin {

    /** The plugin's upstream name, e.g. {@code NodeUnschedulable}. */
    String name();

    /**
     * @return empty when the pod fits; otherwise the reasons, in upstream's words (e.g. {@code Insufficient cpu}),
     *         which the unschedulable message counts per node
     */
    List<String> filter(Pod pod, NodeInfo node);
}
