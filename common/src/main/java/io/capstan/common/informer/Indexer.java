package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

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
}
