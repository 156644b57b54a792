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
 * client-go's {@code watch.Interface.ResultChan()} read one event at a time, with its type, for upstream
 * tests that look at every event's type ({@code gomega.Expect(evt.Type).To(gomega.Equal(watch.Modified))})
 * or range over the channel until some type comes. The end of the watch is an event too: upstream's
 * {@code evt, ok := <-ch} with {@code ok == false}.
 */
final class ResultChan<T extends HasMetadata> implements Watcher<T>, AutoCloseable {
    /** One event; {@code type} is null when the watch ended ({@code closed} then says why). */
    record Event<T>(Action type, T object, String closed) {
    }

    private final BlockingQueue<Event<T>> events = new LinkedBlockingQueue<>();
    private volatile Watch watch;

    /** Opens the watch with {@code open} (given this channel as the watcher) and returns the channel. */
    static <T extends HasMetadata> ResultChan<T> open(Function<Watcher<T>, Watch> open) {
        ResultChan<T> channel = new ResultChan<>();
        channel.watch = open.apply(channel);
        return channel;
    }

    @Override
    public void eventReceived(Action action, T resource) {
        if (action != Action.BOOKMARK) {
            events.add(new Event<>(action, resource, null));
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        events.add(new Event<>(null, null, "watch closed: " + cause.getMessage()));
    }

    @Override
    public void onClose() {
        events.add(new Event<>(null, null, "watch closed"));
    }

    /** The next event (or the end of the watch), or null when {@code timeout} passes first. */
    Event<T> next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * {@code for watchEvent := range ch { if watchEvent.Type == type { found = true; break } }}: true once an
     * event of {@code type} comes, false when the watch ends first; {@code timeout} stands for the watch's
     * {@code TimeoutSeconds}, after which the server would end it.
     */
    boolean rangeUntil(Action type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event<T> e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null || e.type() == null) {
                return false;
            }
            if (e.type() == type) {
                return true;
            }
        }
    }

    /** {@code watch.Stop()}. */
    @Override
    public void close() {
        Watch w = watch;
        if (w != null) {
            w.close();
        }
    }
}
