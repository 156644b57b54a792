package io.capstan.apiserver.flowcontrol;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One priority level's requests, as upstream's {@code fairqueuing/queueset}: at most
 * {@link #concurrencyLimit()} execute at once; the rest wait in queues chosen by shuffle sharding over
 * their flow's hash (the shortest queue of the flow's hand), and a queue that already holds
 * {@code queueLengthLimit} requests turns new ones away. When a seat frees, the next request comes from
 * the non-empty queue with the fewest executing requests, round-robin among equals: every queue, and so
 * every flow, gets an equal share of the level's seats however many requests it piles up. (Upstream
 * orders queues by virtual finish time with estimated work; with one seat per request and requests of
 * similar length the two give the same shares.) A level without queues ({@code limitResponse: Reject})
 * turns away what it cannot run at once; an exempt level runs everything.
 */
public final class QueueSet {
    /** How an arrival ended. */
    public enum Outcome {
        /** Runs now (it may have waited); call {@link #finish} when done. */
        EXECUTE,
        /** Turned away: its queue was full. */
        REJECTED_QUEUE_FULL,
        /** Turned away: no queuing and no free seat. */
        REJECTED_CONCURRENCY_LIMIT,
        /** Turned away: it waited longer than its wait limit. */
        REJECTED_TIME_OUT
    }

    /** A request's admission: the outcome, its queue (-1 without one) and how long it waited. */
    public record Admission(Outcome outcome, int queue, long waitNanos) {
        public boolean executes() {
            return outcome == Outcome.EXECUTE;
        }
    }

    private static final class Waiter {
        final int queue;
        final Condition dispatched;
        boolean go;

        Waiter(int queue, Condition dispatched) {
            this.queue = queue;
            this.dispatched = dispatched;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private volatile int concurrencyLimit;
    private final boolean exempt;
    private final int queueLengthLimit;
    private final ArrayDeque<Waiter>[] queues;
    private final int[] executingPerQueue;
    private final ShuffleShardingDealer dealer;
    private int executing;
    private int waiting;
    private int nextQueue;

    /**
     * @param concurrencyLimit the level's seats
     * @param queueCount       0 for a level that rejects instead of queuing
     */
    @SuppressWarnings("unchecked")
    private QueueSet(boolean exempt, int concurrencyLimit, int queueCount, int handSize, int queueLengthLimit) {
        this.exempt = exempt;
        this.concurrencyLimit = concurrencyLimit;
        this.queueLengthLimit = queueLengthLimit;
        this.queues = new ArrayDeque[queueCount];
        for (int i = 0; i < queueCount; i++) {
            queues[i] = new ArrayDeque<>();
        }
        this.executingPerQueue = new int[queueCount];
        this.dealer = queueCount > 0 ? new ShuffleShardingDealer(queueCount, Math.min(handSize, queueCount)) : null;
    }

    /** A level that runs every request at once. */
    public static QueueSet exempt() {
        return new QueueSet(true, Integer.MAX_VALUE, 0, 0, 0);
    }

    /** A level that rejects what exceeds its seats. */
    public static QueueSet rejecting(int concurrencyLimit) {
        return new QueueSet(false, concurrencyLimit, 0, 0, 0);
    }

    /** A level with {@code queues} queues of at most {@code queueLengthLimit} requests each. */
    public static QueueSet queuing(int concurrencyLimit, int queues, int handSize, int queueLengthLimit) {
        if (queues <= 0) {
            throw new IllegalArgumentException("queues must be positive");
        }
        return new QueueSet(false, concurrencyLimit, queues, handSize, queueLengthLimit);
    }

    /** The seats: how many requests may execute at once. */
    public int concurrencyLimit() {
        return concurrencyLimit;
    }

    /** Requests executing now. */
    public int executing() {
        lock.lock();
        try {
            return executing;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting in queues now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Admits a request of the flow with hash {@code flowHash}: returns at once when it may run or is
     * turned away, else waits in a queue until dispatched or {@code waitLimit} passes.
     */
    public Admission admit(long flowHash, Duration waitLimit) throws InterruptedException {
        long start = System.nanoTime();
        lock.lock();
        try {
            if (exempt) {
                executing++;
                return new Admission(Outcome.EXECUTE, -1, 0);
            }
            if (queues.length == 0) {
                if (executing < concurrencyLimit) {
                    executing++;
                    return new Admission(Outcome.EXECUTE, -1, 0);
                }
                return new Admission(Outcome.REJECTED_CONCURRENCY_LIMIT, -1, 0);
            }
            int queue = chooseQueue(flowHash);
            if (queues[queue].size() >= queueLengthLimit) {
                return new Admission(Outcome.REJECTED_QUEUE_FULL, queue, 0);
            }
            if (waiting == 0 && executing < concurrencyLimit) {
                executing++;
                executingPerQueue[queue]++;
                return new Admission(Outcome.EXECUTE, queue, 0);
            }
            Waiter w = new Waiter(queue, lock.newCondition());
            queues[queue].addLast(w);
            waiting++;
            long remaining = waitLimit.toNanos();
            try {
                while (!w.go && remaining > 0) {
                    remaining = w.dispatched.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                if (w.go) {
                    // Dispatched and interrupted at once: give the seat back.
                    executing--;
                    executingPerQueue[queue]--;
                    dispatch();
                } else {
                    queues[queue].remove(w);
                    waiting--;
                }
                throw e;
            }
            if (!w.go) {
                queues[queue].remove(w);
                waiting--;
            }
            long waited = System.nanoTime() - start;
            return w.go ? new Admission(Outcome.EXECUTE, queue, waited) : new Admission(Outcome.REJECTED_TIME_OUT, queue, waited);
        } finally {
            lock.unlock();
        }
    }

    /** Frees the seat of an executed request and dispatches waiting ones. */
    public void finish(Admission admission) {
        lock.lock();
        try {
            executing--;
            if (admission.queue() >= 0) {
                executingPerQueue[admission.queue()]--;
            }
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /** Changes the seats (a new configuration or server limit), dispatching waiting requests if it grew. */
    public void concurrencyLimit(int limit) {
        lock.lock();
        try {
            this.concurrencyLimit = limit;
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        while (waiting > 0 && executing < concurrencyLimit) {
            int best = -1;
            for (int k = 0; k < queues.length; k++) {
                int i = (nextQueue + k) % queues.length;
                if (!queues[i].isEmpty() && (best < 0 || executingPerQueue[i] < executingPerQueue[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return;
            }
            nextQueue = (best + 1) % queues.length;
            Waiter w = queues[best].removeFirst();
            waiting--;
            executing++;
            executingPerQueue[best]++;
            w.go = true;
            w.dispatched.signal();
        }
    }

    /** The queue of the flow's hand holding the fewest requests, waiting and executing. */
    private int chooseQueue(long flowHash) {
        int[] best = {-1};
        dealer.deal(flowHash, card -> {
            if (best[0] < 0 || load(card) < load(best[0])) {
                best[0] = card;
            }
        });
        return best[0];
    }

    private int load(int queue) {
        return queues[queue].size() + executingPerQueue[queue];
    }
}
