package io.capstan.scheduler;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ClientFlags;
import io.capstan.common.client.RestClient;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.leaderelection.LeaderElectionFlags;
import io.capstan.common.server.CapstanService;
import io.capstan.common.server.Flag;
import io.capstan.common.server.HealthChecks;
import io.capstan.common.workqueue.Clock;
import io.capstan.scheduler.framework.SchedulingAlgorithm;
import io.capstan.scheduler.plugins.NodeAffinity;
import io.capstan.scheduler.plugins.NodeReady;
import io.capstan.scheduler.plugins.NodeResourcesFit;
import io.capstan.scheduler.plugins.NodeUnschedulable;
import io.capstan.scheduler.plugins.TaintToleration;
import io.capstan.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.helidon.config.Config;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/** The scheduler service: informers on pods and nodes, a scheduling queue, and the {@link Scheduler} loop. */
public final class SchedulerService implements CapstanService {
    private static final Logger LOG = Logger.getLogger(SchedulerService.class.getName());
    static final String USER_AGENT = "capstan-scheduler/0.1.0";
    /** Upstream's lease name. */
    static final String LEASE_NAME = "kube-scheduler";
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");

    @Override
    public String name() {
        return "capstan-scheduler";
    }

    @Override
    public String description() {
        return "The Capstan scheduler assigns pending pods to nodes that can run them.";
    }

    @Override
    public List<Flag> flags() {
        List<Flag> flags = new ArrayList<>(ClientFlags.flags());
        flags.addAll(LeaderElectionFlags.flags("scheduling", LEASE_NAME));
        return flags;
    }

    /** The filters and scores of the default profile, in upstream's order. */
    static SchedulingAlgorithm defaultAlgorithm() {
        NodeResourcesFit fit = new NodeResourcesFit();
        return new SchedulingAlgorithm(
                List.of(new NodeReady(), new NodeUnschedulable(), new TaintToleration(), new NodeAffinity(), fit),
                List.of(fit));
    }

    @Override
    public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
        ClientConfig clientConfig = ClientFlags.clientConfig(config, USER_AGENT);
        AtomicReference<SharedInformerFactory> current = new AtomicReference<>();
        // A candidate that does not lead runs no informers, so it has nothing to wait for.
        health.addReadiness("informer-sync", () -> {
            SharedInformerFactory informers = current.get();
            return informers == null || informers.hasSynced() ? null : "informers have not synced yet";
        });
        AutoCloseable work = LeaderElectionFlags.runWhenLeading(config, clientConfig, LEASE_NAME, health,
                () -> startScheduling(clientConfig, metrics, current));
        LOG.info("scheduling pods with " + clientConfig.server()
                + (LeaderElectionFlags.enabled(config) ? " once elected leader" : ""));
        return () -> {
            try {
                work.close();
            } catch (Exception e) {
                LOG.warning("stopping the scheduler failed: " + e);
            }
        };
    }

    /** Builds and starts one term's client, informers, queue and scheduling loop; the result stops them. */
    private static AutoCloseable startScheduling(ClientConfig clientConfig, PrometheusMeterRegistry metrics,
                                                 AtomicReference<SharedInformerFactory> current) {
        Set<Meter> before = Set.copyOf(metrics.getMeters());
        RestClient client = new RestClient(clientConfig);
        SharedInformerFactory informers = new SharedInformerFactory(client, Duration.ZERO);
        SharedInformer<Pod> pods = informers.informerFor(PODS, Pod.class);
        SharedInformer<Node> nodes = informers.informerFor(NODES, Node.class);
        SchedulingQueue queue = new SchedulingQueue(Clock.system(), metrics);
        Scheduler scheduler = new Scheduler(pods, nodes, new RestPodWriter(client), defaultAlgorithm(), queue, metrics);
        informers.start();
        scheduler.start();
        current.set(informers);
        LOG.info("started scheduling");
        return () -> {
            current.compareAndSet(informers, null);
            scheduler.close();
            informers.close();
            client.close();
            // This term's gauges read this term's queues; a later term registers its own.
            metrics.getMeters().stream().filter(m -> m instanceof Gauge && !before.contains(m)).forEach(metrics::remove);
            LOG.info("stopped scheduling");
        };
    }
}
