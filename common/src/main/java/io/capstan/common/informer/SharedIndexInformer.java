package io.capstan.common.informer;

import io.capstan.common.client.Backoff;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link SharedInformer}: a {@link Reflector} fills a {@link DeltaFIFO}; one thread pops it,
 * updates the {@link ThreadSafeIndexer} and notifies the handlers, so every handler sees each
 * object's changes in resourceVersion order. With a resync period, cached objects are delivered
 * again as updates every period.
 *
 * @param <T> the object type
 */
public final class SharedIndexInformer<T extends HasMetadata> implements SharedInformer<T> {
    private static final Logger LOG = Logger.getLogger(SharedIndexInformer.class.getName());

    private final String name;
    private final Class<T> type;
    private final ThreadSafeIndexer<T> indexer = new ThreadSafeIndexer<>();
    private final Lister<T> lister = new Lister<>(indexer);
    private final DeltaFIFO<T> fifo = new DeltaFIFO<>(indexer);
    private final Reflector<T> reflector;
    private final Duration resyncPeriod;
    /** Guards handlers and delivery, so a late handler's replay cannot interleave with a change. */
    private final Object deliveryLock = new Object();
    private final List<ResourceEventHandler<? super T>> handlers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean started;
    private volatile boolean stopped;

    /**
     * @param name          for logs and thread names, e.g. {@code v1/pods}
     * @param listerWatcher where objects come from
     * @param type          their model class
     * @param resyncPeriod  how often to redeliver the cache; zero for never
     * @param backoff       the reflector's back-off
     */
    public SharedIndexInformer(String name, ListerWatcher listerWatcher, Class<T> type, Duration resyncPeriod, Backoff backoff) {
        this.name = name;
        this.type = type;
        this.resyncPeriod = resyncPeriod;
        this.reflector = new Reflector<>(name, listerWatcher, type, fifo, backoff);
    }

    @Override
    public void addEventHandler(ResourceEventHandler<? super T> handler) {
        synchronized (deliveryLock) {
            handlers.add(handler);
            if (started) {
                for (T o : indexer.list()) {
                    notify(handler, h -> h.onAdd(o));
                }
            }
        }
    }

    @Override
    public boolean hasSynced() {
        return fifo.hasSynced();
    }

    @Override
    public Indexer<T> indexer() {
        return indexer;
    }

    @Override
    public Lister<T> lister() {
        return lister;
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public String lastSyncResourceVersion() {
        return reflector.lastSyncResourceVersion();
    }

    @Override
    public void setTransform(UnaryOperator<T> transform) {
        synchronized (deliveryLock) {
            if (started) {
                throw new IllegalStateException("informer " + name + " has already started");
            }
            reflector.setTransform(transform);
        }
    }

    @Override
    public void start() {
        synchronized (deliveryLock) {
            if (started || stopped) {
                return;
            }
            started = true;
        }
        reflector.start();
        threads.add(Thread.ofVirtual().name("informer-" + name).start(this::processLoop));
        if (!resyncPeriod.isZero()) {
            threads.add(Thread.ofVirtual().name("resync-" + name).start(this::resyncLoop));
        }
    }

    private void processLoop() {
        try {
            while (!stopped && fifo.pop(this::handleDeltas)) {
                // each pop delivers one key's changes
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void resyncLoop() {
        while (!stopped) {
            try {
                Thread.sleep(resyncPeriod);
            } catch (InterruptedException e) {
                return;
            }
            fifo.resync();
        }
    }

    private void handleDeltas(List<Delta<T>> deltas) {
        synchronized (deliveryLock) {
            for (Delta<T> d : deltas) {
                T object = d.object();
                if (d.type() == DeltaType.DELETED) {
                    indexer.delete(object);
                    handlers.forEach(h -> notify(h, x -> x.onDelete(object)));
                    continue;
                }
                T old = indexer.getByKey(Store.key(object)).orElse(null);
                if (old != null) {
                    indexer.update(object);
                    handlers.forEach(h -> notify(h, x -> x.onUpdate(old, object)));
                } else {
                    indexer.add(object);
                    handlers.forEach(h -> notify(h, x -> x.onAdd(object)));
                }
            }
        }
    }

    private void notify(ResourceEventHandler<? super T> handler, java.util.function.Consumer<ResourceEventHandler<? super T>> call) {
        try {
            call.accept(handler);
        } catch (RuntimeException e) {
            // One broken handler must not stop the others or the informer.
            LOG.log(Level.WARNING, name + ": event handler failed", e);
        }
    }

    @Override
    public void stop() {
        stopped = true;
        reflector.close();
        fifo.close();
        threads.forEach(Thread::interrupt);
    }
}
