package io.capstan.common.workqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A queue's meters with client-go's names, tagged {@code name=<queue>}: {@code workqueue_depth},
 * {@code workqueue_adds_total}, {@code workqueue_queue_duration_seconds},
 * {@code workqueue_work_duration_seconds}, {@code workqueue_unfinished_work_seconds},
 * {@code workqueue_longest_running_processor_seconds} and {@code workqueue_retries_total}.
 * With no registry the meters go nowhere.
 */
final class WorkQueueMetrics {
    /** upstream's buckets: 10ns to 10s, by factors of ten. */
    private static final Duration[] BUCKETS = {
            Duration.ofNanos(10), Duration.ofNanos(100), Duration.ofNanos(1_000), Duration.ofNanos(10_000),
            Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String name;
    private final Counter adds;
    private final Counter retries;
    private final Timer queueDuration;
    private final Timer workDuration;

    WorkQueueMetrics(String name, MeterRegistry registry) {
        this.name = name;
        this.registry = registry == null ? new CompositeMeterRegistry() : registry;
        this.adds = Counter.builder("workqueue.adds").description("Total number of adds handled by workqueue")
                .tag("name", name).register(this.registry);
        this.retries = Counter.builder("workqueue.retries").description("Total number of retries handled by workqueue")
                .tag("name", name).register(this.registry);
        this.queueDuration = Timer.builder("workqueue.queue.duration")
                .description("How long in seconds an item stays in workqueue before being requested.")
                .tag("name", name).serviceLevelObjectives(BUCKETS).register(this.registry);
        this.workDuration = Timer.builder("workqueue.work.duration")
                .description("How long in seconds processing an item from workqueue takes.")
                .tag("name", name).serviceLevelObjectives(BUCKETS).register(this.registry);
    }

    /** Registers the gauges, read from the queue on each scrape. */
    <Q> void gauges(Q queue, ToDoubleFunction<Q> depth, Supplier<Double> unfinishedSeconds, Supplier<Double> longestSeconds) {
        Gauge.builder("workqueue.depth", queue, depth).description("Current depth of workqueue")
                .tag("name", name).register(registry);
        Gauge.builder("workqueue.unfinished.work", unfinishedSeconds::get).baseUnit("seconds")
                .description("How many seconds of work has been done that is in progress and hasn't been observed by work_duration.")
                .tag("name", name).register(registry);
        Gauge.builder("workqueue.longest.running.processor", longestSeconds::get).baseUnit("seconds")
                .description("How many seconds has the longest running processor for workqueue been running.")
                .tag("name", name).register(registry);
    }

    void added() {
        adds.increment();
    }

    void retried() {
        retries.increment();
    }

    void waited(long nanos) {
        queueDuration.record(Duration.ofNanos(Math.max(0, nanos)));
    }

    void worked(long nanos) {
        workDuration.record(Duration.ofNanos(Math.max(0, nanos)));
    }
}
