package io.capstan.common.workqueue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkQueueTest {

    @Test
    void queuedDuplicatesAreProcessedOnce() throws Exception {
        FifoWorkQueue<String> q = new FifoWorkQueue<>("dedup", Clock.system(), null);
        q.add("a");
        q.add("b");
        q.add("a");
        assertEquals(2, q.len());
        assertEquals("a", q.get());
        assertEquals("b", q.get());
        assertEquals(0, q.len());
    }

    @Test
    void itemAddedWhileProcessingWaitsAndIsProcessedAgainAfterDone() throws Exception {
        FifoWorkQueue<String> q = new FifoWorkQueue<>("inflight", Clock.system(), null);
        q.add("a");
        assertEquals("a", q.get());
        q.add("a");
        assertEquals(0, q.len(), "an item being processed is not handed to a second worker");
        q.done("a");
        assertEquals(1, q.len());
        assertEquals("a", q.get());
        q.done("a");
        assertEquals(0, q.len());
    }

    @Test
    void shutDownDrainsThenReturnsNull() throws Exception {
        FifoWorkQueue<String> q = new FifoWorkQueue<>("shutdown", Clock.system(), null);
        q.add("a");
        q.shutDown();
        q.add("b");
        assertEquals("a", q.get());
        assertNull(q.get());
    }

    @Test
    void eightWorkersNeverProcessOneKeyAtOnceAndMissNoReAdd() throws Exception {
        FifoWorkQueue<Integer> q = new FifoWorkQueue<>("concurrent", Clock.system(), null);
        int keys = 20;
        Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> processed = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        // Each key is re-added while being processed, until it has been processed 5 times.
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    Integer k;
                    while ((k = q.get()) != null) {
                        if (inFlight.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        int n = processed.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                        if (n < 5) {
                            q.add(k);
                            q.add(k);
                        }
                        Thread.sleep(1);
                        inFlight.get(k).decrementAndGet();
                        q.done(k);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int k = 0; k < keys; k++) {
            q.add(k);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (processed.values().stream().mapToInt(AtomicInteger::get).sum() < keys * 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        q.shutDown();
        for (Thread t : workers) {
            t.join();
        }
        assertEquals(0, overlaps.get(), "a key was processed by two workers at once");
        for (int k = 0; k < keys; k++) {
            assertEquals(5, processed.get(k).get(), "key " + k + ": re-adds while in flight are processed once each round");
        }
    }

    @Test
    void delayingQueueReleasesItemsWhenTheirTimeComesAndEarlierAddWins() throws Exception {
        FakeClock clock = new FakeClock();
        DelayingWorkQueue<String> q = new DelayingWorkQueue<>(new FifoWorkQueue<>("delay", clock, null), clock, "delay");
        q.addAfter("late", Duration.ofSeconds(10));
        q.addAfter("soon", Duration.ofSeconds(5));
        q.addAfter("soon", Duration.ofSeconds(60)); // a later time does not push it back
        q.addAfter("now", Duration.ZERO);
        assertEquals(1, q.len());
        assertEquals("now", q.get());
        clock.advance(Duration.ofSeconds(5));
        assertEquals("soon", q.get());
        assertEquals(1, q.waitingLen());
        clock.advance(Duration.ofSeconds(5));
        assertEquals("late", q.get());
        assertEquals(0, q.waitingLen());
        q.shutDown();
    }

    @Test
    void rateLimitingQueueCountsRequeuesUntilForgotten() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimitingWorkQueue<String> q = RateLimitingWorkQueue.create("limited",
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)), clock, null);
        q.addRateLimited("a");
        q.addRateLimited("a");
        assertEquals(2, q.numRequeues("a"));
        assertEquals(0, q.len());
        clock.advance(Duration.ofMillis(5));
        CountDownLatch got = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                if ("a".equals(q.get())) {
                    got.countDown();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(got.await(2, TimeUnit.SECONDS));
        q.forget("a");
        assertEquals(0, q.numRequeues("a"));
        q.shutDown();
    }

    @Test
    void metricsUseUpstreamNamesWithTheQueueName() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FakeClock clock = new FakeClock();
        RateLimitingWorkQueue<String> q = RateLimitingWorkQueue.create("serviceaccount",
                RateLimiter.defaultControllerRateLimiter(clock), clock, registry);
        q.add("a");
        q.add("b");
        q.done(q.get());
        q.addRateLimited("c");
        String scrape = registry.scrape();
        for (String line : List.of("workqueue_depth{name=\"serviceaccount\"} 1.0",
                "workqueue_adds_total{name=\"serviceaccount\"} 2.0",
                "workqueue_retries_total{name=\"serviceaccount\"} 1.0",
                "workqueue_queue_duration_seconds_count{name=\"serviceaccount\"} 1",
                "workqueue_work_duration_seconds_count{name=\"serviceaccount\"} 1",
                "workqueue_unfinished_work_seconds{name=\"serviceaccount\"}",
                "workqueue_longest_running_processor_seconds{name=\"serviceaccount\"}")) {
            assertTrue(scrape.contains(line), "missing " + line + " in\n" + scrape);
        }
        q.shutDown();
    }
}
