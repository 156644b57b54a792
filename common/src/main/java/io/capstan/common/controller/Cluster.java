package io.capstan.common.controller;

import io.capstan.common.client.RestClient;
import io.capstan.common.informer.SharedInformerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the controllers of one {@link Manager} term are built from, as controller-runtime's
 * {@code cluster.Cluster}: the client and the term's informer factories. The manager starts every
 * factory handed out here, counts them in its {@code informer-sync} check, and stops them when the
 * term ends.
 */
public final class Cluster {
    private final RestClient client;
    private final Duration resync;
    private final Map<String, SharedInformerFactory> factories = new LinkedHashMap<>();

    Cluster(RestClient client, Duration resync) {
        this.client = client;
        this.resync = resync;
    }

    /** The client the informers use; controllers write with it too. */
    public RestClient client() {
        return client;
    }

    /** The shared informer factory: one informer per resource for every controller of the term. */
    public SharedInformerFactory informers() {
        return informers("");
    }

    /**
     * A further factory named {@code name}, for informers that must not share the main factory's
     * (e.g. a second view of a resource in another type, as the garbage collector's generic objects).
     */
    public synchronized SharedInformerFactory informers(String name) {
        return factories.computeIfAbsent(name, n -> new SharedInformerFactory(client, resync));
    }

    synchronized List<SharedInformerFactory> factories() {
        return new ArrayList<>(factories.values());
    }
}
