package io.capstan.controllermanager.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.client.Discovery;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;
import io.capstan.common.controller.Controller;
import io.capstan.common.controller.Reconciler;
import io.capstan.common.controller.Request;
import io.capstan.common.controller.Result;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Deletes objects whose owners are gone and carries out the {@code orphan} and {@code foregroundDeletion}
 * finalizers, as upstream's garbage collector: it watches every resource that can be listed, watched
 * and deleted, keeps the owner/dependent {@link DependencyGraph}, and reconciles one object (by uid) at a time:
 * <ul>
 *   <li>an owner being deleted with {@code orphan}: its uid is removed from its dependents' owner
 *       references, then the finalizer from the owner;</li>
 *   <li>an owner being deleted with {@code foregroundDeletion}: its dependents are deleted (in the
 *       foreground themselves when they block the owner's deletion), and once no dependent with
 *       {@code blockOwnerDeletion} is left the finalizer is removed;</li>
 *   <li>an object whose owners are all gone is deleted (in the background); one with some owners gone
 *       loses the references to those.</li>
 * </ul>
 * Events are not collected, as upstream ignores them.
 */
public final class GarbageCollector implements Reconciler {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());
    /** The controller's upstream name. */
    public static final String NAME = "garbagecollector";
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";
    /** How soon an owner waiting for its dependents to go is looked at again, besides their events. */
    static final Duration WAIT_FOR_DEPENDENTS = Duration.ofSeconds(2);
    private static final Set<String> IGNORED = Set.of("/events", "events.k8s.io/events");

    private final DependencyGraph graph;
    private final Lookup lookup;
    private final Map<String, Discovery.Resource> byGroupKind;
    private final Function<GroupVersionResource, ResourceInterface> clients;

    /**
     * @param graph       the graph the informers feed
     * @param lookup      reads an object from the informer caches
     * @param resources   the served resources, to resolve owner references' kinds
     * @param clients     a client per resource
     */
    GarbageCollector(DependencyGraph graph, Lookup lookup, List<Discovery.Resource> resources,
                     Function<GroupVersionResource, ResourceInterface> clients) {
        this.graph = graph;
        this.lookup = lookup;
        this.byGroupKind = new HashMap<>();
        for (Discovery.Resource r : resources) {
            byGroupKind.putIfAbsent(r.gvr().group() + "/" + r.kind(), r);
        }
        this.clients = clients;
    }

    /** Reads an object from the informer caches. */
    @FunctionalInterface
    interface Lookup {
        Optional<HasMetadata> get(GroupVersionResource gvr, String namespace, String name);
    }

    /**
     * The running collector: a metadata informer per collectable resource from {@code informers} (a factory
     * of its own, as upstream's collector uses metadata informers apart from the typed ones), so that only
     * objects' metadata is sent, decoded and cached: that is all the collector reads.
     */
    public static Controller controller(SharedInformerFactory informers, RestClient client, MeterRegistry metrics) {
        List<Discovery.Resource> resources = new Discovery(client).preferredResources();
        DependencyGraph graph = new DependencyGraph();
        Map<GroupVersionResource, SharedInformer<PartialObjectMetadata>> watched = new HashMap<>();
        Controller.Builder builder = Controller.builder(NAME).meterRegistry(metrics).workers(2);
        for (Discovery.Resource r : resources) {
            if (!r.verbs().containsAll(List.of("list", "watch", "delete")) || IGNORED.contains(r.gvr().group() + "/" + r.gvr().resource())) {
                continue;
            }
            SharedInformer<PartialObjectMetadata> informer = informers.metadataInformerFor(r.gvr());
            // As kube-controller-manager trims its informers: the collector never reads managedFields.
            informer.setTransform(SharedInformer.dropManagedFields());
            watched.put(r.gvr(), informer);
            builder.watches(informer, obj -> {
                graph.observe(r.gvr(), obj);
                String ns = obj.getMetadata().getNamespace() == null ? "" : obj.getMetadata().getNamespace();
                boolean cached = informer.lister().get(ns, obj.getMetadata().getName())
                        .filter(o -> obj.getMetadata().getUid() != null && obj.getMetadata().getUid().equals(o.getMetadata().getUid()))
                        .isPresent();
                return requestsFor(graph, obj, cached);
            });
        }
        Lookup lookup = (gvr, ns, name) -> {
            SharedInformer<PartialObjectMetadata> i = watched.get(gvr);
            return i == null ? Optional.empty() : i.lister().get(ns, name).map(o -> (HasMetadata) o);
        };
        return builder.build(new GarbageCollector(graph, lookup, resources, client::resource));
    }

    /** An object's own uid, its owners' and its dependents': whoever may have to act on its change. */
    static List<Request> requestsFor(DependencyGraph graph, HasMetadata obj) {
        return requestsFor(graph, obj, false);
    }

    /**
     * {@link #requestsFor(DependencyGraph, HasMetadata)}, leaving out the object's own uid when its reconcile
     * would do nothing: it has no owners and no dependents, is not being deleted, and is still in the cache
     * ({@code cached}; a deleted object is not, and its node must be forgotten). Upstream's graph builder
     * likewise queues an added object only when it has owners or is being deleted; most objects (every
     * ConfigMap a client creates) are neither.
     */
    static List<Request> requestsFor(DependencyGraph graph, HasMetadata obj, boolean cached) {
        List<Request> out = new ArrayList<>();
        String uid = obj.getMetadata().getUid();
        if (uid == null) {
            return out;
        }
        boolean owned = obj.getMetadata().getOwnerReferences() != null && !obj.getMetadata().getOwnerReferences().isEmpty();
        List<GraphNode> dependents = graph.dependentsOf(uid);
        if (owned || !cached || obj.getMetadata().getDeletionTimestamp() != null || !dependents.isEmpty()) {
            out.add(Request.of(uid));
        }
        if (obj.getMetadata().getOwnerReferences() != null) {
            obj.getMetadata().getOwnerReferences().forEach(r -> out.add(Request.of(r.getUid())));
        }
        dependents.forEach(d -> out.add(Request.of(d.uid())));
        return out;
    }

    @Override
    public Result reconcile(Request request) {
        String uid = request.name();
        GraphNode node = graph.node(uid);
        if (node == null) {
            // an owner we never saw (or already forgot): its dependents decide for themselves
            for (GraphNode d : graph.dependentsOf(uid)) {
                attemptToDelete(d);
            }
            return Result.done();
        }
        Optional<HasMetadata> current = lookup.get(node.gvr(), node.namespace(), node.name());
        if (current.isEmpty() || !uid.equals(current.get().getMetadata().getUid())) {
            List<GraphNode> orphans = graph.dependentsOf(uid);
            graph.forget(uid);
            for (GraphNode d : orphans) {
                attemptToDelete(d);
            }
            return Result.done();
        }
        HasMetadata obj = current.get();
        List<String> finalizers = obj.getMetadata().getFinalizers() == null ? List.of() : obj.getMetadata().getFinalizers();
        if (obj.getMetadata().getDeletionTimestamp() != null) {
            if (finalizers.contains(ORPHAN)) {
                orphanDependents(uid);
                removeFinalizer(node, ORPHAN);
                return Result.done();
            }
            if (finalizers.contains(FOREGROUND)) {
                return deleteDependentsInForeground(node);
            }
        }
        attemptToDelete(node);
        return Result.done();
    }

    private void orphanDependents(String ownerUid) {
        for (GraphNode d : graph.dependentsOf(ownerUid)) {
            update(d, o -> removeOwnerReferences(o, Set.of(ownerUid)));
        }
    }

    private Result deleteDependentsInForeground(GraphNode owner) {
        boolean blocked = false;
        for (GraphNode d : graph.dependentsOf(owner.uid())) {
            Optional<HasMetadata> dep = lookup.get(d.gvr(), d.namespace(), d.name());
            if (dep.isEmpty() || !d.uid().equals(dep.get().getMetadata().getUid())) {
                continue;
            }
            boolean blocks = d.owners().stream().anyMatch(r -> owner.uid().equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
            blocked |= blocks;
            if (dep.get().getMetadata().getDeletionTimestamp() == null) {
                delete(d, blocks ? "Foreground" : "Background");
            }
        }
        if (blocked) {
            return Result.requeueAfter(WAIT_FOR_DEPENDENTS);
        }
        removeFinalizer(owner, FOREGROUND);
        return Result.done();
    }

    /** Upstream's {@code attemptToDeleteItem} for an object with owners: delete it when all are gone, else drop the dangling ones. */
    private void attemptToDelete(GraphNode node) {
        if (node.owners().isEmpty()) {
            return;
        }
        Optional<HasMetadata> current = lookup.get(node.gvr(), node.namespace(), node.name());
        if (current.isEmpty() || !node.uid().equals(current.get().getMetadata().getUid())
                || current.get().getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        List<String> dangling = new ArrayList<>();
        for (OwnerReference ref : node.owners()) {
            if (isGone(node, ref)) {
                dangling.add(ref.getUid());
            }
        }
        if (dangling.isEmpty()) {
            return;
        }
        if (dangling.size() == node.owners().size()) {
            LOG.info("garbage collecting " + describe(node) + ": its owners are gone");
            delete(node, "Background");
        } else {
            update(node, o -> removeOwnerReferences(o, Set.copyOf(dangling)));
        }
    }

    /** True when the owner named by {@code ref} does not exist (any more), checked against the server. */
    private boolean isGone(GraphNode dependent, OwnerReference ref) {
        GraphNode known = graph.node(ref.getUid());
        if (known != null && lookup.get(known.gvr(), known.namespace(), known.name()).isPresent()) {
            return false;
        }
        String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Discovery.Resource r = byGroupKind.get(group + "/" + ref.getKind());
        if (r == null) {
            return false; // a kind this server does not serve: nothing can be decided
        }
        ResourceInterface client = clients.apply(r.gvr());
        if (r.namespaced()) {
            client = client.namespace(dependent.namespace());
        }
        try {
            ObjectNode owner = client.get(ref.getName());
            return !ref.getUid().equals(owner.path("metadata").path("uid").asText());
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return true;
            }
            throw e;
        }
    }

    private void delete(GraphNode node, String policy) {
        ObjectNode options = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions")
                .put("propagationPolicy", policy);
        options.putObject("preconditions").put("uid", node.uid());
        try {
            client(node).delete(node.name(), options);
        } catch (StatusException e) {
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
        }
    }

    private void removeFinalizer(GraphNode node, String finalizer) {
        update(node, o -> {
            JsonNode list = o.path("metadata").path("finalizers");
            ArrayNode left = Json.MAPPER.createArrayNode();
            list.forEach(f -> {
                if (!f.asText().equals(finalizer)) {
                    left.add(f);
                }
            });
            if (left.size() == list.size()) {
                return false;
            }
            ((ObjectNode) o.get("metadata")).set("finalizers", left);
            return true;
        });
    }

    private static boolean removeOwnerReferences(ObjectNode o, Set<String> uids) {
        JsonNode refs = o.path("metadata").path("ownerReferences");
        ArrayNode left = Json.MAPPER.createArrayNode();
        refs.forEach(r -> {
            if (!uids.contains(r.path("uid").asText())) {
                left.add(r);
            }
        });
        if (left.size() == refs.size()) {
            return false;
        }
        ObjectNode meta = (ObjectNode) o.get("metadata");
        if (left.isEmpty()) {
            meta.remove("ownerReferences");
        } else {
            meta.set("ownerReferences", left);
        }
        return true;
    }

    /** Reads the object from the server, changes it, and writes it back with its resourceVersion (a conflict is retried by the queue). */
    private void update(GraphNode node, java.util.function.Predicate<ObjectNode> change) {
        ResourceInterface client = client(node);
        try {
            ObjectNode o = client.get(node.name());
            if (!node.uid().equals(o.path("metadata").path("uid").asText()) || !change.test(o)) {
                return;
            }
            client.update(o);
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private ResourceInterface client(GraphNode node) {
        ResourceInterface c = clients.apply(node.gvr());
        return node.namespace().isEmpty() ? c : c.namespace(node.namespace());
    }

    private static String describe(GraphNode n) {
        return n.gvr().resource() + " " + (n.namespace().isEmpty() ? "" : n.namespace() + "/") + n.name();
    }
}
