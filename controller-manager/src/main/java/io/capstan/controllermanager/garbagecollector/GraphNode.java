package io.capstan.controllermanager.garbagecollector;

import io.capstan.common.api.GroupVersionResource;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.List;

/**
 * One object in the {@link DependencyGraph}: where to find it and whom it names as owners.
 *
 * @param namespace empty for cluster-scoped objects
 */
record GraphNode(String uid, GroupVersionResource gvr, String namespace, String name, List<OwnerReference> owners) {
    GraphNode {
        namespace = namespace == null ? "" : namespace;
        owners = List.copyOf(owners);
    }
}
