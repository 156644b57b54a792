package io.capstan.controllermanager.garbagecollector;

import io.capstan.common.api.GroupVersionResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The collector's owner/dependent graph: indexed by owner uid, kept across the owner's disappearance. */
class DependencyGraphTest {
    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");

    static ConfigMap cm(String name, String uid, String... ownerUids) {
        List<OwnerReference> refs = java.util.Arrays.stream(ownerUids)
                .map(u -> new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("o-" + u).withUid(u).build())
                .toList();
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(uid)
                .withOwnerReferences(refs).endMetadata().build();
    }

    static Set<String> dependents(DependencyGraph g, String owner) {
        return g.dependentsOf(owner).stream().map(GraphNode::name).collect(Collectors.toSet());
    }

    @Test
    void dependentsAreFoundByOwnerUidEvenAfterTheOwnerIsForgotten() {
        DependencyGraph g = new DependencyGraph();
        g.observe(CONFIGMAPS, cm("owner", "u-owner"));
        g.observe(CONFIGMAPS, cm("a", "u-a", "u-owner"));
        g.observe(CONFIGMAPS, cm("b", "u-b", "u-owner", "u-other"));
        assertEquals(Set.of("a", "b"), dependents(g, "u-owner"));
        assertEquals(Set.of("b"), dependents(g, "u-other"));
        g.forget("u-owner");
        assertNull(g.node("u-owner"));
        assertEquals(Set.of("a", "b"), dependents(g, "u-owner"));
    }

    @Test
    void aChangedOwnerListMovesTheDependent() {
        DependencyGraph g = new DependencyGraph();
        g.observe(CONFIGMAPS, cm("a", "u-a", "u-1"));
        g.observe(CONFIGMAPS, cm("a", "u-a", "u-2"));
        assertEquals(Set.of(), dependents(g, "u-1"));
        assertEquals(Set.of("a"), dependents(g, "u-2"));
        g.forget("u-a");
        assertEquals(Set.of(), dependents(g, "u-2"));
    }

    @Test
    void requestsNameTheObjectItsOwnersAndItsDependents() {
        DependencyGraph g = new DependencyGraph();
        g.observe(CONFIGMAPS, cm("child", "u-child", "u-mid"));
        ConfigMap mid = cm("mid", "u-mid", "u-top");
        g.observe(CONFIGMAPS, mid);
        Set<String> names = GarbageCollector.requestsFor(g, mid).stream().map(r -> r.name()).collect(Collectors.toSet());
        assertEquals(Set.of("u-mid", "u-top", "u-child"), names);
    }

    @Test
    void anUnownedLiveObjectWithoutDependentsQueuesNothingButItsDeletionDoes() {
        DependencyGraph g = new DependencyGraph();
        ConfigMap plain = cm("plain", "u-plain");
        g.observe(CONFIGMAPS, plain);
        assertEquals(List.of(), GarbageCollector.requestsFor(g, plain, true), "nothing for the collector to do");
        assertEquals(List.of("u-plain"), names(GarbageCollector.requestsFor(g, plain, false)), "deleted: its node is to be forgotten");

        ConfigMap deleting = cm("deleting", "u-deleting");
        deleting.getMetadata().setDeletionTimestamp("2024-01-01T00:00:00Z");
        deleting.getMetadata().setFinalizers(List.of("orphan"));
        assertEquals(List.of("u-deleting"), names(GarbageCollector.requestsFor(g, deleting, true)));

        ConfigMap owned = cm("owned", "u-owned", "u-plain");
        g.observe(CONFIGMAPS, owned);
        assertEquals(List.of("u-owned", "u-plain"), names(GarbageCollector.requestsFor(g, owned, true)));
        assertEquals(List.of("u-plain", "u-owned"), names(GarbageCollector.requestsFor(g, plain, true)),
                "an owner with dependents is queued, and they with it");
    }

    private static List<String> names(List<io.capstan.common.controller.Request> requests) {
        return requests.stream().map(r -> r.name()).toList();
    }
}
