package io.capstan.scheduler.framework;

import io.capstan.scheduler.plugins.NodeAffinity;
import io.capstan.scheduler.plugins.NodeReady;
import io.capstan.scheduler.plugins.NodeResourcesFit;
import io.capstan.scheduler.plugins.NodeUnschedulable;
import io.capstan.scheduler.plugins.TaintToleration;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.capstan.scheduler.framework.Fixtures.boundPod;
import static io.capstan.scheduler.framework.Fixtures.info;
import static io.capstan.scheduler.framework.Fixtures.node;
import static io.capstan.scheduler.framework.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SchedulingAlgorithmTest {
    private final NodeResourcesFit fit = new NodeResourcesFit();
    private final SchedulingAlgorithm algorithm = new SchedulingAlgorithm(
            List.of(new NodeReady(), new NodeUnschedulable(), new TaintToleration(), new NodeAffinity(), fit), List.of(fit));

    @Test
    void unschedulableMessageCountsReasonsAsUpstream() {
        Pod pod = pod("p", "2", null).build();
        ScheduleResult r = algorithm.schedule(pod, List.of(
                info(node("a", "4", "8Gi").editSpec().withUnschedulable(true).endSpec().build()),
                info(node("b", "1", "8Gi").build()),
                info(node("c", "4", "8Gi").build(), boundPod("x", "c", "3", null))));
        assertEquals("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.", r.message());
        assertEquals(Map.of("node(s) were unschedulable", 1, "Insufficient cpu", 2), r.reasons());
        assertEquals(java.util.Optional.empty(), r.host());
    }

    @Test
    void picksTheLeastRequestedNodeAndBreaksTiesByName() {
        Pod pod = pod("p", "500m", "512Mi").build();
        ScheduleResult busy = algorithm.schedule(pod, List.of(
                info(node("a", "4", "8Gi").build(), boundPod("x", "a", "3", "4Gi")),
                info(node("b", "4", "8Gi").build())));
        assertEquals("b", busy.suggestedHost());
        ScheduleResult tie = algorithm.schedule(pod, List.of(info(node("z", "4", "8Gi").build()), info(node("m", "4", "8Gi").build())));
        assertEquals("m", tie.suggestedHost());
    }

    @Test
    void noNodesGivesUpstreamsMessage() {
        assertEquals(SchedulingAlgorithm.NO_NODES, algorithm.schedule(pod("p", null, null).build(), List.of()).message());
    }
}
