package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A cache of one resource kept current by list and watch, shared by every handler in the process,
 * as client-go's {@code SharedIndexInformer}.
 *
 * @param <T> the object type
 */
public interface SharedInformer<T extends HasMetadata> {

    /**
     * Adds a handler. Added after start, it first gets {@code onAdd} for every cached object, before
     * any later change, so it never misses or reorders one.
     */
    void addEventHandler(ResourceEventHandler<? super T> handler);

    /** True once the first full list reached the cache and the handlers. */
    boolean hasSynced();

    /** The cache. */
    Indexer<T> indexer();

    /** A lister over the cache. */
    Lister<T> lister();

    /** The model class of the objects. */
    Class<T> type();

    /** The resourceVersion the cache is at; empty before the first list. */
    String lastSyncResourceVersion();

    /**
     * Sets a transform applied to every object before it is cached and handed to handlers, as
     * client-go's {@code SetTransform}; e.g. {@link #dropManagedFields()} to save memory.
     *
     * @throws IllegalStateException when the informer has started
     */
    void setTransform(UnaryOperator<T> transform);

    /**
     * Adds indexes to the cache, as client-go's {@code AddIndexers}.
     *
     * @throws IllegalArgumentException when an index of that name exists
     */
    default void addIndexers(Map<String, Function<T, List<String>>> indexers) {
        indexer().addIndexers(indexers);
    }

    /** A transform that drops {@code metadata.managedFields}, which controllers rarely read. */
    static <T extends HasMetadata> UnaryOperator<T> dropManagedFields() {
        return o -> {
            if (o.getMetadata() != null) {
                o.getMetadata().setManagedFields(null);
            }
            return o;
        };
    }

    /** Starts listing and watching in the background; later calls do nothing. */
    void start();

    /** Stops watching and delivering. */
    void stop();

    /**
     * Waits until every informer has synced, as client-go's {@code cache.WaitForCacheSync}.
     *
     * @return false when {@code timeout} passed first
     */
    static boolean waitForCacheSync(Duration timeout, SharedInformer<?>... informers) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (SharedInformer<?> i : informers) {
                all &= i.hasSynced();
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }
}
