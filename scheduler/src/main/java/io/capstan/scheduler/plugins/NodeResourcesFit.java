package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.Resource;
import io.capstan.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;

/**
 * upstream's NodeResourcesFit: the filter rejects a node when the pod's requests plus those of the
 * node's pods exceed its allocatable CPU, memory or pod count; the score prefers the least allocated
 * node (upstream's default {@code LeastAllocated} strategy, CPU and memory weighted equally).
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public List<String> filter(Pod pod, NodeInfo node) {
        List<String> reasons = new ArrayList<>();
        Resource request = Resource.requestsOf(pod);
        Resource free = node.allocatable();
        Resource used = node.requested();
        if (used.pods() + 1 > free.pods()) {
            reasons.add("Too many pods");
        }
        if (request.milliCpu() > 0 && request.milliCpu() > free.milliCpu() - used.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (request.memory() > 0 && request.memory() > free.memory() - used.memory()) {
            reasons.add("Insufficient memory");
        }
        return reasons;
    }

    @Override
    public long score(Pod pod, NodeInfo node) {
        Resource request = Resource.nonZeroRequestsOf(pod);
        long cpu = leastRequested(node.nonZeroRequested().milliCpu() + request.milliCpu(), node.allocatable().milliCpu());
        long memory = leastRequested(node.nonZeroRequested().memory() + request.memory(), node.allocatable().memory());
        return (cpu + memory) / 2;
    }

    /** {@code (capacity - requested) * 100 / capacity}, 0 when over capacity. */
    static long leastRequested(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
