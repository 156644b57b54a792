package io.capstan.apiserver.filters;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared timer of the requests whose deadline is the server's {@code --request-timeout}: as they all wait as
 * long, their deadlines come in the order they arrive, so a FIFO queue replaces a timer per request. One daemon
 * thread sleeps until the oldest deadline (or {@value #TICK_MILLIS} ms, to drop the handlers that finished), wakes
 * the waiters whose deadline passed, and goes away after a second with nothing queued.
 */
final class TimeoutQueue {
    static final long TICK_MILLIS = 100;
    private static final long TICK = Duration.ofMillis(TICK_MILLIS).toNanos();
    private static final long LINGER = Duration.ofSeconds(1).toNanos();

    private final ConcurrentLinkedQueue<HandlerThread> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /** Queues a handler whose deadline is at least as late as every one queued before it (give or take a tick). */
    void add(HandlerThread h) {
        queue.add(h);
        if (!running.get() && running.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("request-timeouts").start(this::loop);
        }
    }

    /** How many handlers are queued (finished ones included until the next tick). */
    int size() {
        return queue.size();
    }

    private void loop() {
        long idleSince = 0;
        long lastPurge = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            HandlerThread head;
            while ((head = queue.peek()) != null && (head.finished() || head.deadline() - now <= 0)) {
                queue.poll();
                if (!head.finished()) {
                    head.expire();
                }
            }
            if (now - lastPurge >= TICK) {
                // A slow request at the head must not keep every finished one behind it in memory.
                for (Iterator<HandlerThread> it = queue.iterator(); it.hasNext(); ) {
                    if (it.next().finished()) {
                        it.remove();
                    }
                }
                lastPurge = now;
            }
            if (head == null) {
                if (idleSince == 0) {
                    idleSince = now;
                } else if (now - idleSince >= LINGER) {
                    running.set(false);
                    // A request queued just now may have seen the flag still set: carry on for it.
                    if (queue.isEmpty() || !running.compareAndSet(false, true)) {
                        return;
                    }
                }
                LockSupport.parkNanos(this, TICK);
                continue;
            }
            idleSince = 0;
            LockSupport.parkNanos(this, Math.min(TICK, head.deadline() - now));
        }
    }
}
