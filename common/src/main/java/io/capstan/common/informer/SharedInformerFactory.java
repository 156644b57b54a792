package io.capstan.common.informer;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.Backoff;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.RestClient;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out one {@link SharedInformer} per resource per process, as client-go's
 * {@code SharedInformerFactory}, so that every controller shares one watch and one cache.
 */
public final class SharedInformerFactory implements AutoCloseable {
    /** client-go's reflector back-off: 800ms doubling to 30s, with jitter. */
    public static final Backoff REFLECTOR_BACKOFF = new Backoff(Duration.ofMillis(800), 2, Duration.ofSeconds(30), 1.0);

    private final RestClient client;
    private final Duration defaultResync;
    private final Backoff backoff;
    private final Map<GroupVersionResource, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param client        the client informers list and watch with
     * @param defaultResync resync period of every informer; zero for none
     */
    public SharedInformerFactory(RestClient client, Duration defaultResync) {
        this(client, defaultResync, REFLECTOR_BACKOFF);
    }

    /** A factory with its own reflector back-off (tests use a short one). */
    public SharedInformerFactory(RestClient client, Duration defaultResync, Backoff backoff) {
        this.client = client;
        this.defaultResync = defaultResync;
        this.backoff = backoff;
    }

    /**
     * The informer of {@code gvr}, created on first request (all namespaces).
     *
     * @throws IllegalArgumentException when it was first requested with another type
     */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedInformer<T> informerFor(GroupVersionResource gvr, Class<T> type) {
        SharedIndexInformer<?> existing = informers.get(gvr);
        if (existing != null) {
            if (existing.type() != type) {
                throw new IllegalArgumentException("informer for " + gvr + " holds " + existing.type().getSimpleName()
                        + ", not " + type.getSimpleName());
            }
            return (SharedInformer<T>) existing;
        }
        SharedIndexInformer<T> informer = new SharedIndexInformer<>(gvr.toString(),
                ListerWatcher.forResource(client.resource(gvr), ListOptions.NONE), type, defaultResync, backoff);
        informers.put(gvr, informer);
        return informer;
    }

    /** Starts every informer requested so far that is not running yet. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("factory is shut down");
        }
        informers.values().forEach(SharedIndexInformer::start);
    }

    /** True when every informer has synced. */
    public synchronized boolean hasSynced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Waits until every informer has synced; false when {@code timeout} passed first. */
    public boolean waitForCacheSync(Duration timeout) throws InterruptedException {
        List<SharedInformer<?>> all;
        synchronized (this) {
            all = new ArrayList<>(informers.values());
        }
        return SharedInformer.waitForCacheSync(timeout, all.toArray(SharedInformer<?>[]::new));
    }

    /** Stops every informer. */
    @Override
    public synchronized void close() {
        closed = true;
        informers.values().forEach(SharedIndexInformer::stop);
    }
}
