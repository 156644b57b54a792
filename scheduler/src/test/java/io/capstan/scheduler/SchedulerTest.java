package io.capstan.scheduler;

import io.capstan.common.testing.ManualInformer;
import io.capstan.common.workqueue.FakeClock;
import io.capstan.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.capstan.scheduler.framework.Fixtures.node;
import static io.capstan.scheduler.framework.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerTest {

    private static final class RecordingWriter implements PodWriter {
        final List<String> bindings = new ArrayList<>();
        final List<PodCondition> conditions = new ArrayList<>();

        @Override
        public void bind(Pod pod, String nodeName) {
            bindings.add(pod.getMetadata().getName() + "->" + nodeName);
        }

        @Override
        public void updateCondition(Pod pod, PodCondition condition) {
            conditions.add(condition);
        }

        final List<String> events = new ArrayList<>();

        @Override
        public void recordEvent(Pod pod, String type, String reason, String action, String note) {
            events.add(type + " " + reason + " " + action + ": " + note);
        }
    }

    private final ManualInformer<Pod> pods = new ManualInformer<>(Pod.class);
    private final ManualInformer<Node> nodes = new ManualInformer<>(Node.class);
    private final RecordingWriter writer = new RecordingWriter();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SchedulingQueue queue = new SchedulingQueue(new FakeClock(), registry);
    private final Scheduler scheduler = new Scheduler(pods, nodes, writer, SchedulerService.defaultAlgorithm(), queue, registry);

    @Test
    void bindsAndAssumesSoTheNextPodSeesTheNodeFull() {
        nodes.add(node("small", "1", "1Gi").build());
        pods.add(pod("a", "800m", null).build());
        pods.add(pod("b", "800m", null).build());
        assertEquals(2, queue.activeCount());
        scheduler.scheduleOne("ns/a");
        scheduler.scheduleOne("ns/b");
        assertEquals(List.of("a->small"), writer.bindings);
        PodCondition c = writer.conditions.getFirst();
        assertEquals("PodScheduled", c.getType());
        assertEquals("False", c.getStatus());
        assertEquals("Unschedulable", c.getReason());
        assertEquals("0/1 nodes are available: 1 Insufficient cpu.", c.getMessage());
        assertEquals(List.of("Normal Scheduled Binding: Successfully assigned ns/a to small",
                "Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 Insufficient cpu."), writer.events);
        assertTrue(queue.isUnschedulable("ns/b"));
        String scrape = registry.scrape();
        assertTrue(scrape.contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} 1.0"), scrape);
        assertTrue(scrape.contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"unschedulable\"} 1.0"), scrape);
        assertTrue(scrape.contains("scheduler_pending_pods{queue=\"unschedulable\"} 1.0"), scrape);
    }

    @Test
    void aNewNodeMovesUnschedulablePodsBack() {
        pods.add(pod("a", "100m", null).build());
        scheduler.scheduleOne("ns/a");
        assertEquals("no nodes available to schedule pods", writer.conditions.getFirst().getMessage());
        assertTrue(queue.isUnschedulable("ns/a"));
        nodes.add(node("n1", "1", "1Gi").build());
        assertFalse(queue.isUnschedulable("ns/a"));
    }

    @Test
    void ignoresPodsOfOtherSchedulersBoundOrBeingDeleted() {
        assertTrue(Scheduler.needsScheduling(pod("a", null, null).build()));
        assertTrue(Scheduler.needsScheduling(pod("a", null, null).editSpec().withSchedulerName("default-scheduler").endSpec().build()));
        assertFalse(Scheduler.needsScheduling(pod("a", null, null).editSpec().withSchedulerName("other").endSpec().build()));
        assertFalse(Scheduler.needsScheduling(pod("a", null, null).editSpec().withNodeName("n").endSpec().build()));
        assertFalse(Scheduler.needsScheduling(pod("a", null, null).editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata().build()));
    }
}
