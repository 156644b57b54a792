package io.capstan.e2e;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used by this JVM (the load generator and any raw storage client) and by processes of the
 * control plane, between two points: the cost per operation, which a shared, noisy machine disturbs
 * far less than the rate.
 */
final class CpuMeter {
    private final LocalControlPlane plane;
    private final List<String> processes;
    private final Map<String, Long> start = new LinkedHashMap<>();

    private CpuMeter(LocalControlPlane plane, List<String> processes) {
        this.plane = plane;
        this.processes = processes;
        start.putAll(now());
    }

    /** Starts measuring this JVM and the named processes (e.g. {@code apiserver}, {@code etcd}). */
    static CpuMeter start(LocalControlPlane plane, List<String> processes) {
        return new CpuMeter(plane, processes);
    }

    private Map<String, Long> now() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("client", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        for (String p : processes) {
            m.put(p, plane.cpuTime(p).toNanos());
        }
        return m;
    }

    /** Total CPU nanoseconds per op since {@link #start}, over this JVM and the processes. */
    long totalPerOp(long ops) {
        Map<String, Long> end = now();
        long total = 0;
        for (Map.Entry<String, Long> e : end.entrySet()) {
            total += e.getValue() - start.get(e.getKey());
        }
        return ops == 0 ? 0 : total / ops;
    }

    /** "CPU/op: client 120 µs, apiserver 300 µs, ..." since {@link #start}. */
    String perOp(long ops) {
        Map<String, Long> end = now();
        StringBuilder sb = new StringBuilder("CPU/op:");
        long total = 0;
        for (Map.Entry<String, Long> e : end.entrySet()) {
            long used = e.getValue() - start.get(e.getKey());
            total += used;
            sb.append(' ').append(e.getKey()).append(' ').append(ops == 0 ? "-" : Long.toString(used / ops / 1000)).append(" µs,");
        }
        sb.append(" total ").append(ops == 0 ? "-" : Long.toString(total / ops / 1000)).append(" µs");
        return sb.toString();
    }
}
