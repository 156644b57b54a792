package io.capstan.scheduler;

import io.capstan.common.api.StatusException;
import io.capstan.common.controller.Component;
import io.capstan.common.informer.ResourceEventHandler;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.Store;
import io.capstan.common.json.Json;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.ScheduleResult;
import io.capstan.scheduler.framework.SchedulingAlgorithm;
import io.capstan.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduling loop, as upstream's {@code Scheduler.scheduleOne}: take a pending pod, snapshot the
 * nodes and their pods from the informers, run the {@link SchedulingAlgorithm}, then bind, or record
 * {@code PodScheduled=False/Unschedulable} and park the pod until the cluster changes.
 *
 * <p>A bound pod is "assumed" on its node until the informer shows the binding, so the next pod is not
 * placed on resources already promised. One pod is scheduled at a time.
 */
public final class Scheduler implements Component {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    /** The scheduler name this scheduler serves. */
    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    private final SharedInformer<Pod> pods;
    private final SharedInformer<Node> nodes;
    private final PodWriter writer;
    private final SchedulingAlgorithm algorithm;
    private final SchedulingQueue queue;
    private final SchedulerMetrics metrics;
    /** Pod key → the pod as bound by us, until the informer catches up. */
    private final Map<String, Pod> assumed = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    public Scheduler(SharedInformer<Pod> pods, SharedInformer<Node> nodes, PodWriter writer,
                     SchedulingAlgorithm algorithm, SchedulingQueue queue, MeterRegistry registry) {
        this.pods = pods;
        this.nodes = nodes;
        this.writer = writer;
        this.algorithm = algorithm;
        this.queue = queue;
        this.metrics = new SchedulerMetrics(registry, queue, DEFAULT_SCHEDULER_NAME);
        pods.addEventHandler(new PodEvents());
        nodes.addEventHandler(new NodeEvents());
    }

    /** True when the pod is ours to schedule: unassigned, for this scheduler, not being deleted. */
    static boolean needsScheduling(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        boolean ours = name == null || name.isEmpty() || DEFAULT_SCHEDULER_NAME.equals(name);
        return ours && !assigned(pod) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    private static boolean assigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Starts the scheduling loop (after the caches synced) and the periodic unschedulable flush. */
    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public synchronized void start() {
        threads.add(Thread.ofVirtual().name("scheduler-loop").start(this::loop));
        threads.add(Thread.ofVirtual().name("scheduler-flush").start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(SchedulingQueue.UNSCHEDULABLE_FLUSH);
                } catch (InterruptedException e) {
                    return;
                }
                queue.flushUnschedulableLeftover();
            }
        }));
    }

    private void loop() {
        try {
            while (!stopped && !(pods.hasSynced() && nodes.hasSynced())) {
                Thread.sleep(20);
            }
            String key;
            while (!stopped && (key = queue.pop()) != null) {
                try {
                    scheduleOne(key);
                } catch (RuntimeException e) {
                    metrics.error();
                    LOG.log(Level.WARNING, "scheduling " + key + " failed", e);
                    queue.addBackoff(key);
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One attempt for the pod with {@code key}; package-private so tests can drive it. */
    void scheduleOne(String key) {
        Pod pod = pods.indexer().getByKey(key).orElse(null);
        if (pod == null || !needsScheduling(pod) || assumed.containsKey(key)) {
            queue.forget(key);
            return;
        }
        ScheduleResult result = algorithm.schedule(pod, snapshot());
        if (result.host().isPresent()) {
            String host = result.host().get();
            Pod placed = Json.convert(pod, Pod.class);
            placed.getSpec().setNodeName(host);
            assumed.put(key, placed);
            try {
                writer.bind(pod, host);
            } catch (RuntimeException e) {
                assumed.remove(key);
                metrics.error();
                LOG.warning("binding " + key + " to " + host + " failed, retrying: " + e.getMessage());
                queue.addBackoff(key);
                return;
            }
            metrics.scheduled();
            queue.forget(key);
            LOG.info("bound " + key + " to " + host);
            event(pod, "Normal", "Scheduled", "Binding", "Successfully assigned " + key + " to " + host);
            return;
        }
        metrics.unschedulable();
        LOG.info("unable to schedule " + key + ": " + result.message());
        queue.addUnschedulable(key);
        recordUnschedulable(pod, result.message());
    }

    private void recordUnschedulable(Pod pod, String message) {
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()) && Objects.equals(message, c.getMessage())) {
                    return; // already says so; writing again would only wake every watcher
                }
            }
        }
        PodCondition condition = new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(message)
                .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build();
        try {
            writer.updateCondition(pod, condition);
        } catch (StatusException e) {
            // A conflict or a vanished pod: the informer brings the news and the pod is seen again.
            LOG.fine(() -> "cannot record unschedulable condition of " + Store.key(pod) + ": " + e.getMessage());
        }
        event(pod, "Warning", "FailedScheduling", "Scheduling", message);
    }

    /** Events are best effort, as upstream's recorder: a failure is logged, never retried into the queue. */
    private void event(Pod pod, String type, String reason, String action, String note) {
        try {
            writer.recordEvent(pod, type, reason, action, note);
        } catch (RuntimeException e) {
            LOG.fine(() -> "cannot record event " + reason + " for " + Store.key(pod) + ": " + e.getMessage());
        }
    }

    /** The nodes, sorted by name, each with its bound and assumed pods. */
    List<NodeInfo> snapshot() {
        Map<String, List<Pod>> byNode = new HashMap<>();
        Map<String, Pod> all = new HashMap<>();
        for (Pod p : pods.indexer().list()) {
            all.put(Store.key(p), p);
        }
        assumed.forEach(all::put);
        for (Pod p : all.values()) {
            if (assigned(p) && !terminal(p)) {
                byNode.computeIfAbsent(p.getSpec().getNodeName(), n -> new ArrayList<>()).add(p);
            }
        }
        return nodes.indexer().list().stream()
                .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
                .map(n -> NodeInfo.of(n, byNode.getOrDefault(n.getMetadata().getName(), List.of())))
                .toList();
    }

    /** Stops the loop. */
    @Override
    public void close() {
        stopped = true;
        queue.close();
        threads.forEach(Thread::interrupt);
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            if (needsScheduling(pod)) {
                queue.add(Store.key(pod));
            } else if (assigned(pod)) {
                assumed.remove(Store.key(pod));
            }
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            String key = Store.key(pod);
            if (needsScheduling(pod)) {
                // Our own status writes change only the status: do not retry for those.
                boolean changed = !Objects.equals(old.getSpec(), pod.getSpec())
                        || !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels());
                if (changed || !queue.isUnschedulable(key)) {
                    queue.add(key);
                }
                return;
            }
            if (assigned(pod)) {
                assumed.remove(key);
                queue.forget(key);
                if (!terminal(old) && terminal(pod)) {
                    queue.moveAllToActiveOrBackoff(); // its resources are free now
                }
            } else {
                queue.forget(key); // being deleted
            }
        }

        @Override
        public void onDelete(Pod pod) {
            String key = Store.key(pod);
            assumed.remove(key);
            queue.forget(key);
            if (assigned(pod)) {
                queue.moveAllToActiveOrBackoff();
            }
        }
    }

    private final class NodeEvents implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            queue.moveAllToActiveOrBackoff();
        }

        @Override
        public void onUpdate(Node old, Node node) {
            // Heartbeats change only timestamps; retry only for what the filters read.
            boolean relevant = !Objects.equals(old.getSpec(), node.getSpec())
                    || !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                    || !Objects.equals(allocatable(old), allocatable(node))
                    || !Objects.equals(readiness(old), readiness(node));
            if (relevant) {
                queue.moveAllToActiveOrBackoff();
            }
        }

        private static Object allocatable(Node n) {
            return n.getStatus() == null ? null : n.getStatus().getAllocatable();
        }

        private static String readiness(Node n) {
            if (n.getStatus() == null || n.getStatus().getConditions() == null) {
                return null;
            }
            return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                    .map(c -> c.getStatus()).findFirst().orElse(null);
        }
    }
}
