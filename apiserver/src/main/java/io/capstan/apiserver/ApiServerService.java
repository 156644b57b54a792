package io.capstan.apiserver;

import io.capstan.apiserver.bootstrap.KubernetesService;
import io.capstan.apiserver.bootstrap.SystemNamespaces;
import io.capstan.apiserver.endpoints.ApiHandler;
import io.capstan.apiserver.endpoints.Discovery;
import io.capstan.apiserver.endpoints.VersionInfo;
import io.capstan.apiserver.endpoints.WatchResponder;
import io.capstan.apiserver.openapi.OpenApiV2;
import io.capstan.apiserver.openapi.OpenApiV3;
import io.capstan.apiserver.registry.BuiltinResources;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.apiserver.registry.core.service.PortRange;
import io.capstan.apiserver.registry.core.service.ServiceAllocators;
import io.capstan.apiserver.registry.core.service.ServiceIPRange;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.apiserver.storage.IntervalCompactor;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.cache.WatchCache;
import io.capstan.apiserver.storage.cache.WatchCacheOptions;
import io.capstan.common.server.CapstanService;
import io.capstan.common.server.Flag;
import io.capstan.common.server.GoDuration;
import io.capstan.common.server.HealthChecks;
import io.helidon.config.Config;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRules;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The API server: REST endpoints for the built-in API over etcd or embedded SQLite storage. */
public final class ApiServerService implements CapstanService {

    @Override
    public String name() {
        return "capstan-apiserver";
    }

    @Override
    public String description() {
        return "The Capstan API server validates and configures data for the API objects (namespaces, pods, nodes,\n"
                + "configmaps, ...) and serves the Kubernetes REST API, backed by embedded SQLite or etcd.";
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                Flag.of("storage-backend", "storage.backend", "sqlite", "the storage backend: sqlite (embedded, one file) or etcd3"),
                Flag.of("data-dir", "storage.data-dir", "./data", "the directory of the SQLite database (with --storage-backend sqlite)"),
                Flag.of("etcd-servers", "etcd.servers", "", "comma-separated etcd endpoints, e.g. http://127.0.0.1:2379 (with --storage-backend etcd3)"),
                Flag.of("etcd-request-timeout", "etcd.request-timeout", "10s", "how long one etcd request may take before it fails"),
                Flag.of("watch-cache", "storage.watch-cache", "true", "serve watches, resourceVersion=0 and consistent lists of every resource from an in-memory cache"),
                Flag.of("etcd-compaction-interval", "etcd.compaction-interval", "5m", "the interval of compaction requests; each compacts to the revision seen at the previous one (0 disables; any storage backend)"),
                Flag.of("advertise-address", "server.advertise-address", "", "the address clients should use, shown in discovery (default: bind address and port)"),
                Flag.of("min-request-timeout", "server.min-request-timeout", "1800", "seconds; a watch without timeoutSeconds ends after a random time between this and twice it"),
                Flag.of("service-cluster-ip-range", "services.cluster-ip-range", ServiceIPRange.DEFAULT, "the IPv4 CIDR from which Service cluster IPs are allocated"),
                Flag.of("service-node-port-range", "services.node-port-range", PortRange.DEFAULT, "the port range reserved for Services of type NodePort and LoadBalancer"),
                Flag.of("watch-bookmark-interval", "server.watch-bookmark-interval", "1m", "how often an idle watch that allows bookmarks receives one"),
                Flag.of("request-timeout", "server.request-timeout", "1m0s", "the longest a non-long-running request may take before it gets 504 Timeout; a request's timeout parameter may only shorten it"),
                Flag.of("max-requests-inflight", "server.max-requests-inflight", "400", "the most read-only requests served at once (0: no limit); with priority and fairness, this plus the next is the server's concurrency limit"),
                Flag.of("max-mutating-requests-inflight", "server.max-mutating-requests-inflight", "200", "the most mutating requests served at once (0: no limit)"),
                Flag.of("enable-priority-and-fairness", "server.enable-priority-and-fairness", "true", "API Priority and Fairness (FlowSchemas, PriorityLevelConfigurations); false: plain max-in-flight limits"));
    }

    @Override
    public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
        List<ResourceDefinition> resources = BuiltinResources.all();
        Storage backend = StorageBackend.open(config);
        Storage storage = config.get("storage.watch-cache").asBoolean().orElse(true)
                ? new WatchCache(backend, resources.stream().map(ResourceDefinition::keyPrefix).distinct().toList(), WatchCacheOptions.defaults())
                : backend;
        IntervalCompactor compactor = null;
        try {
            compactor = IntervalCompactor.start(storage,
                    GoDuration.parse(config.get("etcd.compaction-interval").asString().orElse("5m")));
            IntervalCompactor runningCompactor = compactor;
            ServiceIPRange serviceRange = ServiceIPRange.parse(config.get("services.cluster-ip-range").asString().orElse(ServiceIPRange.DEFAULT));
            ServiceAllocators serviceAllocators = new ServiceAllocators(storage, serviceRange,
                    PortRange.parse(config.get("services.node-port-range").asString().orElse(PortRange.DEFAULT)));
            ResourceRegistry registry = new ResourceRegistry(storage, resources,
                    Map.of(new GroupVersionResource("", "v1", "services"), serviceAllocators));
            SystemNamespaces systemNamespaces = new SystemNamespaces(registry.core("namespaces"));
            systemNamespaces.start();
            health.addLiveness("etcd", () -> {
                storage.currentRevision();
                return null;
            });
            health.addReadiness("poststarthook/bootstrap-system-namespaces",
                    () -> systemNamespaces.done() ? null : "system namespaces not created yet");
            String host = config.get("server.host").asString().orElse("127.0.0.1");
            int port = config.get("server.port").asInt().orElse(6444);
            String advertise = config.get("server.advertise-address").asString().orElse("");
            String advertiseHost = advertise.isEmpty() ? host : advertise.replaceFirst(":\\d+$", "");
            KubernetesService kubernetesService = new KubernetesService(registry.core("services"), registry.core("endpoints"),
                    serviceRange.ipAt(0), ServiceIPRange.isIPv4(advertiseHost) && !advertiseHost.equals("0.0.0.0") ? advertiseHost : "127.0.0.1",
                    port > 0 ? port : 443);
            kubernetesService.start();
            Discovery discovery = new Discovery(registry, advertise.isEmpty() ? host + ":" + port : advertise);
            WatchResponder watches = new WatchResponder(
                    GoDuration.parse(config.get("server.watch-bookmark-interval").asString().orElse("1m")),
                    Duration.ofSeconds(config.get("server.min-request-timeout").asLong().orElse(1800L)));
            metrics.gauge("apiserver_longrunning_requests", watches, WatchResponder::activeCount);
            OpenApiV3 openApi = new OpenApiV3(registry);
            OpenApiV2 openApiV2 = new OpenApiV2(registry, openApi);
            ApiHandler api = new ApiHandler(registry, discovery, watches, VersionInfo.current(), metrics);
            FlowControl flowControl = FlowControl.start(config, registry, health, metrics);
            return new Running() {
                @Override
                public List<Filter> filters() {
                    // Outermost first, as upstream's DefaultBuildHandlerChain runs them: authentication →
                    // audit → impersonation → flow control (it needs the user) → authorization; the
                    // request timeout wraps them all.
                    return List.of(flowControl.timeout(), flowControl.filter());
                }

                @Override
                public void routing(HttpRules rules) {
                    rules.register(openApi);
                    rules.register(openApiV2);
                    rules.register(api);
                }

                @Override
                public void beforeStop() {
                    watches.stopAll();
                }

                @Override
                public void close() {
                    flowControl.close();
                    systemNamespaces.close();
                    kubernetesService.close();
                    runningCompactor.close();
                    storage.close();
                }
            };
        } catch (RuntimeException e) {
            if (compactor != null) {
                compactor.close();
            }
            storage.close();
            throw e;
        }
    }
}
