package io.capstan.common.testing;

import io.capstan.common.informer.Indexer;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.ResourceEventHandler;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.ThreadSafeIndexer;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A synced informer whose events the test fires by hand. */
/** A {@link SharedInformer} driven by hand in tests: {@link #add} stores an object and runs the handlers. */
public final class ManualInformer<T extends HasMetadata> implements SharedInformer<T> {
    private final Class<T> type;
    private final ThreadSafeIndexer<T> indexer = new ThreadSafeIndexer<>();
    private final List<ResourceEventHandler<? super T>> handlers = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<T> transform = UnaryOperator.identity();

    public ManualInformer(Class<T> type) {
        this.type = type;
    }

    public void add(T object) {
        T transformed = transform.apply(object);
        indexer.add(transformed);
        handlers.forEach(h -> h.onAdd(transformed));
    }

    @Override
    public void setTransform(UnaryOperator<T> t) {
        transform = t == null ? UnaryOperator.identity() : t;
    }

    @Override
    public void addEventHandler(ResourceEventHandler<? super T> handler) {
        handlers.add(handler);
    }

    @Override
    public boolean hasSynced() {
        return true;
    }

    @Override
    public Indexer<T> indexer() {
        return indexer;
    }

    @Override
    public Lister<T> lister() {
        return new Lister<>(indexer);
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public String lastSyncResourceVersion() {
        return "";
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
