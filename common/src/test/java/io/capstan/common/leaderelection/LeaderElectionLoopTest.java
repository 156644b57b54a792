package io.capstan.common.leaderelection;

import io.capstan.common.workqueue.Clock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderElectionLoopTest {
    /** Short real timings: the loop runs on its own thread with the system clock. */
    private static final LeaderElectionConfig FAST =
            new LeaderElectionConfig(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(300), true, "test");

    /** Work that counts its starts and stops. */
    private static final class Work {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();

        AutoCloseable start() {
            started.incrementAndGet();
            return stopped::incrementAndGet;
        }

        boolean running() {
            return started.get() > stopped.get();
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void runsTheWorkWhileLeadingAndStopsItAndReleasesOnClose() throws Exception {
        LeaderElectorTest.Store store = new LeaderElectorTest.Store();
        Work work = new Work();
        LeaderElectionLoop loop = new LeaderElectionLoop(FAST, store.lock("a"), Clock.system(), work::start).start();
        await(work::running, Duration.ofSeconds(5), "the work to start");
        assertTrue(loop.isLeading());

        loop.close();

        assertFalse(work.running());
        assertEquals(1, work.started.get());
        assertFalse(loop.isLeading());
        assertEquals("", store.record.holderIdentity(), "released");
    }

    @Test
    void aLostLeaseStopsTheWorkAndALaterTermStartsItAfresh() throws Exception {
        LeaderElectorTest.Store store = new LeaderElectorTest.Store();
        Work work = new Work();
        try (LeaderElectionLoop loop = new LeaderElectionLoop(FAST, store.lock("a"), Clock.system(), work::start).start()) {
            await(work::running, Duration.ofSeconds(5), "the first term");

            store.failing.set(true);
            await(() -> !work.running(), Duration.ofSeconds(5), "the work to stop after the renew deadline");
            store.failing.set(false);

            await(() -> work.started.get() == 2 && work.running(), Duration.ofSeconds(10), "a second term");
            assertTrue(loop.isLeading());
        }
        assertEquals(2, work.stopped.get());
    }
}
