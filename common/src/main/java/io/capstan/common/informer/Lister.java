package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Optional;

/**
 * Reads an informer's cache by namespace and name, as client-go's generated listers. The objects are
 * the cache's own: never modify them, copy first.
 *
 * @param <T> the object type
 */
public final class Lister<T extends HasMetadata> {
    private final Indexer<T> indexer;

    public Lister(Indexer<T> indexer) {
        this.indexer = indexer;
    }

    /** Every cached object. */
    public List<T> list() {
        return indexer.list();
    }

    /** The cached objects of one namespace. */
    public List<T> list(String namespace) {
        return indexer.byIndex(Indexer.NAMESPACE_INDEX, namespace);
    }

    /** A namespaced object. */
    public Optional<T> get(String namespace, String name) {
        return indexer.getByKey(namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
    }

    /** A cluster-scoped object. */
    public Optional<T> get(String name) {
        return indexer.getByKey(name);
    }
}
