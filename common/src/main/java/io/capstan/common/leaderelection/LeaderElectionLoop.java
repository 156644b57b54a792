package io.capstan.common.leaderelection;

import io.capstan.common.workqueue.Clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a service's work only while this process leads: it starts the work when the lease is won and
 * closes it when the lease is lost, then campaigns again. Upstream's components exit on a lost lease and
 * let their supervisor restart them; a local control plane has no supervisor, so this loop restarts the
 * work itself, building it afresh each term so no state leaks from one term into the next.
 */
public final class LeaderElectionLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderElectionLoop.class.getName());

    private final LeaderElector elector;
    private final Supplier<? extends AutoCloseable> work;
    private final AtomicReference<AutoCloseable> running = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param work starts the leader's work and returns what stops it; called once per term
     */
    public LeaderElectionLoop(LeaderElectionConfig config, ResourceLock lock, Clock clock, Supplier<? extends AutoCloseable> work) {
        this.work = work;
        this.elector = new LeaderElector(config, lock, new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                startWork();
            }

            @Override
            public void onStoppedLeading() {
                stopWork();
            }
        }, clock);
        this.thread = Thread.ofPlatform().name("leader-election-" + config.name()).daemon().unstarted(this::loop);
    }

    /** Starts campaigning. */
    public LeaderElectionLoop start() {
        thread.start();
        return this;
    }

    /** Whether this process leads now. */
    public boolean isLeading() {
        return running.get() != null;
    }

    /** The elector, for its health check and the observed leader. */
    public LeaderElector elector() {
        return elector;
    }

    /** Stops the work, releases the lease, and waits for both. */
    @Override
    public void close() {
        closed = true;
        elector.stop();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopWork();
    }

    private void loop() {
        while (!closed) {
            elector.run();
        }
    }

    private void startWork() {
        try {
            running.set(work.get());
        } catch (RuntimeException e) {
            // A leader without its work would hold the lease for nothing; give the lease up instead.
            LOG.log(Level.SEVERE, "could not start the leader's work; giving up the lease", e);
            elector.stop();
            closed = true;
        }
    }

    private void stopWork() {
        AutoCloseable current = running.getAndSet(null);
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the leader's work failed", e);
        }
    }
}
