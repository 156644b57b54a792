package io.capstan.e2e.conformance;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A watch's raw result channel for the sig-network twins: every event the watch delivers, in arrival
 * order, whatever its type (upstream's API-operation tests read {@code ResultChan()} directly and fail
 * on any event that is not MODIFIED), plus upstream's {@code watchtools.Until}: a watch started at a
 * resource version, read until a condition holds or a timeout passes. A watch that ends is reported to
 * the reader as closed, as a closed Go channel is.
 */
final class ResultChannel<T extends HasMetadata> implements Watcher<T>, AutoCloseable {
    /** One event: its type and object, or {@code closed} for the end of the watch. */
    record Event<T>(Action type, T object, String closed) {
    }

    private final BlockingQueue<Event<T>> events = new LinkedBlockingQueue<>();
    private volatile Watch watch;

    /** Opens the watch with {@code open} (given this channel as the watcher) and returns the channel. */
    static <T extends HasMetadata> ResultChannel<T> open(Function<Watcher<T>, Watch> open) {
        ResultChannel<T> channel = new ResultChannel<>();
        channel.watch = open.apply(channel);
        return channel;
    }

    /**
     * {@code watchtools.Until(ctx with timeout, ...)} on a watch {@code open} starts: true once an event
     * satisfies {@code condition}; false when {@code timeout} passes first (upstream's "timed out waiting
     * for the condition" error).
     */
    static <T extends HasMetadata> boolean until(Function<Watcher<T>, Watch> open, Duration timeout,
                                                 Predicate<Event<T>> condition) throws InterruptedException {
        try (ResultChannel<T> channel = open(open)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Event<T> e = channel.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (e == null) {
                    return false;
                }
                if (e.closed() == null && condition.test(e)) {
                    return true;
                }
            }
        }
    }

    @Override
    public void eventReceived(Action action, T resource) {
        events.add(new Event<>(action, resource, null));
    }

    @Override
    public void onClose(WatcherException cause) {
        events.add(new Event<>(null, null, "watch closed: " + cause.getMessage()));
    }

    @Override
    public void onClose() {
        events.add(new Event<>(null, null, "watch closed"));
    }

    /** The next event within {@code timeout}, or null; an event with {@code closed} set when the watch ended. */
    Event<T> next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        Watch w = watch;
        if (w != null) {
            w.close();
        }
    }
}
