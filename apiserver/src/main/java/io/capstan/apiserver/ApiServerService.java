package io.capstan.apiserver;

import io.capstan.apiserver.authentication.Authentication;
import io.capstan.apiserver.authentication.serviceaccount.StorageTokenGetter;
import io.capstan.apiserver.audit.AuditOptions;
import io.capstan.apiserver.audit.Backend;
import io.capstan.apiserver.audit.PolicyRuleEvaluator;
import io.capstan.apiserver.bootstrap.KubernetesService;
import io.capstan.apiserver.bootstrap.SystemNamespaces;
import io.capstan.apiserver.endpoints.ApiHandler;
import io.capstan.apiserver.endpoints.TokenSubresource;
import io.capstan.apiserver.filters.AuthenticationFilter;
import io.capstan.apiserver.endpoints.Discovery;
import io.capstan.apiserver.endpoints.VersionInfo;
import io.capstan.apiserver.endpoints.WatchResponder;
import io.capstan.apiserver.filters.AuditFilter;
import io.capstan.apiserver.filters.AuditInitFilter;
import io.capstan.apiserver.filters.FailedAuthenticationAuditFilter;
import io.capstan.apiserver.openapi.OpenApiV2;
import io.capstan.apiserver.openapi.OpenApiV3;
import io.capstan.apiserver.registry.BuiltinResources;
import io.capstan.apiserver.registry.ReviewResources;
import io.capstan.apiserver.authentication.TokenAuthenticator;
import io.capstan.apiserver.authorization.AlwaysAllowAuthorizer;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.authorization.RuleResolver;
import io.capstan.apiserver.filters.ImpersonationFilter;
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

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The API server: REST endpoints for the built-in API over etcd or embedded SQLite storage. */
public final class ApiServerService implements CapstanService {
    private final TokenAuthenticator tokenAuthenticator;
    private final List<String> apiAudiences;
    private final Authorizer authorizer;
    private final RuleResolver ruleResolver;

    /** The API server as its flags configure it: authentication and authorization built from them. */
    public ApiServerService() {
        this(null, null, null, null);
    }

    /**
     * A server whose review APIs and impersonation use these instead of what the flags configure (tests);
     * a null argument means "as configured".
     *
     * @param tokenAuthenticator the token authenticators TokenReview runs
     * @param apiAudiences       the server's own audiences (TokenReview's default)
     * @param authorizer         decides impersonation and the access reviews
     * @param ruleResolver       answers SelfSubjectRulesReview
     */
    public ApiServerService(TokenAuthenticator tokenAuthenticator, List<String> apiAudiences, Authorizer authorizer,
                            RuleResolver ruleResolver) {
        this.tokenAuthenticator = tokenAuthenticator;
        this.apiAudiences = apiAudiences == null ? null : List.copyOf(apiAudiences);
        this.authorizer = authorizer;
        this.ruleResolver = ruleResolver;
    }

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
        List<Flag> flags = new java.util.ArrayList<>(List.of(
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
                Flag.of("watch-bookmark-interval", "server.watch-bookmark-interval", "1m", "how often an idle watch that allows bookmarks receives one")));
        flags.addAll(Authentication.flags());
        flags.addAll(AuditOptions.flags());
        return flags;
    }

    @Override
    public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
        AuditOptions auditOptions = AuditOptions.from(config);
        PolicyRuleEvaluator auditPolicy = auditOptions.evaluator(); // an invalid policy fails startup here
        // Token validation reads service accounts, secrets, pods and nodes from the registry, which is built after
        // the resource list (the review resources need the token authenticator): the getter resolves it on use.
        AtomicReference<ResourceRegistry> registryRef = new AtomicReference<>();
        Authentication authentication = Authentication.fromConfig(config, new StorageTokenGetter(registryRef::get), Clock.systemUTC());
        TokenAuthenticator reviewTokens = tokenAuthenticator != null ? tokenAuthenticator : authentication.tokenAuthenticator();
        List<String> reviewAudiences = apiAudiences != null ? apiAudiences : authentication.apiAudiences();
        Authorizer authorizer = this.authorizer != null ? this.authorizer : new AlwaysAllowAuthorizer();
        RuleResolver ruleResolver = this.ruleResolver != null ? this.ruleResolver : new AlwaysAllowAuthorizer();
        List<ResourceDefinition> resources = ReviewResources.insert(BuiltinResources.all(),
                ReviewResources.all(reviewTokens, reviewAudiences, authorizer, ruleResolver));
        Storage backend = StorageBackend.open(config);
        Storage storage = config.get("storage.watch-cache").asBoolean().orElse(true)
                ? new WatchCache(backend, resources.stream().filter(d -> !d.createOnly()).map(ResourceDefinition::keyPrefix).distinct().toList(), WatchCacheOptions.defaults())
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
            registryRef.set(registry);
            AuthenticationFilter authenticationFilter = new AuthenticationFilter(authentication.authenticator(),
                    authentication.apiAudiences(), authentication.requestHeader());
            ApiHandler api = new ApiHandler(registry, discovery, watches, VersionInfo.current(), metrics,
                    new TokenSubresource(registry, authentication.tokenGenerator(), authentication.apiAudiences(),
                            authentication.maxTokenExpiration(), Clock.systemUTC()));
            Backend auditBackend = auditPolicy == null ? null : auditOptions.backend(Clock.systemUTC());
            return new Running() {
                @Override
                public List<Filter> filters() {
                    // Outermost first, as upstream's DefaultBuildHandlerChain runs them: authentication →
                    // audit → impersonation → flow control (it needs the user) → authorization; the
                    // request timeout wraps them all. Audit init (the Audit-Id header) is outermost, as upstream's
                    // WithAuditInit, so that every answer carries it; the audit filter goes right after authentication.
                    List<Filter> chain = new java.util.ArrayList<>();
                    chain.add(new AuditInitFilter());
                    if (auditBackend != null) {
                        chain.add(new FailedAuthenticationAuditFilter(auditPolicy, auditBackend, Clock.systemUTC())); // wraps authentication
                    }
                    chain.add(authenticationFilter);
                    if (auditBackend != null) {
                        chain.add(new AuditFilter(auditPolicy, auditBackend, Clock.systemUTC()));
                    }
                    chain.add(new ImpersonationFilter(authorizer));
                    return chain;
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
                    systemNamespaces.close();
                    kubernetesService.close();
                    runningCompactor.close();
                    storage.close();
                    if (auditBackend != null) {
                        auditBackend.close(); // flushes the audit log
                    }
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
