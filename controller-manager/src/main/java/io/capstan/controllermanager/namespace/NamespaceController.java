package io.capstan.controllermanager.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.client.Discovery;
import io.capstan.common.client.ListOptions;
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
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Finishes namespace deletion, as upstream's namespace controller: once a namespace is marked for
 * deletion it deletes every namespaced object in it (every resource discovery lists), waits until
 * none is left, then removes the {@code kubernetes} finalizer through {@code namespaces/<name>/finalize}
 * so the API server can delete the namespace.
 */
public final class NamespaceController implements Reconciler {
    private static final Logger LOG = Logger.getLogger(NamespaceController.class.getName());
    /** The controller's upstream name. */
    public static final String NAME = "namespace";
    static final String FINALIZER = "kubernetes";
    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    /** How long to wait before looking again at content that is still going away (e.g. graceful pods). */
    static final Duration CONTENT_REMAINING_RETRY = Duration.ofSeconds(5);

    private final Lister<Namespace> namespaces;
    private final Supplier<List<Discovery.Resource>> resources;
    private final Function<GroupVersionResource, ResourceInterface> clients;

    /**
     * @param namespaces the namespace cache
     * @param resources  the served resources (discovery), read afresh for each namespace
     * @param clients    a client per resource
     */
    public NamespaceController(Lister<Namespace> namespaces, Supplier<List<Discovery.Resource>> resources,
                               Function<GroupVersionResource, ResourceInterface> clients) {
        this.namespaces = namespaces;
        this.resources = resources;
        this.clients = clients;
    }

    /** The running controller over the namespace informer. */
    public static Controller controller(SharedInformerFactory informers, RestClient client, MeterRegistry metrics) {
        SharedInformer<Namespace> nsInformer = informers.informerFor(NAMESPACES, Namespace.class);
        Discovery discovery = new Discovery(client);
        NamespaceController reconciler = new NamespaceController(nsInformer.lister(), discovery::preferredResources, client::resource);
        return Controller.builder(NAME).forResource(nsInformer).meterRegistry(metrics).build(reconciler);
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Namespace> found = namespaces.get(request.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() == null) {
            return Result.done();
        }
        Namespace ns = found.get();
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of() : ns.getSpec().getFinalizers();
        if (!finalizers.contains(FINALIZER)) {
            return Result.done();
        }
        String name = ns.getMetadata().getName();
        long remaining = 0;
        for (Discovery.Resource r : resources.get()) {
            if (!r.namespaced() || !r.verbs().contains("list")) {
                continue;
            }
            ResourceInterface client = clients.apply(r.gvr()).namespace(name);
            remaining += deleteAll(client, r);
        }
        if (remaining > 0) {
            LOG.fine(() -> "namespace " + name + ": waiting for the deletion of the remaining content");
            return Result.requeueAfter(CONTENT_REMAINING_RETRY);
        }
        finalizeNamespace(name, ns.getMetadata().getResourceVersion(), finalizers);
        LOG.info("namespace " + name + " is empty; finalized");
        return Result.done();
    }

    /** Deletes what the collection holds; returns how many objects are still there afterwards. */
    private static long deleteAll(ResourceInterface client, Discovery.Resource r) {
        if (r.verbs().contains("deletecollection")) {
            client.deleteCollection(ListOptions.NONE);
        } else if (r.verbs().contains("delete")) {
            for (JsonNode item : client.list(ListOptions.NONE).path("items")) {
                try {
                    client.delete(item.path("metadata").path("name").asText());
                } catch (StatusException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
            }
        }
        return client.list(ListOptions.NONE).path("items").size();
    }

    private void finalizeNamespace(String name, String resourceVersion, List<String> finalizers) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        body.putObject("metadata").put("name", name).put("resourceVersion", resourceVersion);
        ArrayNode left = body.putObject("spec").putArray("finalizers");
        finalizers.stream().filter(f -> !f.equals(FINALIZER)).forEach(left::add);
        try {
            clients.apply(NAMESPACES).updateSubresource(body, "finalize");
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e; // a conflict means the namespace changed: the controller retries with the new one
            }
        }
    }
}
