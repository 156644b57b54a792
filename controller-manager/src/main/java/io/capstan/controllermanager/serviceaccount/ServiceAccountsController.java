package io.capstan.controllermanager.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;
import io.capstan.common.controller.Controller;
import io.capstan.common.controller.Reconciler;
import io.capstan.common.controller.Request;
import io.capstan.common.controller.Result;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Ensures every active namespace has the {@code default} ServiceAccount, as upstream's
 * ServiceAccountsController: it reconciles namespaces, and a deleted ServiceAccount queues its
 * namespace so that {@code default} is recreated.
 */
public final class ServiceAccountsController implements Reconciler {
    private static final Logger LOG = Logger.getLogger(ServiceAccountsController.class.getName());
    /** The controller's upstream name, used for {@code --controllers} and workqueue metrics. */
    public static final String NAME = "serviceaccount";
    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    static final GroupVersionResource SERVICE_ACCOUNTS = new GroupVersionResource("", "v1", "serviceaccounts");

    private final Lister<Namespace> namespaces;
    private final Lister<ServiceAccount> serviceAccounts;
    private final ResourceInterface serviceAccountClient;
    private final List<String> managedNames;

    /**
     * @param namespaces           the namespace cache
     * @param serviceAccounts      the service-account cache
     * @param serviceAccountClient creates service accounts (cluster-wide; narrowed per namespace)
     * @param managedNames         the accounts every namespace gets, upstream: {@code default}
     */
    public ServiceAccountsController(Lister<Namespace> namespaces, Lister<ServiceAccount> serviceAccounts,
                                     ResourceInterface serviceAccountClient, List<String> managedNames) {
        this.namespaces = namespaces;
        this.serviceAccounts = serviceAccounts;
        this.serviceAccountClient = serviceAccountClient;
        this.managedNames = List.copyOf(managedNames);
    }

    /** The running controller: namespaces are its resource, service accounts map to their namespace. */
    public static Controller controller(SharedInformerFactory informers, RestClient client, MeterRegistry metrics) {
        SharedInformer<Namespace> nsInformer = informers.informerFor(NAMESPACES, Namespace.class);
        SharedInformer<ServiceAccount> saInformer = informers.informerFor(SERVICE_ACCOUNTS, ServiceAccount.class);
        ServiceAccountsController reconciler = new ServiceAccountsController(nsInformer.lister(), saInformer.lister(),
                client.resource(SERVICE_ACCOUNTS), List.of("default"));
        return Controller.builder(NAME)
                .forResource(nsInformer)
                .watches(saInformer, sa -> List.of(Request.of(sa.getMetadata().getNamespace())))
                .meterRegistry(metrics)
                .build(reconciler);
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Namespace> found = namespaces.get(request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        Namespace ns = found.get();
        String phase = ns.getStatus() == null ? null : ns.getStatus().getPhase();
        // Only active namespaces: creating into a terminating one fails and would hold up its deletion.
        if (ns.getMetadata().getDeletionTimestamp() != null || (phase != null && !phase.isEmpty() && !"Active".equals(phase))) {
            return Result.done();
        }
        for (String name : managedNames) {
            if (serviceAccounts.get(ns.getMetadata().getName(), name).isPresent()) {
                continue;
            }
            ObjectNode sa = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ServiceAccount");
            sa.putObject("metadata").put("name", name).put("namespace", ns.getMetadata().getName());
            try {
                serviceAccountClient.namespace(ns.getMetadata().getName()).create(sa);
                LOG.info("created service account " + ns.getMetadata().getName() + "/" + name);
            } catch (StatusException e) {
                if (!e.isAlreadyExists()) { // the cache lagged behind a create: that is fine
                    throw e;
                }
            }
        }
        return Result.done();
    }
}
