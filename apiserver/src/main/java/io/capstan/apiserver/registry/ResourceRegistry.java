package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.capstan.apiserver.storage.Storage;
import io.capstan.common.api.GroupVersionResource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stores of every served resource, found by group, version and resource. */
public final class ResourceRegistry {
    private final Map<GroupVersionResource, GenericStore> stores = new LinkedHashMap<>();

    /** Builds a store per definition over {@code storage}; namespaced stores check their namespace. */
    public ResourceRegistry(Storage storage, List<ResourceDefinition> definitions) {
        this(storage, definitions, Map.of());
    }

    /** As above, with {@link StoreHooks} for some resources (services allocate their cluster IPs there). */
    public ResourceRegistry(Storage storage, List<ResourceDefinition> definitions, Map<GroupVersionResource, StoreHooks> hooks) {
        GenericStore[] namespaces = new GenericStore[1];
        NamespaceLister[] lister = new NamespaceLister[1];
        for (ResourceDefinition d : definitions) {
            boolean isNamespaces = d.gvr().group().isEmpty() && d.resource().equals("namespaces");
            if (isNamespaces && hooks.containsKey(d.gvr())) {
                throw new IllegalArgumentException("namespaces take no hooks: theirs tell the namespace lister of deletions");
            }
            StoreHooks storeHooks = !isNamespaces ? hooks.getOrDefault(d.gvr(), StoreHooks.NONE) : new StoreHooks() {
                @Override
                public void beginDelete(ObjectNode namespace) {
                    lister[0].deleting(Meta.name(namespace));
                }
            };
            GenericStore store = new GenericStore(d, storage, d.namespaced() ? ns -> lister[0].apply(ns) : null, storeHooks);
            if (isNamespaces) {
                namespaces[0] = store;
            }
            stores.put(d.gvr(), store);
        }
        if (namespaces[0] == null) {
            throw new IllegalArgumentException("the namespaces resource is required");
        }
        lister[0] = new NamespaceLister(storage, namespaces[0]);
    }

    /** The store for a resource, or null. */
    public GenericStore store(GroupVersionResource gvr) {
        return stores.get(gvr);
    }

    /** The store of core/v1 {@code resource}. */
    public GenericStore core(String resource) {
        return stores.get(new GroupVersionResource("", "v1", resource));
    }

    public Collection<GenericStore> stores() {
        return stores.values();
    }

    /** The group versions served, core ({@code ""}) included, in registration order. */
    public List<GroupVersionResource> groupVersions() {
        List<GroupVersionResource> out = new ArrayList<>();
        for (GroupVersionResource g : stores.keySet()) {
            boolean seen = out.stream().anyMatch(o -> o.group().equals(g.group()) && o.version().equals(g.version()));
            if (!seen) {
                out.add(new GroupVersionResource(g.group(), g.version(), ""));
            }
        }
        return out;
    }

    /** True when some resource is served in {@code group}/{@code version}. */
    public boolean serves(String group, String version) {
        return stores.keySet().stream().anyMatch(g -> g.group().equals(group) && (version == null || g.version().equals(version)));
    }
}
