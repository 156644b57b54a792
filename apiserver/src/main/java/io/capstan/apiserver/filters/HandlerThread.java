package io.capstan.apiserver.filters;

import java.util.concurrent.locks.LockSupport;

/**
 * One request's handler, run on a virtual thread of its own while the request's thread waits for it, up to a
 * deadline. The handler's end wakes the waiter; the deadline either wakes it through a timed park of its own or,
 * for the requests that share the server's {@code --request-timeout}, through {@link TimeoutQueue} (one shared
 * timer instead of one per request).
 */
final class HandlerThread implements Runnable {
    private final Runnable body;
    private final Thread waiter;
    private final long deadline;
    private volatile boolean finished;
    private volatile boolean expired;
    private volatile boolean abandoned;
    private volatile Throwable failure;
    private volatile Runnable onFailureWhenAbandoned;

    /**
     * @param body     the rest of the chain
     * @param deadline the {@link System#nanoTime()} at which the waiter stops waiting
     */
    HandlerThread(Runnable body, long deadline) {
        this.body = body;
        this.waiter = Thread.currentThread();
        this.deadline = deadline;
    }

    /** Starts the handler on a new virtual thread named {@code name}. */
    void start(String name) {
        Thread.ofVirtual().name(name).start(this);
    }

    @Override
    public void run() {
        try {
            body.run();
        } catch (Throwable t) {
            failure = t;
        } finally {
            finished = true;
            LockSupport.unpark(waiter);
            if (abandoned && failure != null) {
                reportAbandonedFailure();
            }
        }
    }

    /**
     * Waits until the handler finishes or the deadline passes; {@code timed}: by a timed park of its own, else
     * until {@link #expire()} (the shared timer) or the end. True when the handler finished in time. An interrupt
     * ends the wait early, returning false with the thread's interrupt status set.
     */
    boolean awaitUntilDeadline(boolean timed) {
        while (!finished) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (timed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return finished;
                }
                LockSupport.parkNanos(this, left);
            } else {
                if (expired) {
                    return finished;
                }
                LockSupport.park(this);
            }
        }
        return true;
    }

    /** Waits (without deadline) until the handler finishes; false when interrupted first. */
    boolean awaitFinish() {
        while (!finished) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.park(this);
        }
        return true;
    }

    /** What the handler threw, once {@link #finished()}; null when it returned normally. */
    Throwable failure() {
        return failure;
    }

    boolean finished() {
        return finished;
    }

    /** The deadline, in {@link System#nanoTime()} terms. */
    long deadline() {
        return deadline;
    }

    /** Called by the shared timer at the deadline: wakes the waiter, which will stop waiting. */
    void expire() {
        expired = true;
        LockSupport.unpark(waiter);
    }

    /** The waiter answered the request without the handler: {@code report} gets told if the handler then fails. */
    void abandon(Runnable report) {
        onFailureWhenAbandoned = report;
        abandoned = true;
        if (finished && failure != null) {
            reportAbandonedFailure();
        }
    }

    private void reportAbandonedFailure() {
        Runnable r = onFailureWhenAbandoned;
        if (r != null) {
            r.run();
        }
    }
}
