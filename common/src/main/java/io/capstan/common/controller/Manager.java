package io.capstan.common.controller;

import io.capstan.common.client.RestClient;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.leaderelection.LeaderElectionConfig;
import io.capstan.common.leaderelection.LeaderElectionLoop;
import io.capstan.common.leaderelection.ResourceLock;
import io.capstan.common.server.HealthChecks;
import io.capstan.common.workqueue.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Runs controllers as controller-runtime's manager does: it makes one {@link SharedInformerFactory}
 * per term, builds the controllers on it, starts the informers, and starts the controllers (whose
 * workers wait for the caches to sync). With leader election the term is a term as leader: nothing
 * runs until the lease is won, and everything stops (informers included) when it is lost or the
 * manager closes, which releases the lease. It reports {@code informer-sync} on {@code /readyz} and
 * {@code leader-election} (a leader stuck without renewing) on {@code /livez}.
 */
public final class Manager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Manager.class.getName());
    /** client-go's default tolerance before a stuck leader fails its health check. */
    private static final Duration MAX_TOLERABLE_EXPIRED_LEASE = Duration.ofSeconds(20);

    private final RestClient client;
    private final Duration resync;
    private final List<Function<SharedInformerFactory, Controller>> controllers;
    private final LeaderElectionConfig electionConfig;
    private final ResourceLock lock;
    private final Clock clock;
    private final AtomicReference<SharedInformerFactory> current = new AtomicReference<>();
    private AutoCloseable running;
    private LeaderElectionLoop election;

    private Manager(Builder b) {
        this.client = b.client;
        this.resync = b.resync;
        this.controllers = List.copyOf(b.controllers);
        this.electionConfig = b.electionConfig;
        this.lock = b.lock;
        this.clock = b.clock;
    }

    /** Starts building a manager whose informers use {@code client}. */
    public static Builder builder(RestClient client) {
        return new Builder(client);
    }

    /** Registers the health checks on {@code health}; call before {@link #start()}. */
    public Manager addHealthChecks(HealthChecks health) {
        // A candidate that does not lead runs no informers, so it has nothing to wait for.
        health.addReadiness("informer-sync", () -> hasSynced() ? null : "informers have not synced yet");
        health.addLiveness("leader-election", () -> {
            LeaderElectionLoop e = election;
            return e == null ? null : e.elector().check(MAX_TOLERABLE_EXPIRED_LEASE);
        });
        return this;
    }

    /** Starts campaigning, or, without leader election, starts the informers and controllers at once. */
    public synchronized Manager start() {
        if (running != null || election != null) {
            throw new IllegalStateException("manager already started");
        }
        if (lock == null) {
            running = startTerm();
        } else {
            election = new LeaderElectionLoop(electionConfig, lock, clock, this::startTerm).start();
        }
        return this;
    }

    /** True when this process runs the controllers now (always, without leader election, once started). */
    public boolean isLeading() {
        return current.get() != null;
    }

    /** True when not leading, or when every informer of this term has synced. */
    public boolean hasSynced() {
        SharedInformerFactory informers = current.get();
        return informers == null || informers.hasSynced();
    }

    /** One term: fresh informers and controllers; the result stops them all. */
    private AutoCloseable startTerm() {
        SharedInformerFactory informers = new SharedInformerFactory(client, resync);
        List<Controller> built = new ArrayList<>();
        for (Function<SharedInformerFactory, Controller> c : controllers) {
            built.add(c.apply(informers));
        }
        informers.start();
        built.forEach(Controller::start);
        current.set(informers);
        LOG.info("started controllers " + built.stream().map(Controller::name).toList());
        return () -> {
            current.compareAndSet(informers, null);
            built.forEach(Controller::close);
            informers.close();
            LOG.info("stopped controllers " + built.stream().map(Controller::name).toList());
        };
    }

    /** Stops the controllers and informers and, with leader election, releases the lease. */
    @Override
    public synchronized void close() {
        if (election != null) {
            election.close();
            election = null;
        }
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warning("stopping controllers failed: " + e);
            }
            running = null;
        }
    }

    /** Builds a {@link Manager}; fails fast in {@link #build()}. */
    public static final class Builder {
        private final RestClient client;
        private final List<Function<SharedInformerFactory, Controller>> controllers = new ArrayList<>();
        private Duration resync = Duration.ZERO;
        private LeaderElectionConfig electionConfig;
        private ResourceLock lock;
        private Clock clock = Clock.system();

        private Builder(RestClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * A controller, built each term on that term's informers, e.g.
         * {@code f -> Controller.builder("rs").forResource(f.informerFor(RS, ReplicaSet.class)).build(r)}.
         */
        public Builder controller(Function<SharedInformerFactory, Controller> build) {
            controllers.add(Objects.requireNonNull(build, "controller"));
            return this;
        }

        /** The informers' resync period (default none). */
        public Builder resync(Duration period) {
            this.resync = Objects.requireNonNull(period, "resync");
            return this;
        }

        /** Runs the controllers only while holding {@code lock}, with {@code config}'s timings. */
        public Builder leaderElection(LeaderElectionConfig config, ResourceLock resourceLock) {
            this.electionConfig = Objects.requireNonNull(config, "config");
            this.lock = Objects.requireNonNull(resourceLock, "lock");
            return this;
        }

        /** The clock of leader election (tests use a fake one). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The manager, not started. */
        public Manager build() {
            if (controllers.isEmpty()) {
                throw new IllegalStateException("a manager needs at least one controller");
            }
            return new Manager(this);
        }
    }
}
