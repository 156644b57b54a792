package io.capstan.controllermanager.garbagecollector;

import io.capstan.common.api.GroupVersionResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner/dependent graph of every watched object, by uid, after upstream's {@code GraphBuilder}
 * {@code uidToNode}: informer events {@link #observe} objects, the collector {@link #forget}s the ones it
 * finds gone. Dependents are indexed by the uid of each owner they name, whether that owner exists or not,
 * so the dependents of a deleted owner are still found.
 */
final class DependencyGraph {
    private final Map<String, GraphNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> dependents = new ConcurrentHashMap<>();

    /** Records {@code obj} (of {@code gvr}) as it now is. */
    synchronized void observe(GroupVersionResource gvr, HasMetadata obj) {
        String uid = obj.getMetadata().getUid();
        if (uid == null || uid.isEmpty()) {
            return;
        }
        List<OwnerReference> owners = obj.getMetadata().getOwnerReferences() == null ? List.of() : obj.getMetadata().getOwnerReferences();
        GraphNode before = nodes.put(uid, new GraphNode(uid, gvr, obj.getMetadata().getNamespace(), obj.getMetadata().getName(), owners));
        if (before != null) {
            unindex(before);
        }
        for (OwnerReference ref : owners) {
            if (ref.getUid() != null) {
                dependents.computeIfAbsent(ref.getUid(), k -> ConcurrentHashMap.newKeySet()).add(uid);
            }
        }
    }

    /** Drops the object {@code uid}; its own dependents stay indexed under it. */
    synchronized void forget(String uid) {
        GraphNode n = nodes.remove(uid);
        if (n != null) {
            unindex(n);
        }
    }

    private void unindex(GraphNode n) {
        for (OwnerReference ref : n.owners()) {
            Set<String> set = ref.getUid() == null ? null : dependents.get(ref.getUid());
            if (set != null) {
                set.remove(n.uid());
                if (set.isEmpty()) {
                    dependents.remove(ref.getUid());
                }
            }
        }
    }

    /** The object {@code uid}, or null when not (or no longer) known. */
    GraphNode node(String uid) {
        return nodes.get(uid);
    }

    /** The known objects that name {@code ownerUid} as an owner. */
    List<GraphNode> dependentsOf(String ownerUid) {
        List<GraphNode> out = new ArrayList<>();
        for (String d : dependents.getOrDefault(ownerUid, Set.of())) {
            GraphNode n = nodes.get(d);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }
}
