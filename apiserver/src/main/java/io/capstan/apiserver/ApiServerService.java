package io.capstan.apiserver;

import io.capstan.apiserver.authentication.Authentication;
import io.capstan.apiserver.authentication.serviceaccount.StorageTokenGetter;
import io.capstan.apiserver.audit.AuditOptions;
import io.capstan.apiserver.audit.Backend;
import io.capstan.apiserver.audit.PolicyRuleEvaluator;
import io.capstan.apiserver.authorization.AuthorizationModes;
import io.capstan.apiserver.authorization.rbac.RBACAuthorizer;
import io.capstan.apiserver.authorization.rbac.WatchingPolicySource;
import io.capstan.apiserver.authorization.webhook.WebhookAuthorizer;
import io.capstan.apiserver.bootstrap.BootstrapRoles;
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
import io.capstan.apiserver.filters.AuthorizationFilter;
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
import io.capstan.apiserver.registry.StoreHooks;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.core.ServiceAccountAdmission;
import io.capstan.apiserver.registry.rbac.EscalationCheck;
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
     * A server whose review APIs and impersonation use these instead of what the flags configure (tests); the
     * authorization filter still runs the configured {@code --authorization-mode}. A null argument means "as configured".
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
                Flag.of("watch-bookmark-interval", "server.watch-bookmark-interval", "1m", "how often an idle watch that allows bookmarks receives one"),
                Flag.of("authorization-mode", "authorization.mode", AuthorizationModes.RBAC,
                        "ordered comma-separated list of authorization modes: AlwaysAllow, AlwaysDeny, RBAC, Webhook"),
                Flag.of("authorization-webhook-config-file", "authorization.webhook.config-file", "",
                        "a kubeconfig-format file naming the webhook that --authorization-mode=Webhook asks with SubjectAccessReview (authorization.k8s.io/v1)"),
                Flag.of("authorization-webhook-cache-authorized-ttl", "authorization.webhook.cache-authorized-ttl", "5m",
                        "how long the webhook's 'authorized' answers are cached"),
                Flag.of("authorization-webhook-cache-unauthorized-ttl", "authorization.webhook.cache-unauthorized-ttl", "30s",
                        "how long the webhook's 'unauthorized' answers are cached"),
                Flag.of("request-timeout", "server.request-timeout", "1m0s", "the longest a non-long-running request may take before it gets 504 Timeout; a request's timeout parameter may only shorten it"),
                Flag.of("max-requests-inflight", "server.max-requests-inflight", "400", "the most read-only requests served at once (0: no limit); with priority and fairness, this plus the next is the server's concurrency limit"),
                Flag.of("max-mutating-requests-inflight", "server.max-mutating-requests-inflight", "200", "the most mutating requests served at once (0: no limit)"),
                Flag.of("enable-priority-and-fairness", "server.enable-priority-and-fairness", "true", "API Priority and Fairness (FlowSchemas, PriorityLevelConfigurations); false: plain max-in-flight limits")));
        flags.addAll(Authentication.flags());
        flags.addAll(AuditOptions.flags());
        return flags;
    }

    @Override
    public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
        AuthorizationModes authorizationModes = AuthorizationModes.parse(config.get("authorization.mode").asString().orElse(AuthorizationModes.RBAC));
        AuditOptions auditOptions = AuditOptions.from(config);
        PolicyRuleEvaluator auditPolicy = auditOptions.evaluator(); // an invalid policy fails startup here
        // Token validation reads service accounts, secrets, pods and nodes from the registry, which is built after
        // the resource list (the review resources need the token authenticator): the getter resolves it on use.
        AtomicReference<ResourceRegistry> registryRef = new AtomicReference<>();
        Authentication authentication = Authentication.fromConfig(config, new StorageTokenGetter(registryRef::get), Clock.systemUTC());
        TokenAuthenticator reviewTokens = tokenAuthenticator != null ? tokenAuthenticator : authentication.tokenAuthenticator();
        List<String> reviewAudiences = apiAudiences != null ? apiAudiences : authentication.apiAudiences();
        // The authorizer reads roles and bindings from storage, opened below; the review resources and impersonation
        // are built before it and ask it through these references, set before the server listens.
        AtomicReference<Authorizer> authorizerRef = new AtomicReference<>(this.authorizer);
        AtomicReference<RuleResolver> rulesRef = new AtomicReference<>(this.ruleResolver);
        Authorizer authorizerView = attributes -> authorizerRef.get().authorize(attributes);
        RuleResolver rulesView = (user, namespace) -> rulesRef.get().rulesFor(user, namespace);
        List<ResourceDefinition> resources = ReviewResources.insert(BuiltinResources.all(),
                ReviewResources.all(reviewTokens, reviewAudiences, authorizerView, rulesView));
        Storage backend = StorageBackend.open(config);
        Storage storage = config.get("storage.watch-cache").asBoolean().orElse(true)
                ? new WatchCache(backend, resources.stream().filter(d -> !d.createOnly()).map(ResourceDefinition::keyPrefix).distinct().toList(), WatchCacheOptions.defaults())
                : backend;
        IntervalCompactor compactor = null;
        WatchingPolicySource policy = null;
        try {
            compactor = IntervalCompactor.start(storage,
                    GoDuration.parse(config.get("etcd.compaction-interval").asString().orElse("5m")));
            IntervalCompactor runningCompactor = compactor;
            ServiceIPRange serviceRange = ServiceIPRange.parse(config.get("services.cluster-ip-range").asString().orElse(ServiceIPRange.DEFAULT));
            ServiceAllocators serviceAllocators = new ServiceAllocators(storage, serviceRange,
                    PortRange.parse(config.get("services.node-port-range").asString().orElse(PortRange.DEFAULT)));
            // RBAC reads roles and bindings from memory, kept current by watches on the same storage; the
            // escalation checks of role and binding writes ask the same authorizer and rule resolver.
            policy = new WatchingPolicySource(storage).start(10);
            WatchingPolicySource runningPolicy = policy;
            RBACAuthorizer rbac = new RBACAuthorizer(policy);
            Authorizer authorizer = authorizationModes.build(() -> rbac, () -> webhookAuthorizer(config));
            authorizerRef.compareAndSet(null, authorizer); // a test's own authorizer answers reviews and impersonation
            rulesRef.compareAndSet(null, authorizationModes.has(AuthorizationModes.RBAC) ? rbac : new AlwaysAllowAuthorizer());
            Map<GroupVersionResource, StoreHooks> hooks = new java.util.HashMap<>();
            hooks.put(new GroupVersionResource("", "v1", "services"), serviceAllocators);
            for (String r : List.of("roles", "clusterroles", "rolebindings", "clusterrolebindings")) {
                hooks.put(new GroupVersionResource("rbac.authorization.k8s.io", "v1", r), new EscalationCheck(r, authorizer, rbac));
            }
            // Pod creates pass the ServiceAccount admission plugin, which reads the pod's account.
            GenericStore[] serviceAccounts = new GenericStore[1];
            hooks.put(new GroupVersionResource("", "v1", "pods"),
                    new ServiceAccountAdmission((namespace, name) -> serviceAccounts[0].find(namespace, name)));
            ResourceRegistry registry = new ResourceRegistry(storage, resources, hooks);
            serviceAccounts[0] = registry.core("serviceaccounts");
            SystemNamespaces systemNamespaces = new SystemNamespaces(registry.core("namespaces"));
            systemNamespaces.start();
            BootstrapRoles bootstrapRoles = new BootstrapRoles(registry);
            bootstrapRoles.start();
            health.addReadiness("poststarthook/rbac/bootstrap-roles",
                    () -> bootstrapRoles.done() ? null : "RBAC bootstrap policy not reconciled yet");
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
                    registry.store(new GroupVersionResource("discovery.k8s.io", "v1", "endpointslices")),
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
            FlowControl flowControl = FlowControl.start(config, registry, health, metrics);
            return new Running() {
                @Override
                public List<Filter> filters() {
                    // Outermost first, as upstream's DefaultBuildHandlerChain runs them: authentication →
                    // audit → impersonation → flow control (it needs the user) → authorization. Audit init (the
                    // Audit-Id header) is outermost, as upstream's WithAuditInit, so that every answer carries it.
                    List<Filter> chain = new java.util.ArrayList<>();
                    chain.add(new AuditInitFilter());
                    if (auditBackend != null) {
                        chain.add(new FailedAuthenticationAuditFilter(auditPolicy, auditBackend, Clock.systemUTC())); // wraps authentication
                    }
                    chain.add(authenticationFilter);
                    if (auditBackend != null) {
                        chain.add(new AuditFilter(auditPolicy, auditBackend, Clock.systemUTC()));
                    }
                    chain.add(new ImpersonationFilter(authorizerView));
                    chain.add(flowControl.filter());
                    chain.add(new AuthorizationFilter(authorizer));
                    // Innermost, unlike upstream (where it wraps authentication): it runs the rest of the chain on
                    // another thread behind a response stream filter, and Helidon then no longer sees a response
                    // that a filter after it sends itself (a 401, 403 or 429). The filters before it answer from
                    // memory, APF bounds its own queue wait, and webhooks have their own timeouts.
                    chain.add(flowControl.timeout());
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
                    flowControl.close();
                    bootstrapRoles.close();
                    runningPolicy.close();
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
            if (policy != null) {
                policy.close();
            }
            storage.close();
            throw e;
        }
    }

    /** {@code --authorization-mode=...,Webhook}: the webhook of {@code --authorization-webhook-config-file}. */
    private static Authorizer webhookAuthorizer(Config config) {
        String file = config.get("authorization.webhook.config-file").asString().orElse("");
        if (file.isEmpty()) {
            throw new io.capstan.common.server.UsageException(
                    "--authorization-mode=Webhook needs --authorization-webhook-config-file <kubeconfig-format file>");
        }
        try {
            return WebhookAuthorizer.fromConfigFile(java.nio.file.Path.of(file),
                    GoDuration.parse(config.get("authorization.webhook.cache-authorized-ttl").asString().orElse("5m")),
                    GoDuration.parse(config.get("authorization.webhook.cache-unauthorized-ttl").asString().orElse("30s")));
        } catch (Exception e) {
            throw new io.capstan.common.server.UsageException("--authorization-webhook-config-file " + file + ": " + e.getMessage());
        }
    }
}
