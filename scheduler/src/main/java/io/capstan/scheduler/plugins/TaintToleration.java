package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;

/**
 * Rejects nodes with a {@code NoSchedule} or {@code NoExecute} taint the pod does not tolerate, as
 * upstream's TaintToleration filter ({@code PreferNoSchedule} only affects scoring, not done here).
 */
public final class TaintToleration implements FilterPlugin {

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public List<String> filter(Pod pod, NodeInfo node) {
        List<Taint> taints = node.node().getSpec() == null ? null : node.node().getSpec().getTaints();
        if (taints == null) {
            return List.of();
        }
        for (Taint taint : taints) {
            boolean filtering = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
            if (filtering && !tolerated(pod, taint)) {
                return List.of("node(s) had untolerated taint {" + taint.getKey() + ": "
                        + (taint.getValue() == null ? "" : taint.getValue()) + "}");
            }
        }
        return List.of();
    }

    /** True when one of the pod's tolerations tolerates {@code taint}. */
    static boolean tolerated(Pod pod, Taint taint) {
        List<Toleration> tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
        if (tolerations == null) {
            return false;
        }
        return tolerations.stream().anyMatch(t -> tolerates(t, taint));
    }

    /**
     * upstream's {@code Toleration.ToleratesTaint}: an empty effect matches every effect; an empty key
     * with {@code Exists} matches every key; {@code Exists} ignores the value; {@code Equal} (or no
     * operator) needs the same value.
     */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        if (notEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (notEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if ("Exists".equals(operator)) {
            return true;
        }
        if (operator == null || operator.isEmpty() || "Equal".equals(operator)) {
            // An empty key is only valid with Exists.
            return notEmpty(toleration.getKey()) && nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
        }
        return false;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
