package io.capstan.common.informer;

import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.Backoff;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.RestClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out one {@link SharedInformer} per resource per process, as client-go's
 * {@code SharedInformerFactory}, so that every controller shares one watch and one cache. An informer
 * narrowed by selectors (client-go's {@code NewFilteredSharedInformerFactory}) is one of its own, shared
 * by whoever asks for the same selectors; a metadata informer (client-go's {@code metadatainformer})
 * caches only objects' metadata.
 */
public final class SharedInformerFactory implements AutoCloseable {
    /** client-go's reflector back-off: 800ms doubling to 30s, with jitter. */
    public static final Backoff REFLECTOR_BACKOFF = new Backoff(Duration.ofMillis(800), 2, Duration.ofSeconds(30), 1.0);

    private final RestClient client;
    private final Duration defaultResync;
    private final Backoff backoff;
    private final Map<Key, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
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

    /** An informer's identity: its resource and the selectors every list and watch carries. */
    private record Key(GroupVersionResource gvr, String labelSelector, String fieldSelector) {
    }

    /**
     * The informer of {@code gvr}, created on first request (all namespaces).
     *
     * @throws IllegalArgumentException when it was first requested with another type
     */
    public <T extends HasMetadata> SharedInformer<T> informerFor(GroupVersionResource gvr, Class<T> type) {
        return informerFor(gvr, type, ListOptions.NONE);
    }

    /**
     * The informer of the objects of {@code gvr} (all namespaces) that {@code selectors}' label and field
     * selectors match, created on first request, e.g. {@code fieldSelector=metadata.name=kube-root-ca.crt}
     * so that no other object reaches the process. Other fields of {@code selectors} are ignored.
     *
     * @throws IllegalArgumentException when it was first requested with another type
     */
    public <T extends HasMetadata> SharedInformer<T> informerFor(GroupVersionResource gvr, Class<T> type, ListOptions selectors) {
        ListOptions narrowed = ListOptions.NONE.withLabelSelector(selectors.labelSelector()).withFieldSelector(selectors.fieldSelector());
        return informer(gvr, type, narrowed, ListerWatcher.forResource(client.resource(gvr), narrowed));
    }

    /**
     * The metadata informer of {@code gvr} (all namespaces), created on first request: it lists and watches
     * {@code meta.k8s.io/v1} {@code PartialObjectMetadata}, as client-go's {@code metadatainformer}, so
     * that objects' bodies are neither sent nor decoded nor cached.
     *
     * @throws IllegalArgumentException when {@code gvr} was first requested with another type
     */
    public SharedInformer<PartialObjectMetadata> metadataInformerFor(GroupVersionResource gvr) {
        return informer(gvr, PartialObjectMetadata.class, ListOptions.NONE, ListerWatcher.forResource(client.metadata(gvr), ListOptions.NONE));
    }

    @SuppressWarnings("unchecked")
    private synchronized <T extends HasMetadata> SharedInformer<T> informer(GroupVersionResource gvr, Class<T> type,
                                                                           ListOptions selectors, ListerWatcher source) {
        Key key = new Key(gvr, selectors.labelSelector(), selectors.fieldSelector());
        SharedIndexInformer<?> existing = informers.get(key);
        if (existing != null) {
            if (existing.type() != type) {
                throw new IllegalArgumentException("informer for " + gvr + " holds " + existing.type().getSimpleName()
                        + ", not " + type.getSimpleName());
            }
            return (SharedInformer<T>) existing;
        }
        String name = gvr.toString() + (selectors.labelSelector().isEmpty() ? "" : " labelSelector=" + selectors.labelSelector())
                + (selectors.fieldSelector().isEmpty() ? "" : " fieldSelector=" + selectors.fieldSelector());
        SharedIndexInformer<T> informer = new SharedIndexInformer<>(name, source, type, defaultResync, backoff);
        informers.put(key, informer);
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
