package io.capstan.apiserver.flowcontrol;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueSetTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void exemptRunsEverything() throws Exception {
        QueueSet qs = QueueSet.exempt();
        for (int i = 0; i < 1000; i++) {
            assertEquals(QueueSet.Outcome.EXECUTE, qs.admit(i, LONG).outcome());
        }
        assertEquals(1000, qs.executing());
    }

    @Test
    void rejectingLevelTurnsAwayWhatExceedsItsSeats() throws Exception {
        QueueSet qs = QueueSet.rejecting(2);
        QueueSet.Admission a = qs.admit(1, LONG);
        qs.admit(2, LONG);
        assertEquals(QueueSet.Outcome.REJECTED_CONCURRENCY_LIMIT, qs.admit(3, LONG).outcome());
        qs.finish(a);
        assertEquals(QueueSet.Outcome.EXECUTE, qs.admit(3, LONG).outcome());
    }

    @Test
    void fullQueueRejects() throws Exception {
        QueueSet qs = QueueSet.queuing(1, 1, 1, 2);
        qs.admit(7, LONG);
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    qs.admit(7, LONG);
                } catch (InterruptedException ignored) {
                    // ends the test's waiters
                }
            }));
        }
        while (qs.waiting() < 2) {
            Thread.sleep(5);
        }
        assertEquals(QueueSet.Outcome.REJECTED_QUEUE_FULL, qs.admit(7, LONG).outcome());
        waiters.forEach(Thread::interrupt);
    }

    @Test
    void waitingPastTheLimitTimesOut() throws Exception {
        QueueSet qs = QueueSet.queuing(1, 4, 2, 10);
        qs.admit(1, LONG);
        QueueSet.Admission a = qs.admit(2, Duration.ofMillis(50));
        assertEquals(QueueSet.Outcome.REJECTED_TIME_OUT, a.outcome());
        assertTrue(a.waitNanos() >= TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(0, qs.waiting());
    }

    @Test
    void freedSeatsGoRoundRobinAcrossQueuesNotFirstComeFirstServed() throws Exception {
        // One seat; flow A queues 6 requests first, then flow B queues 2. FIFO would serve all of A first.
        QueueSet qs = QueueSet.queuing(1, 64, 1, 100);
        QueueSet.Admission running = qs.admit(0, LONG);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        long flowA = ConfigController.flowHash("fs", "a");
        long flowB = ConfigController.flowHash("fs", "b");
        CountDownLatch done = new CountDownLatch(8);
        for (int i = 0; i < 6; i++) {
            startWaiter(qs, flowA, "a", order, done);
            awaitWaiting(qs, i + 1);
        }
        for (int i = 0; i < 2; i++) {
            startWaiter(qs, flowB, "b", order, done);
            awaitWaiting(qs, 7 + i);
        }
        qs.finish(running);
        assertTrue(done.await(20, TimeUnit.SECONDS));
        // B's two requests are served within the first four dispatches, alternating with A.
        assertTrue(order.subList(0, 4).stream().filter("b"::equals).count() == 2, "order " + order);
    }

    @Test
    void dealerDealsDistinctCardsWithinTheDeck() {
        ShuffleShardingDealer dealer = new ShuffleShardingDealer(128, 6);
        for (long h = -50; h < 50; h++) {
            Set<Integer> cards = new HashSet<>();
            dealer.deal(h * 0x9E3779B97F4A7C15L, c -> {
                assertTrue(c >= 0 && c < 128);
                cards.add(c);
            });
            assertEquals(6, cards.size());
        }
    }

    private static void startWaiter(QueueSet qs, long flow, String name, List<String> order, CountDownLatch done) {
        Thread.ofVirtual().start(() -> {
            try {
                QueueSet.Admission a = qs.admit(flow, LONG);
                order.add(name);
                Thread.sleep(5);
                qs.finish(a);
                done.countDown();
            } catch (InterruptedException ignored) {
                // test over
            }
        });
    }

    private static void awaitWaiting(QueueSet qs, int n) throws InterruptedException {
        while (qs.waiting() < n) {
            Thread.sleep(2);
        }
    }
}
