package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link Store} that also indexes its objects, as client-go's {@code cache.Indexer}. Every indexer
 * has the {@link #NAMESPACE_INDEX}.
 *
 * @param <T> the object type
 */
public interface Indexer<T extends HasMetadata> extends Store<T> {

    /** The index of objects by {@code metadata.namespace} (client-go's {@code NamespaceIndex}). */
    String NAMESPACE_INDEX = "namespace";

    /**
     * The objects whose index {@code indexName} holds {@code indexedValue}.
     *
     * @throws IllegalArgumentException when there is no such index
     */
    List<T> byIndex(String indexName, String indexedValue);

    /**
     * Adds indexes (name → the values an object is indexed under), as client-go's {@code AddIndexers};
     * objects already stored are indexed at once.
     *
     * @throws IllegalArgumentException when an index of that name exists
     */
    void addIndexers(Map<String, Function<T, List<String>>> indexers);
}
