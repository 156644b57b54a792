package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeltaFIFOTest {

    static Pod pod(String name, String rv) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withResourceVersion(rv).endMetadata().build();
    }

    private static List<String> popAll(DeltaFIFO<Pod> fifo) throws InterruptedException {
        List<String> out = new ArrayList<>();
        while (!fifo.listKeys().isEmpty()) {
            fifo.pop(deltas -> deltas.forEach(d -> out.add(d.type() + " " + d.object().getMetadata().getName()
                    + "@" + d.object().getMetadata().getResourceVersion())));
        }
        return out;
    }

    @Test
    void keepsEachKeysDeltasInOrderAndKeysInFirstChangeOrder() throws Exception {
        DeltaFIFO<Pod> fifo = new DeltaFIFO<>(null);
        fifo.add(pod("a", "1"));
        fifo.add(pod("b", "2"));
        fifo.update(pod("a", "3"));
        fifo.delete(pod("b", "4"));
        fifo.delete(pod("b", "4"));
        assertEquals(List.of("ADDED a@1", "UPDATED a@3", "ADDED b@2", "DELETED b@4"), popAll(fifo),
                "b's second deletion is deduplicated");
    }

    @Test
    void replaceQueuesDeletionsForKnownObjectsMissingFromTheList() throws Exception {
        ThreadSafeIndexer<Pod> known = new ThreadSafeIndexer<>();
        known.add(pod("a", "1"));
        known.add(pod("b", "2"));
        DeltaFIFO<Pod> fifo = new DeltaFIFO<>(known);
        assertFalse(fifo.hasSynced());
        fifo.replace(List.of(pod("a", "5"), pod("c", "6")), "6");
        assertFalse(fifo.hasSynced(), "not synced until the first list was popped");
        List<String> popped = popAll(fifo);
        assertEquals(List.of("REPLACED a@5", "REPLACED c@6", "DELETED b@2"), popped);
        assertTrue(fifo.hasSynced());
    }

    @Test
    void aDeletionThatArrivesWhileTheAdditionIsBeingProcessedIsNotLost() throws Exception {
        // Found by InformerChurnIT: a create and a delete in quick succession left the object cached forever.
        ThreadSafeIndexer<Pod> known = new ThreadSafeIndexer<>();
        DeltaFIFO<Pod> fifo = new DeltaFIFO<>(known);
        fifo.add(pod("a", "1"));
        Thread[] deleter = new Thread[1];
        fifo.pop(deltas -> {
            // The watch delivers the deletion after the pop took "a" but before the consumer cached it.
            deleter[0] = Thread.ofPlatform().start(() -> fifo.delete(pod("a", "2")));
            try {
                deleter[0].join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deltas.forEach(d -> known.add(d.object()));
        });
        deleter[0].join(5_000);

        assertEquals(List.of("DELETED a@2"), popAll(fifo));
    }

    @Test
    void aRelistThatArrivesWhileAnAdditionIsBeingProcessedStillDeletesIt() throws Exception {
        ThreadSafeIndexer<Pod> known = new ThreadSafeIndexer<>();
        DeltaFIFO<Pod> fifo = new DeltaFIFO<>(known);
        fifo.add(pod("a", "1"));
        Thread[] relister = new Thread[1];
        fifo.pop(deltas -> {
            relister[0] = Thread.ofPlatform().start(() -> fifo.replace(List.of(), "3"));
            try {
                relister[0].join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deltas.forEach(d -> known.add(d.object()));
        });
        relister[0].join(5_000);

        assertEquals(List.of("DELETED a@1"), popAll(fifo));
    }

    @Test
    void deletingAnUnknownObjectQueuesNothing() {
        DeltaFIFO<Pod> fifo = new DeltaFIFO<>(new ThreadSafeIndexer<>());
        fifo.delete(pod("ghost", "1"));
        assertTrue(fifo.listKeys().isEmpty());
    }

    @Test
    void resyncRedeliversKnownObjectsNotAlreadyQueued() throws Exception {
        ThreadSafeIndexer<Pod> known = new ThreadSafeIndexer<>();
        known.add(pod("a", "1"));
        known.add(pod("b", "2"));
        DeltaFIFO<Pod> fifo = new DeltaFIFO<>(known);
        fifo.update(pod("b", "3"));
        fifo.resync();
        assertEquals(List.of("UPDATED b@3", "SYNC a@1"), popAll(fifo));
    }

    @Test
    void indexerFindsObjectsByNamespace() {
        ThreadSafeIndexer<Pod> idx = new ThreadSafeIndexer<>();
        idx.add(pod("a", "1"));
        idx.add(new PodBuilder().withNewMetadata().withName("x").withNamespace("other").endMetadata().build());
        assertEquals(1, idx.byIndex(Indexer.NAMESPACE_INDEX, "ns").size());
        idx.delete(pod("a", "1"));
        assertTrue(idx.byIndex(Indexer.NAMESPACE_INDEX, "ns").isEmpty());
        assertEquals("x", new Lister<>(idx).get("other", "x").orElseThrow().getMetadata().getName());
    }
}
