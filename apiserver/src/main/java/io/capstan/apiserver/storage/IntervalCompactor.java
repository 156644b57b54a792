package io.capstan.apiserver.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Compacts storage history on an interval, as upstream's etcd3 compactor does
 * ({@code --etcd-compaction-interval}): at every tick it compacts to the revision it saw at the
 * <em>previous</em> tick, so the history window is always at least one interval long and a watcher
 * that reconnects within an interval can resume without a 410.
 */
public final class IntervalCompactor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IntervalCompactor.class.getName());

    private final Storage storage;
    private final ScheduledExecutorService timer;
    private long seenAtLastTick;
    private long compactedTo;

    private IntervalCompactor(Storage storage, ScheduledExecutorService timer) {
        this.storage = storage;
        this.timer = timer;
    }

    /**
     * Starts compacting {@code storage} every {@code interval}.
     *
     * @return the running compactor, or a stopped one when {@code interval} is zero (compaction disabled)
     */
    public static IntervalCompactor start(Storage storage, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return new IntervalCompactor(storage, null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storage-compactor");
            t.setDaemon(true);
            return t;
        });
        IntervalCompactor c = new IntervalCompactor(storage, timer);
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(c::tickQuietly, ms, ms, TimeUnit.MILLISECONDS);
        return c;
    }

    /** A compactor that only runs when {@link #tick()} is called; for tests. */
    static IntervalCompactor manual(Storage storage) {
        return new IntervalCompactor(storage, null);
    }

    /**
     * One tick: compacts to the revision seen at the previous tick (if it is newer than the last
     * compaction), then remembers the current revision for the next tick.
     *
     * @return the revision compacted to, or 0 when this tick compacted nothing
     */
    synchronized long tick() {
        long current = storage.currentRevision();
        long target = seenAtLastTick;
        seenAtLastTick = current;
        if (target <= compactedTo) {
            return 0;
        }
        long started = System.nanoTime();
        storage.compact(target);
        compactedTo = target;
        LOG.info(() -> "compacted storage to revision " + target + " (current " + current + ") in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + "ms");
        return target;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The next tick retries; a storage outage must not stop compaction for good.
            LOG.log(Level.WARNING, "compaction failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
