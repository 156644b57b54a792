package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * A node and the pods bound (or assumed bound) to it, with their summed requests, as upstream's
 * {@code framework.NodeInfo}.
 *
 * @param node             the node
 * @param pods             its pods
 * @param requested        the pods' summed requests
 * @param nonZeroRequested the same with upstream's defaults for containers that request nothing (for scoring)
 * @param allocatable      what the node offers
 */
public record NodeInfo(Node node, List<Pod> pods, Resource requested, Resource nonZeroRequested, Resource allocatable) {

    public NodeInfo {
        pods = List.copyOf(pods);
    }

    /** Sums the pods' requests. */
    public static NodeInfo of(Node node, List<Pod> pods) {
        Resource requested = Resource.ZERO;
        Resource nonZero = Resource.ZERO;
        for (Pod p : pods) {
            requested = requested.plus(Resource.requestsOf(p));
            nonZero = nonZero.plus(Resource.nonZeroRequestsOf(p));
        }
        return new NodeInfo(node, pods, requested, nonZero, Resource.allocatableOf(node));
    }

    /** The node's name. */
    public String name() {
        return node.getMetadata().getName();
    }
}
