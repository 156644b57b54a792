package io.capstan.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one operation from {@code concurrency} virtual threads for a fixed time and reports the rate
 * and latency percentiles; for the benchmarks, which print figures rather than assert them.
 */
final class LoadRun {
    /** One operation; {@code seq} is unique across threads (for unique names). */
    @FunctionalInterface
    interface Op {
        void run(long seq) throws Exception;
    }

    /** The outcome: operations per second and latency percentiles in milliseconds. */
    record Result(String label, int concurrency, long ops, long errors, double perSecond, double p50Ms, double p99Ms) {
        @Override
        public String toString() {
            return "%-44s c=%-3d %8.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  (%d ops, %d errors)"
                    .formatted(label, concurrency, perSecond, p50Ms, p99Ms, ops, errors);
        }
    }

    private LoadRun() {
    }

    static Result run(String label, int concurrency, Duration duration, Op op) throws InterruptedException {
        // Progress, and the marker on which to attach a profiler to the measured window (BENCHMARKS.md).
        System.out.printf("[bench] %s, c=%d, for %d s%n", label, concurrency, duration.toSeconds());
        System.out.flush();
        long end = System.nanoTime() + duration.toNanos();
        return run(label, concurrency, () -> System.nanoTime() < end, op);
    }

    /** Runs while {@code keepGoing} holds (checked before each operation). */
    static Result run(String label, int concurrency, java.util.function.BooleanSupplier keepGoing, Op op)
            throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<List<Long>> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            List<Long> latencies = new ArrayList<>();
            perThread.add(latencies);
            threads.add(Thread.ofVirtual().start(() -> {
                while (keepGoing.getAsBoolean()) {
                    long s = System.nanoTime();
                    try {
                        op.run(seq.getAndIncrement());
                        latencies.add(System.nanoTime() - s);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> all = new ArrayList<>();
        perThread.forEach(all::addAll);
        Collections.sort(all);
        return new Result(label, concurrency, all.size(), errors.get(), all.size() / seconds,
                percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
