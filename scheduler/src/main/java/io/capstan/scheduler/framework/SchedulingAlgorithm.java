package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks a node for a pod, as upstream's {@code schedulePod}: run the filters on every node (stopping at
 * a node's first failing plugin), score the feasible ones, and take the best. Ties go to the node whose
 * name sorts first, so the choice is deterministic (upstream picks at random among the best).
 */
public final class SchedulingAlgorithm {
    /** upstream's message when the cluster has no nodes. */
    public static final String NO_NODES = "no nodes available to schedule pods";

    private final List<FilterPlugin> filters;
    private final List<ScorePlugin> scorers;

    public SchedulingAlgorithm(List<FilterPlugin> filters, List<ScorePlugin> scorers) {
        this.filters = List.copyOf(filters);
        this.scorers = List.copyOf(scorers);
    }

    /** Chooses a node among {@code nodes} for {@code pod}. */
    public ScheduleResult schedule(Pod pod, List<NodeInfo> nodes) {
        if (nodes.isEmpty()) {
            return ScheduleResult.unschedulable(NO_NODES, Map.of());
        }
        List<NodeInfo> feasible = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (NodeInfo node : nodes) {
            List<String> failed = filter(pod, node);
            if (failed.isEmpty()) {
                feasible.add(node);
            } else {
                failed.forEach(r -> reasons.merge(r, 1, Integer::sum));
            }
        }
        if (feasible.isEmpty()) {
            return ScheduleResult.unschedulable(fitErrorMessage(nodes.size(), reasons), reasons);
        }
        NodeInfo best = null;
        long bestScore = -1;
        for (NodeInfo node : feasible) {
            long score = 0;
            for (ScorePlugin s : scorers) {
                score += s.score(pod, node);
            }
            if (score > bestScore || (score == bestScore && node.name().compareTo(best.name()) < 0)) {
                best = node;
                bestScore = score;
            }
        }
        return ScheduleResult.scheduled(best.name());
    }

    /** The reasons of the first filter that rejects the node, or empty when it fits. */
    public List<String> filter(Pod pod, NodeInfo node) {
        for (FilterPlugin f : filters) {
            List<String> failed = f.filter(pod, node);
            if (!failed.isEmpty()) {
                return failed;
            }
        }
        return List.of();
    }

    /** upstream's {@code FitError.Error()}: {@code 0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.} */
    static String fitErrorMessage(int nodeCount, Map<String, Integer> reasons) {
        List<String> parts = new ArrayList<>();
        reasons.forEach((reason, count) -> parts.add(count + " " + reason));
        parts.sort(null);
        return "0/" + nodeCount + " nodes are available: " + String.join(", ", parts) + ".";
    }
}
