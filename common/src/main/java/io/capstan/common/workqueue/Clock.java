package io.capstan.common.workqueue;

import java.time.Duration;
import java.time.Instant;

/**
 * A monotonic clock, injected so time-based queues and rate limiters are testable with {@link FakeClock}.
 */
public interface Clock {

    /** Monotonic nanoseconds, comparable only with other readings of the same clock. */
    long nanoTime();

    /**
     * Wall-clock time, for timestamps written to objects (a Lease's {@code renewTime}); never use it
     * to measure intervals. The default reads the system clock.
     */
    default Instant now() {
        return Instant.now();
    }

    /** Registers a callback run whenever a fake clock moves; the real clock never calls it. */
    default void onAdvance(Runnable listener) {
    }

    /** Sleeps {@code d} on this clock; a fake clock returns at once after advancing itself. */
    default void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d);
    }

    /** The system clock ({@link System#nanoTime()}). */
    static Clock system() {
        return System::nanoTime;
    }
}
