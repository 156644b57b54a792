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

/**
 * A watch's result channel, as client-go's {@code watch.Interface.ResultChan()} gives upstream's tests:
 * ADDED, MODIFIED and DELETED events in arrival order, with the helpers upstream's watch tests use on it
 * ({@code expectEvent}, {@code expectNoEvent}, {@code waitForEvent}, {@code waitForNextConfigMapEvent}).
 * Bookmarks are not results (client-go's retry watcher drops them too). A watch the server ends with an
 * error is "closed unexpectedly", which fails the waiting test as upstream's helpers do.
 */
final class EventChannel<T extends HasMetadata> implements Watcher<T>, AutoCloseable {
    /** One event: its type and its object, or {@code closed} for the end of the watch. */
    record Event<T>(Action type, T object, String closed) {
    }

    private final BlockingQueue<Event<T>> events = new LinkedBlockingQueue<>();
    private volatile Watch watch;

    /** Opens the watch with {@code open} (given this channel as the watcher) and returns the channel. */
    static <T extends HasMetadata> EventChannel<T> open(Function<Watcher<T>, Watch> open) {
        EventChannel<T> channel = new EventChannel<>();
        channel.watch = open.apply(channel);
        return channel;
    }

    @Override
    public void eventReceived(Action action, T resource) {
        if (action == Action.ADDED || action == Action.MODIFIED || action == Action.DELETED) {
            events.add(new Event<>(action, resource, null));
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        events.add(new Event<>(null, null, "watch closed unexpectedly: " + cause.getMessage()));
    }

    @Override
    public void onClose() {
        events.add(new Event<>(null, null, "watch closed unexpectedly"));
    }

    /**
     * Upstream's {@code waitForEvent}: reads events until one has {@code type} and (when {@code expected}
     * is not null) an object equal to {@code expected}; null when {@code timeout} passes first.
     */
    Event<T> waitForEvent(Action type, T expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event<T> e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                return null;
            }
            if (e.closed() != null) {
                throw new AssertionError(e.closed());
            }
            if (e.type() == type && (expected == null || expected.equals(e.object()))) {
                return e;
            }
        }
    }

    /** Upstream's {@code expectEvent}: the event must come within a minute. */
    Event<T> expectEvent(Action type, T expected) throws InterruptedException {
        Event<T> e = waitForEvent(type, expected, Duration.ofMinutes(1));
        if (e == null) {
            throw new AssertionError("Timed out waiting for expected watch notification: " + type + " " + expected);
        }
        return e;
    }

    /** Upstream's {@code expectNoEvent}: no such event within 10 s. */
    void expectNoEvent(Action type, T unexpected) throws InterruptedException {
        Event<T> e = waitForEvent(type, unexpected, Duration.ofSeconds(10));
        if (e != null) {
            throw new AssertionError("Unexpected watch notification observed: " + e.type() + " " + e.object());
        }
    }

    /** Upstream's {@code waitForNextConfigMapEvent}: the next event's object, within 10 s. */
    T next() throws InterruptedException {
        Event<T> e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("timed out waiting for watch event");
        }
        if (e.closed() != null) {
            throw new AssertionError(e.closed());
        }
        return e.object();
    }

    @Override
    public void close() {
        Watch w = watch;
        if (w != null) {
            w.close();
        }
    }
}
