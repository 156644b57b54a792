package io.capstan.scheduler;

import io.capstan.scheduler.queue.SchedulingQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scheduler's meters with upstream's names: {@code scheduler_schedule_attempts_total{result,profile}}
 * and {@code scheduler_pending_pods{queue=active|backoff|unschedulable}}.
 */
final class SchedulerMetrics {
    private final Counter scheduled;
    private final Counter unschedulable;
    private final Counter error;

    SchedulerMetrics(MeterRegistry registry, SchedulingQueue queue, String profile) {
        scheduled = attempts(registry, "scheduled", profile);
        unschedulable = attempts(registry, "unschedulable", profile);
        error = attempts(registry, "error", profile);
        pending(registry, "active", queue, SchedulingQueue::activeCount);
        pending(registry, "backoff", queue, SchedulingQueue::backoffCount);
        pending(registry, "unschedulable", queue, SchedulingQueue::unschedulableCount);
    }

    private static Counter attempts(MeterRegistry registry, String result, String profile) {
        return Counter.builder("scheduler.schedule.attempts")
                .description("Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.")
                .tag("result", result).tag("profile", profile).register(registry);
    }

    private static void pending(MeterRegistry registry, String name, SchedulingQueue queue,
                                java.util.function.ToDoubleFunction<SchedulingQueue> count) {
        Gauge.builder("scheduler.pending.pods", queue, count)
                .description("Number of pending pods, by the queue type.")
                .tag("queue", name).register(registry);
    }

    void scheduled() {
        scheduled.increment();
    }

    void unschedulable() {
        unschedulable.increment();
    }

    void error() {
        error.increment();
    }
}
