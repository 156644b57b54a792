package io.capstan.common.controller;

import io.capstan.common.client.RestClient;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.leaderelection.LeaderElectionConfig;
import io.capstan.common.leaderelection.LeaderElectionLoop;
import io.capstan.common.leaderelection.ResourceLock;
import io.capstan.common.server.HealthChecks;
import io.capstan.common.workqueue.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Runs controllers as controller-runtime's manager does: it makes a {@link Cluster} (informer
 * factories) per term, builds the controllers on it, starts the informers, and starts the controllers
 * (whose workers wait for the caches to sync). With leader election the term is a term as leader:
 * nothing runs until the lease is won, and everything stops (informers included) when it is lost or
 * the manager closes, which releases the lease. It reports {@code informer-sync} on {@code /readyz} and
 * {@code leaderElection} (a leader stuck without renewing; upstream's name) on {@code /livez} and
 * {@code /healthz}. With a meter registry, the gauges a term registers (its work queues') are removed
 * when it ends, so that the next term's queues report instead.
 */
public final class Manager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Manager.class.getName());
    /** client-go's default tolerance before a stuck leader fails its health check. */
    private static final Duration MAX_TOLERABLE_EXPIRED_LEASE = Duration.ofSeconds(20);

    private final RestClient client;
    private final Duration resync;
    private final List<Function<Cluster, ? extends Component>> controllers;
    private final MeterRegistry registry;
    private final LeaderElectionConfig electionConfig;
    private final ResourceLock lock;
    private final Clock clock;
    private final AtomicReference<Cluster> current = new AtomicReference<>();
    private AutoCloseable running;
    private LeaderElectionLoop election;

    private Manager(Builder b) {
        this.client = b.client;
        this.resync = b.resync;
        this.controllers = List.copyOf(b.controllers);
        this.electionConfig = b.electionConfig;
        this.lock = b.lock;
        this.clock = b.clock;
        this.registry = b.registry;
    }

    /** Starts building a manager whose informers use {@code client}. */
    public static Builder builder(RestClient client) {
        return new Builder(client);
    }

    /** Registers the health checks on {@code health}; call before {@link #start()}. */
    public Manager addHealthChecks(HealthChecks health) {
        // A candidate that does not lead runs no informers, so it has nothing to wait for.
        health.addReadiness("informer-sync", () -> hasSynced() ? null : "informers have not synced yet");
        health.addLiveness("leaderElection", () -> {
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
        Cluster cluster = current.get();
        return cluster == null || cluster.factories().stream().allMatch(SharedInformerFactory::hasSynced);
    }

    /** One term: fresh informers and controllers; the result stops them all. */
    private AutoCloseable startTerm() {
        Set<Meter> before = registry == null ? Set.of() : Set.copyOf(registry.getMeters());
        Cluster cluster = new Cluster(client, resync);
        List<Component> built = new ArrayList<>();
        try {
            for (Function<Cluster, ? extends Component> c : controllers) {
                built.add(c.apply(cluster));
            }
        } catch (RuntimeException e) {
            built.forEach(Component::close);
            cluster.factories().forEach(SharedInformerFactory::close);
            removeGauges(before);
            throw e;
        }
        cluster.factories().forEach(SharedInformerFactory::start);
        built.forEach(Component::start);
        current.set(cluster);
        LOG.info("started controllers " + built.stream().map(Component::name).toList());
        return () -> {
            current.compareAndSet(cluster, null);
            built.forEach(Component::close);
            cluster.factories().forEach(SharedInformerFactory::close);
            removeGauges(before);
            LOG.info("stopped controllers " + built.stream().map(Component::name).toList());
        };
    }

    private void removeGauges(Set<Meter> before) {
        if (registry != null) {
            registry.getMeters().stream().filter(m -> m instanceof Gauge && !before.contains(m)).toList().forEach(registry::remove);
        }
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
        private final List<Function<Cluster, ? extends Component>> controllers = new ArrayList<>();
        private MeterRegistry registry;
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
            Objects.requireNonNull(build, "controller");
            controllers.add(cluster -> build.apply(cluster.informers()));
            return this;
        }

        /**
         * A controller or other {@link Component}, built each term from that term's {@link Cluster}
         * (client and informer factories), as controller-runtime's {@code mgr.Add}.
         */
        public Builder add(Function<Cluster, ? extends Component> build) {
            controllers.add(Objects.requireNonNull(build, "controller"));
            return this;
        }

        /** Where the terms' work-queue gauges are registered; they are removed when the term ends. */
        public Builder meterRegistry(MeterRegistry r) {
            this.registry = Objects.requireNonNull(r, "registry");
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
                throw new IllegalStateException("a manager needs at least one controller or component");
            }
            return new Manager(this);
        }
    }
}
