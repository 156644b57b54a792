package io.capstan.apiserver.filters;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared timer wakes each waiter at its deadline, and only then; finished handlers do not pile up. */
class TimeoutQueueTest {
    private static long deadlineIn(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void fastHandlerFinishesInTime() {
        TimeoutQueue queue = new TimeoutQueue();
        HandlerThread h = new HandlerThread(() -> sleep(20), deadlineIn(Duration.ofSeconds(5)));
        h.start("t");
        queue.add(h);
        assertTrue(h.awaitUntilDeadline(false));
        assertNull(h.failure());
    }

    @Test
    void slowHandlerIsAbandonedAtTheDeadlineByTheSharedTimer() {
        TimeoutQueue queue = new TimeoutQueue();
        CountDownLatch release = new CountDownLatch(1);
        HandlerThread h = new HandlerThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, deadlineIn(Duration.ofMillis(300)));
        long start = System.nanoTime();
        h.start("t");
        queue.add(h);
        assertFalse(h.awaitUntilDeadline(false));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= 290 && waited < 1500, "waited " + waited + " ms");
        release.countDown();
        assertTrue(h.awaitFinish());
    }

    @Test
    void timedWaitEndsAtItsOwnDeadline() {
        HandlerThread h = new HandlerThread(() -> sleep(3000), deadlineIn(Duration.ofMillis(150)));
        long start = System.nanoTime();
        h.start("t");
        assertFalse(h.awaitUntilDeadline(true));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= 145 && waited < 1500, "waited " + waited + " ms");
    }

    @Test
    void failureIsHandedToTheWaiter() {
        IllegalStateException boom = new IllegalStateException("boom");
        HandlerThread h = new HandlerThread(() -> {
            throw boom;
        }, deadlineIn(Duration.ofSeconds(5)));
        h.start("t");
        assertTrue(h.awaitUntilDeadline(true));
        assertSame(boom, h.failure());
    }

    @Test
    void finishedHandlersBehindASlowOneAreDropped() throws Exception {
        TimeoutQueue queue = new TimeoutQueue();
        CountDownLatch release = new CountDownLatch(1);
        HandlerThread slow = new HandlerThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, deadlineIn(Duration.ofSeconds(30)));
        slow.start("slow");
        queue.add(slow);
        for (int i = 0; i < 100; i++) {
            HandlerThread h = new HandlerThread(() -> { }, deadlineIn(Duration.ofSeconds(30)));
            h.start("fast");
            queue.add(h);
            assertTrue(h.awaitUntilDeadline(false));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (queue.size() > 1 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(1, queue.size(), "only the slow handler is left");
        release.countDown();
        assertTrue(slow.awaitFinish());
    }

    @Test
    void timerComesBackAfterIdling() throws Exception {
        TimeoutQueue queue = new TimeoutQueue();
        HandlerThread first = new HandlerThread(() -> { }, deadlineIn(Duration.ofSeconds(5)));
        first.start("t");
        queue.add(first);
        assertTrue(first.awaitUntilDeadline(false));
        Thread.sleep(1500); // past the timer's linger: its thread has gone
        HandlerThread slow = new HandlerThread(() -> sleep(3000), deadlineIn(Duration.ofMillis(200)));
        long start = System.nanoTime();
        slow.start("t");
        queue.add(slow);
        assertFalse(slow.awaitUntilDeadline(false));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited < 1500, "waited " + waited + " ms");
    }

    /** Not an assertion: the CPU per request of the hand-off, against the CompletableFuture with a timed get it replaces. */
    @Test
    void printsCostAgainstATimedFuture() throws Exception {
        TimeoutQueue queue = new TimeoutQueue();
        for (int round = 0; round < 3; round++) {
            double future = cpuPerOp(() -> {
                CompletableFuture<Void> done = new CompletableFuture<>();
                Thread.ofVirtual().name("request-x").start(() -> done.complete(null));
                try {
                    done.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            double shared = cpuPerOp(() -> {
                HandlerThread h = new HandlerThread(() -> { }, deadlineIn(Duration.ofSeconds(60)));
                h.start("request-x");
                queue.add(h);
                h.awaitUntilDeadline(false);
            });
            System.out.printf("hand-off CPU per request, 64 concurrent: CompletableFuture.get(timeout) %.0f ns, HandlerThread+TimeoutQueue %.0f ns%n",
                    future, shared);
        }
    }

    private static double cpuPerOp(Runnable op) throws Exception {
        int threads = 64;
        int each = 5000;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    op.run();
                }
                done.countDown();
            });
        }
        done.await();
        return (os.getProcessCpuTime() - cpu) / (double) (threads * each);
    }
}
