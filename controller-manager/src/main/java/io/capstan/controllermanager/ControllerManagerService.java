package io.capstan.controllermanager;

import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ClientFlags;
import io.capstan.common.client.RestClient;
import io.capstan.common.controller.Controller;
import io.capstan.common.controller.Manager;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.leaderelection.LeaderElectionConfig;
import io.capstan.common.leaderelection.LeaderElectionFlags;
import io.capstan.common.server.CapstanService;
import io.capstan.common.server.Flag;
import io.capstan.common.server.HealthChecks;
import io.capstan.common.server.UsageException;
import io.capstan.controllermanager.garbagecollector.GarbageCollector;
import io.capstan.controllermanager.namespace.NamespaceController;
import io.capstan.controllermanager.clusterroleaggregation.ClusterRoleAggregationController;
import io.capstan.controllermanager.rootcacertpublisher.Publisher;
import io.capstan.controllermanager.serviceaccount.ServiceAccountsController;
import io.capstan.controllermanager.serviceaccount.TokensController;
import io.helidon.config.Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The controller manager: one {@link Controller} per enabled controller on shared informers, run by
 * common's {@link Manager} (informers started and synced, controllers only while holding the
 * {@code kube-controller-manager} Lease, {@code informer-sync} and {@code leaderElection} health
 * checks), as kube-controller-manager.
 */
public final class ControllerManagerService implements CapstanService {
    private static final Logger LOG = Logger.getLogger(ControllerManagerService.class.getName());
    static final String USER_AGENT = "capstan-controller-manager/0.1.0";
    /** Upstream's lease name, so tools that look for the controller manager's leader find it. */
    static final String LEASE_NAME = "kube-controller-manager";

    /** A controller's constructor from the shared pieces. */
    private interface ControllerStarter extends Function<Context, Controller> {
    }

    /**
     * What every controller is built from; {@code genericInformers} is the garbage collector's factory of
     * metadata informers (upstream's collector has metadata informers of its own).
     */
    record Context(SharedInformerFactory informers, SharedInformerFactory genericInformers, RestClient client,
                   PrometheusMeterRegistry metrics, ServiceAccountCredentials credentials) {
    }

    /** The {@link io.capstan.common.controller.Cluster} factory of the garbage collector's metadata informers. */
    private static final String GENERIC_INFORMERS = "generic";

    /** Every controller this binary knows, by upstream name; all are on by default. */
    private static final Map<String, ControllerStarter> CONTROLLERS = Map.of(
            ServiceAccountsController.NAME, c -> ServiceAccountsController.controller(c.informers(), c.client(), c.metrics()),
            // These two need credentials; start() skips them (with a warning) when their flags are not set.
            TokensController.NAME, c -> TokensController.controller(c.informers(), c.client(), c.metrics(),
                    c.credentials().tokenGenerator().orElseThrow(), c.credentials().rootCa()),
            Publisher.NAME, c -> Publisher.controller(c.informers(), c.client(), c.metrics(),
                    new String(c.credentials().rootCa(), java.nio.charset.StandardCharsets.UTF_8)),
            NamespaceController.NAME, c -> NamespaceController.controller(c.informers(), c.client(), c.metrics()),
            GarbageCollector.NAME, c -> GarbageCollector.controller(c.genericInformers(), c.client(), c.metrics()),
            ClusterRoleAggregationController.NAME, c -> ClusterRoleAggregationController.controller(c.informers(), c.client(), c.metrics()));

    @Override
    public String name() {
        return "capstan-controller-manager";
    }

    @Override
    public String description() {
        return "The Capstan controller manager runs the control loops that move the cluster towards its desired state.";
    }

    @Override
    public List<Flag> flags() {
        List<Flag> flags = new ArrayList<>(ClientFlags.flags());
        flags.addAll(LeaderElectionFlags.flags("controllers", LEASE_NAME));
        flags.addAll(List.of(
                Flag.of("controllers", "controllers.enabled", "*",
                        "controllers to run: '*' for all, 'foo' to enable, '-foo' to disable; known: " + String.join(",", CONTROLLERS.keySet()))));
        flags.addAll(ServiceAccountCredentials.flags());
        return flags;
    }

    @Override
    public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
        Set<String> enabled = enabledControllers(config.get("controllers.enabled").asString().orElse("*"));
        ClientConfig clientConfig = ClientFlags.clientConfig(config, USER_AGENT);
        ServiceAccountCredentials credentials = ServiceAccountCredentials.fromConfig(config,
                clientConfig.tls() == null ? null : clientConfig.tls().caBytes());
        RestClient client = new RestClient(clientConfig);
        Manager.Builder builder = Manager.builder(client).meterRegistry(metrics);
        for (String name : enabled) {
            if (name.equals(TokensController.NAME) && credentials.tokenGenerator().isEmpty()) {
                LOG.warning(name + " is not started: no --service-account-private-key-file");
                continue;
            }
            if (name.equals(Publisher.NAME) && credentials.rootCa().length == 0) {
                LOG.warning(name + " is not started: no --root-ca-file");
                continue;
            }
            builder.add(cluster -> CONTROLLERS.get(name).apply(new Context(cluster.informers(),
                    cluster.informers(GENERIC_INFORMERS), cluster.client(), metrics, credentials)));
        }
        RestClient leaseClient = null;
        if (LeaderElectionFlags.enabled(config)) {
            LeaderElectionConfig timings = LeaderElectionFlags.config(config, LEASE_NAME);
            leaseClient = LeaderElectionFlags.leaseClient(clientConfig, timings);
            builder.leaderElection(timings, LeaderElectionFlags.lock(config, leaseClient, LEASE_NAME));
        }
        Manager manager = builder.build().addHealthChecks(health).start();
        LOG.info("talking to " + clientConfig.server() + "; controllers: " + enabled
                + (LeaderElectionFlags.enabled(config) ? " (once elected leader)" : ""));
        RestClient leases = leaseClient;
        return () -> {
            manager.close();
            if (leases != null) {
                leases.close();
            }
            client.close();
        };
    }

    /** upstream's {@code --controllers} semantics: {@code *} all, {@code foo} on, {@code -foo} off. */
    static Set<String> enabledControllers(String spec) {
        Set<String> on = new LinkedHashSet<>();
        Set<String> off = new LinkedHashSet<>();
        boolean all = false;
        for (String raw : spec.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("*")) {
                all = true;
                continue;
            }
            boolean disable = name.startsWith("-");
            String bare = disable ? name.substring(1) : name;
            if (!CONTROLLERS.containsKey(bare)) {
                throw new UsageException("--controllers: unknown controller \"" + bare + "\"; known: " + String.join(",", CONTROLLERS.keySet()));
            }
            (disable ? off : on).add(bare);
        }
        Set<String> result = new LinkedHashSet<>();
        for (String name : CONTROLLERS.keySet().stream().sorted().toList()) {
            if ((all || on.contains(name)) && !off.contains(name)) {
                result.add(name);
            }
        }
        return result;
    }
}
