package io.capstan.common.workqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to, for tests; it wakes waiting queues when it moves. */
public final class FakeClock implements Clock {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /** Wall time moves with the monotonic reading, from a fixed start, so tests are repeatable. */
    @Override
    public Instant now() {
        return START.plusNanos(nanos.get());
    }

    @Override
    public void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void sleep(Duration d) {
        advance(d);
    }

    /** Moves the clock forward by {@code d} and wakes whoever waits on it. */
    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        listeners.forEach(Runnable::run);
    }
}
