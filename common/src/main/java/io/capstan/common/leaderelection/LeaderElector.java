package io.capstan.common.leaderelection;

import io.capstan.common.workqueue.Clock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Elects one leader among candidates sharing a {@link ResourceLock}, with client-go's semantics
 * ({@code tools/leaderelection}). {@link #run} acquires the lock (retrying every retry period, with
 * jitter), calls {@link LeaderCallbacks#onStartedLeading}, renews every retry period, and returns when
 * it could not renew within the renew deadline or when {@link #stop} was called; it then calls
 * {@link LeaderCallbacks#onStoppedLeading} and, if configured, releases the lock.
 *
 * <p>Safety rests on time, as upstream: a candidate takes over only when the record it observed has not
 * changed for the lease duration on its own clock, while the leader stops once the renew deadline
 * (shorter) has passed since its last successful renewal. Each write is a compare-and-swap on the
 * lock's version, so two candidates never win the same round.
 */
public final class LeaderElector {
    private static final Logger LOG = Logger.getLogger(LeaderElector.class.getName());

    private final LeaderElectionConfig config;
    private final ResourceLock lock;
    private final LeaderCallbacks callbacks;
    private final Clock clock;

    private volatile LeaderElectionRecord observedRecord;
    /** Monotonic reading of when {@link #observedRecord} last changed or was written by us. */
    private volatile long observedNanos;
    private volatile String reportedLeader;
    private volatile boolean stopped;
    private volatile Thread runner;

    public LeaderElector(LeaderElectionConfig config, ResourceLock lock, LeaderCallbacks callbacks, Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.lock = Objects.requireNonNull(lock);
        this.callbacks = Objects.requireNonNull(callbacks);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Campaigns, leads while it can, and returns. Blocks the calling thread. May be called again after it
     * returned because leadership was lost; after {@link #stop} it returns at once.
     */
    public void run() {
        runner = Thread.currentThread();
        try {
            if (acquire()) {
                callbacks.onStartedLeading();
                renew();
            }
        } finally {
            // Clears an interrupt from stop(), so stopping the work and releasing can still block.
            Thread.interrupted();
            try {
                callbacks.onStoppedLeading();
            } finally {
                if (config.releaseOnCancel()) {
                    attempt(this::release, config.renewDeadline().toNanos());
                }
                runner = null;
            }
        }
    }

    /** Makes {@link #run} stop leading (or campaigning) and return; safe from any thread. */
    public void stop() {
        stopped = true;
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Whether the last observed record names this candidate. */
    public boolean isLeader() {
        LeaderElectionRecord record = observedRecord;
        return record != null && record.holderIdentity().equals(lock.identity());
    }

    /** The identity in the last observed record; empty when none was seen or the lock is released. */
    public String getLeader() {
        LeaderElectionRecord record = observedRecord;
        return record == null ? "" : record.holderIdentity();
    }

    /**
     * client-go's {@code HealthzAdaptor.Check}: fails when this candidate believes it leads but has not
     * renewed for longer than the lease duration plus {@code maxTolerableExpiredLease}, i.e. it is stuck.
     *
     * @return null when healthy, else the reason
     */
    public String check(Duration maxTolerableExpiredLease) {
        if (!isLeader()) {
            return null;
        }
        long since = clock.nanoTime() - observedNanos;
        if (since > config.leaseDuration().plus(maxTolerableExpiredLease).toNanos()) {
            return "failed election to renew leadership on lease " + lock.describe();
        }
        return null;
    }

    private boolean acquire() {
        LOG.info("attempting to acquire leader lease " + lock.describe() + " as " + lock.identity());
        while (!stopped) {
            boolean acquired = attempt(this::tryAcquireOrRenew, 0);
            maybeReportTransition();
            if (acquired) {
                LOG.info("successfully acquired lease " + lock.describe());
                return true;
            }
            long jitter = (long) (ThreadLocalRandom.current().nextDouble() * LeaderElectionConfig.JITTER_FACTOR
                    * config.retryPeriod().toNanos());
            sleep(config.retryPeriod().plusNanos(jitter));
        }
        return false;
    }

    /** Renews every retry period until a renewal could not succeed within the renew deadline, or stop. */
    private void renew() {
        long lastRenewed = observedNanos;
        while (!stopped) {
            sleep(config.retryPeriod());
            while (!stopped) {
                long remaining = lastRenewed + config.renewDeadline().toNanos() - clock.nanoTime();
                if (remaining <= 0) {
                    LOG.warning("failed to renew lease " + lock.describe() + " within " + config.renewDeadline() + "; stopping leading");
                    return;
                }
                if (attempt(this::tryAcquireOrRenew, remaining)) {
                    lastRenewed = observedNanos;
                    break;
                }
                maybeReportTransition();
                if (!isLeader()) {
                    LOG.warning("lease " + lock.describe() + " is now held by " + getLeader() + "; stopping leading");
                    return;
                }
                sleep(Duration.ofNanos(Math.min(remaining, config.retryPeriod().toNanos())));
            }
        }
        LOG.info("stopped renewing lease " + lock.describe());
    }

    /**
     * One read-check-write round, as client-go's {@code tryAcquireOrRenew}.
     *
     * @return whether this candidate holds the lock afterwards
     */
    synchronized boolean tryAcquireOrRenew() {
        long nowNanos = clock.nanoTime();
        var now = clock.now();
        int leaseSeconds = (int) config.leaseDuration().toSeconds();
        // Fast path: a leader whose lease is still valid renews without reading first.
        if (isLeader() && isLeaseValid(nowNanos)) {
            LeaderElectionRecord old = observedRecord;
            LeaderElectionRecord renewed = new LeaderElectionRecord(lock.identity(), leaseSeconds, old.acquireTime(), now, old.leaseTransitions());
            try {
                lock.update(renewed);
                setObserved(renewed, nowNanos);
                return true;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "renewing " + lock.describe() + " without a read failed; reading it", e);
            }
        }
        LeaderElectionRecord current;
        try {
            current = lock.get();
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "error retrieving lease " + lock.describe() + ": " + e.getMessage());
            return false;
        }
        if (current == null) {
            LeaderElectionRecord created = new LeaderElectionRecord(lock.identity(), leaseSeconds, now, now, 0);
            try {
                lock.create(created);
            } catch (RuntimeException e) {
                LOG.log(Level.INFO, "error creating lease " + lock.describe() + ": " + e.getMessage());
                return false;
            }
            setObserved(created, nowNanos);
            return true;
        }
        if (!current.equals(observedRecord)) {
            setObserved(current, nowNanos);
        }
        if (!current.holderIdentity().isEmpty() && isLeaseValid(nowNanos) && !isLeader()) {
            LOG.fine(() -> "lease " + lock.describe() + " is held by " + current.holderIdentity() + " and has not yet expired");
            return false;
        }
        LeaderElectionRecord next = isLeader()
                ? new LeaderElectionRecord(lock.identity(), leaseSeconds, current.acquireTime(), now, current.leaseTransitions())
                : new LeaderElectionRecord(lock.identity(), leaseSeconds, now, now, current.leaseTransitions() + 1);
        try {
            lock.update(next);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "failed to update lease " + lock.describe() + ": " + e.getMessage());
            return false;
        }
        setObserved(next, nowNanos);
        return true;
    }

    /** client-go's {@code release}: an empty holder and a one-second lease, so a successor need not wait. */
    synchronized boolean release() {
        if (!isLeader()) {
            return true;
        }
        var now = clock.now();
        LeaderElectionRecord released = new LeaderElectionRecord("", 1, now, now, observedRecord.leaseTransitions());
        try {
            lock.update(released);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "failed to release lease " + lock.describe() + ": " + e.getMessage());
            return false;
        }
        setObserved(released, clock.nanoTime());
        LOG.info("released lease " + lock.describe());
        return true;
    }

    private boolean isLeaseValid(long nowNanos) {
        return observedNanos + observedRecord.leaseDurationSeconds() * 1_000_000_000L > nowNanos;
    }

    private void setObserved(LeaderElectionRecord record, long nanos) {
        observedRecord = record;
        observedNanos = nanos;
    }

    private void maybeReportTransition() {
        String leader = getLeader();
        if (observedRecord == null || leader.equals(reportedLeader)) {
            return;
        }
        reportedLeader = leader;
        if (!leader.isEmpty()) {
            LOG.info("new leader for " + lock.describe() + ": " + leader);
            callbacks.onNewLeader(leader);
        }
    }

    /**
     * Runs one round on its own virtual thread, so a hung request cannot hold a leader past its deadline
     * and {@link #stop} never interrupts a request half-way through the client.
     *
     * @param timeoutNanos how long to wait for it; 0 for as long as the client's own timeout
     */
    private boolean attempt(BooleanSupplier round, long timeoutNanos) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("leader-election-" + lock.describe()).start(() -> {
            try {
                result.complete(round.getAsBoolean());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return timeoutNanos > 0 ? result.get(timeoutNanos, TimeUnit.NANOSECONDS) : result.get();
        } catch (TimeoutException e) {
            thread.interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "leader election round on " + lock.describe() + " failed", e.getCause());
            return false;
        } catch (InterruptedException e) {
            stopped = true;
            return false;
        }
    }

    private void sleep(Duration d) {
        try {
            clock.sleep(d);
        } catch (InterruptedException e) {
            // Only stop() interrupts the campaign; an interrupt from elsewhere means the same.
            stopped = true;
        }
    }
}
