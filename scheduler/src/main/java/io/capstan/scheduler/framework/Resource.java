package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;

/**
 * The resources the scheduler accounts for, as upstream's {@code framework.Resource}: CPU in
 * millicores, memory in bytes, and a pod count.
 *
 * @param milliCpu millicores
 * @param memory   bytes
 * @param pods     number of pods
 */
public record Resource(long milliCpu, long memory, long pods) {
    /** Nothing. */
    public static final Resource ZERO = new Resource(0, 0, 0);
    /** upstream's default CPU request for scoring a container that requests none (0.1 core). */
    static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** upstream's default memory request for scoring a container that requests none (200 MiB). */
    static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    /** The sum of two amounts. */
    public Resource plus(Resource other) {
        return new Resource(milliCpu + other.milliCpu, memory + other.memory, pods + other.pods);
    }

    /**
     * What a pod requests, as upstream's {@code computePodResourceRequest}: the larger of the sum of its
     * containers and the largest init container, plus the pod overhead; one pod.
     */
    public static Resource requestsOf(Pod pod) {
        return requestsOf(pod, false);
    }

    /**
     * Like {@link #requestsOf(Pod)}, but a container that requests no CPU or memory counts upstream's
     * defaults (100m, 200Mi), so that scoring spreads pods without requests (upstream's {@code GetNonzeroRequests}).
     */
    public static Resource nonZeroRequestsOf(Pod pod) {
        return requestsOf(pod, true);
    }

    private static Resource requestsOf(Pod pod, boolean nonZero) {
        if (pod.getSpec() == null) {
            return new Resource(0, 0, 1);
        }
        long cpu = 0;
        long mem = 0;
        for (Container c : nullSafe(pod.getSpec().getContainers())) {
            Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
            cpu += milliCpu(req, nonZero);
            mem += memory(req, nonZero);
        }
        for (Container c : nullSafe(pod.getSpec().getInitContainers())) {
            Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
            cpu = Math.max(cpu, milliCpu(req, nonZero));
            mem = Math.max(mem, memory(req, nonZero));
        }
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        if (overhead != null) {
            cpu += milliCpu(overhead, false);
            mem += memory(overhead, false);
        }
        return new Resource(cpu, mem, 1);
    }

    /** A node's {@code status.allocatable}, each resource falling back to {@code status.capacity}. */
    public static Resource allocatableOf(Node node) {
        if (node.getStatus() == null) {
            return ZERO;
        }
        Map<String, Quantity> alloc = node.getStatus().getAllocatable();
        Map<String, Quantity> cap = node.getStatus().getCapacity();
        return new Resource(quantity(alloc, cap, "cpu").milliValue(), quantity(alloc, cap, "memory").value(),
                quantity(alloc, cap, "pods").value());
    }

    private static ResourceQuantity quantity(Map<String, Quantity> alloc, Map<String, Quantity> cap, String name) {
        Quantity q = alloc != null && alloc.containsKey(name) ? alloc.get(name) : cap == null ? null : cap.get(name);
        return q == null ? new ResourceQuantity(java.math.BigDecimal.ZERO) : ResourceQuantity.parse(text(q));
    }

    private static long milliCpu(Map<String, Quantity> req, boolean nonZero) {
        Quantity q = req == null ? null : req.get("cpu");
        return q == null ? (nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0) : ResourceQuantity.parse(text(q)).milliValue();
    }

    private static long memory(Map<String, Quantity> req, boolean nonZero) {
        Quantity q = req == null ? null : req.get("memory");
        return q == null ? (nonZero ? DEFAULT_MEMORY_REQUEST : 0) : ResourceQuantity.parse(text(q)).value();
    }

    /** fabric8 may split {@code 100m} into amount and format; put them back together. */
    private static String text(Quantity q) {
        return q.getFormat() == null ? q.getAmount() : q.getAmount() + q.getFormat();
    }

    private static <E> List<E> nullSafe(List<E> list) {
        return list == null ? List.of() : list;
    }
}
