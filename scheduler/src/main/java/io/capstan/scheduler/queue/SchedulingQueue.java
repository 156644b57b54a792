package io.capstan.scheduler.queue;

import io.capstan.common.workqueue.Clock;
import io.capstan.common.workqueue.DelayingWorkQueue;
import io.capstan.common.workqueue.FifoWorkQueue;
import io.capstan.common.workqueue.ItemExponentialFailureRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pending pods by key, as upstream's PriorityQueue without priorities: an active queue (FIFO, one pod
 * processed at a time), a back-off for pods that failed (1s doubling to 10s, as upstream's
 * {@code podInitialBackoff}/{@code podMaxBackoff}), and a set of unschedulable pods that wait for a
 * cluster change ({@link #moveAllToActiveOrBackoff}) or the periodic {@link #flushUnschedulableLeftover}.
 */
public final class SchedulingQueue implements AutoCloseable {
    /** Unschedulable pods are retried at least this often even when nothing seems to change. */
    public static final Duration UNSCHEDULABLE_FLUSH = Duration.ofSeconds(30);

    private final Clock clock;
    private final FifoWorkQueue<String> fifo;
    private final DelayingWorkQueue<String> active;
    private final ItemExponentialFailureRateLimiter<String> backoff =
            new ItemExponentialFailureRateLimiter<>(Duration.ofSeconds(1), Duration.ofSeconds(10));
    /** Unschedulable pod key → when it became unschedulable and when its back-off ends (clock nanos). */
    private final Map<String, long[]> unschedulable = new HashMap<>();

    public SchedulingQueue(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.fifo = new FifoWorkQueue<>("scheduler", clock, registry);
        this.active = new DelayingWorkQueue<>(fifo, clock, "scheduler");
    }

    /** A new or changed pending pod: schedule it now. */
    public synchronized void add(String key) {
        unschedulable.remove(key);
        active.add(key);
    }

    /** A pod that failed for a transient reason (e.g. binding): retry after its back-off. */
    public void addBackoff(String key) {
        active.addAfter(key, backoff.when(key));
    }

    /** A pod no node fits: park it until the cluster changes. */
    public synchronized void addUnschedulable(String key) {
        long now = clock.nanoTime();
        unschedulable.put(key, new long[] {now, now + backoff.when(key).toNanos()});
    }

    /** Something changed that may let unschedulable pods fit: retry them, each after its remaining back-off. */
    public synchronized void moveAllToActiveOrBackoff() {
        move(0);
    }

    /** Retries pods unschedulable for at least {@link #UNSCHEDULABLE_FLUSH}. */
    public synchronized void flushUnschedulableLeftover() {
        move(UNSCHEDULABLE_FLUSH.toNanos());
    }

    private void move(long minAgeNanos) {
        long now = clock.nanoTime();
        List<String> moved = new ArrayList<>();
        unschedulable.forEach((key, times) -> {
            if (now - times[0] >= minAgeNanos) {
                active.addAfter(key, Duration.ofNanos(Math.max(0, times[1] - now)));
                moved.add(key);
            }
        });
        moved.forEach(unschedulable::remove);
    }

    /** The pod was scheduled or is gone: drop its back-off history and any parked entry. */
    public synchronized void forget(String key) {
        unschedulable.remove(key);
        backoff.forget(key);
    }

    /** The next pod to schedule; null once closed. Call {@link #done} after. */
    public String pop() throws InterruptedException {
        return active.get();
    }

    /** Ends processing of {@code key}. */
    public void done(String key) {
        active.done(key);
    }

    /** Pods ready to be scheduled. */
    public int activeCount() {
        return active.len();
    }

    /** Pods waiting for their back-off. */
    public int backoffCount() {
        return active.waitingLen();
    }

    /** Pods waiting for a cluster change. */
    public synchronized int unschedulableCount() {
        return unschedulable.size();
    }

    /** True when {@code key} is parked as unschedulable. */
    public synchronized boolean isUnschedulable(String key) {
        return unschedulable.containsKey(key);
    }

    @Override
    public void close() {
        active.shutDown();
    }
}
