package io.capstan.apiserver.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@link WatchListener} for tests: records every call, lets a test wait for them, and notices
 * contract violations (overlapping calls, calls after the watch ended).
 */
public final class RecordingListener implements WatchListener {
    private final long delayMillisPerEvent;
    private final AtomicInteger inCall = new AtomicInteger();
    private final List<WatchEvent> events = new ArrayList<>();
    private final List<Long> progress = new ArrayList<>();
    private StorageException error;
    private int closedCalls;
    private boolean overlapped;
    private boolean calledAfterEnd;

    public RecordingListener() {
        this(0);
    }

    /** A listener that takes {@code delayMillisPerEvent} per event, to play a slow consumer. */
    public RecordingListener(long delayMillisPerEvent) {
        this.delayMillisPerEvent = delayMillisPerEvent;
    }

    @Override
    public void onEvent(WatchEvent event) {
        enter();
        try {
            if (delayMillisPerEvent > 0) {
                sleep(delayMillisPerEvent);
            }
            synchronized (this) {
                events.add(event);
                notifyAll();
            }
        } finally {
            inCall.decrementAndGet();
        }
    }

    @Override
    public void onProgress(long revision) {
        enter();
        try {
            synchronized (this) {
                progress.add(revision);
                notifyAll();
            }
        } finally {
            inCall.decrementAndGet();
        }
    }

    @Override
    public void onError(StorageException e) {
        enter();
        try {
            synchronized (this) {
                error = e;
                notifyAll();
            }
        } finally {
            inCall.decrementAndGet();
        }
    }

    @Override
    public void onClosed() {
        enter();
        try {
            synchronized (this) {
                closedCalls++;
                notifyAll();
            }
        } finally {
            inCall.decrementAndGet();
        }
    }

    /** Waits until at least {@code count} events arrived; fails the test on timeout. */
    public synchronized List<WatchEvent> awaitEvents(int count, Duration timeout) {
        awaitCondition(() -> events.size() >= count || error != null, timeout,
                () -> "expected " + count + " events, got " + events.size());
        if (error != null) {
            fail("watch failed while waiting for events: " + error, error);
        }
        return List.copyOf(events);
    }

    /** Waits for {@code count} progress notifications at or above {@code minRevision}. */
    public synchronized List<Long> awaitProgress(long minRevision, int count, Duration timeout) {
        awaitCondition(() -> progress.stream().filter(r -> r >= minRevision).count() >= count, timeout,
                () -> "expected " + count + " progress notifications >= " + minRevision + ", got " + progress);
        return List.copyOf(progress);
    }

    /** Waits for onError. */
    public synchronized StorageException awaitError(Duration timeout) {
        awaitCondition(() -> error != null, timeout, () -> "expected onError; events so far: " + events.size());
        return error;
    }

    /** Waits for onClosed. */
    public synchronized void awaitClosed(Duration timeout) {
        awaitCondition(() -> closedCalls > 0, timeout, () -> "expected onClosed");
    }

    public synchronized List<WatchEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<Long> progress() {
        return List.copyOf(progress);
    }

    public synchronized StorageException error() {
        return error;
    }

    public synchronized int closedCalls() {
        return closedCalls;
    }

    /** True if two calls ever overlapped or a call came after onError/onClosed. */
    public synchronized boolean violatedContract() {
        return overlapped || calledAfterEnd || closedCalls > 1;
    }

    private void enter() {
        if (inCall.incrementAndGet() > 1) {
            synchronized (this) {
                overlapped = true;
            }
        }
        synchronized (this) {
            if (error != null || closedCalls > 0) {
                calledAfterEnd = true;
            }
        }
    }

    private void awaitCondition(BooleanSupplier condition, Duration timeout,
                                Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(message.get());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
