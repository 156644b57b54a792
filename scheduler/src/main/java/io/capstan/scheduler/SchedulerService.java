package io.capstan.scheduler;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ClientFlags;
import io.capstan.common.client.RestClient;
import io.capstan.common.controller.Manager;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.leaderelection.LeaderElectionConfig;
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
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The scheduler service: informers on pods and nodes, a scheduling queue, and the {@link Scheduler}
 * loop, run by common's {@link Manager} only while holding the {@code kube-scheduler} Lease.
 */
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
        RestClient client = new RestClient(clientConfig);
        Manager.Builder builder = Manager.builder(client).meterRegistry(metrics).add(cluster -> {
            SharedInformer<Pod> pods = cluster.informers().informerFor(PODS, Pod.class);
            SharedInformer<Node> nodes = cluster.informers().informerFor(NODES, Node.class);
            return new Scheduler(pods, nodes, new RestPodWriter(cluster.client()), defaultAlgorithm(),
                    new SchedulingQueue(Clock.system(), metrics), metrics);
        });
        RestClient leaseClient = null;
        if (LeaderElectionFlags.enabled(config)) {
            LeaderElectionConfig timings = LeaderElectionFlags.config(config, LEASE_NAME);
            leaseClient = LeaderElectionFlags.leaseClient(clientConfig, timings);
            builder.leaderElection(timings, LeaderElectionFlags.lock(config, leaseClient, LEASE_NAME));
        }
        Manager manager = builder.build().addHealthChecks(health).start();
        LOG.info("scheduling pods with " + clientConfig.server()
                + (LeaderElectionFlags.enabled(config) ? " once elected leader" : ""));
        RestClient leases = leaseClient;
        return () -> {
            manager.close();
            if (leases != null) {
                leases.close();
            }
            client.close();
        };
    }
}
