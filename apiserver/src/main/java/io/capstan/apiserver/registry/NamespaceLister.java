package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.common.json.Json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the namespace a namespaced write goes to, as upstream's {@code NamespaceLifecycle} admission
 * does: from the watch cache when it holds the namespace (a read from memory, like upstream's
 * informer lister), else by a live read from storage, so a namespace created a moment ago is found
 * before the cache has seen it. For 30 s after a namespace's DELETE, an active namespace in the cache
 * is read live too (upstream's {@code forceLiveLookupCache}), so the cache's lag cannot admit an
 * object into a namespace that is already terminating.
 */
final class NamespaceLister implements Function<String, ObjectNode> {
    private final Storage storage;
    private final GenericStore namespaces;
    /** The last decoded form of each namespace: decoding its JSON on every write cost more than the lookup. */
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();
    /** Namespaces deleted lately, with when their live lookups end ({@link System#nanoTime()}). */
    private final Map<String, Long> forceLiveLookup = new ConcurrentHashMap<>();
    /** Upstream's {@code forceLiveLookupTTL}. */
    private static final long FORCE_LIVE_LOOKUP_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private record Decoded(long modRevision, ObjectNode namespace) {
    }

    NamespaceLister(Storage storage, GenericStore namespaces) {
        this.storage = storage;
        this.namespaces = namespaces;
    }

    /** Notes that {@code name} is being deleted: for a while, an active namespace in the cache is not trusted. */
    void deleting(String name) {
        long now = System.nanoTime();
        forceLiveLookup.values().removeIf(until -> until - now < 0);
        forceLiveLookup.put(name, now + FORCE_LIVE_LOOKUP_NANOS);
    }

    private boolean mustReadLive(String name, ObjectNode cached) {
        Long until = forceLiveLookup.get(name);
        return until != null && until - System.nanoTime() > 0
                && !"Terminating".equals(cached.path("status").path("phase").asText());
    }

    /** The namespace object (with its resourceVersion), or null when it does not exist. */
    @Override
    public ObjectNode apply(String name) {
        String key = namespaces.key(null, name);
        try {
            // The key is the smallest key with itself as prefix, so a one-item range finds it, from
            // memory ("resourceVersion=0" semantics) when the storage is a watch cache.
            RangeResult r = storage.rangeNotOlderThan(key, null, 1, 0);
            if (!r.items().isEmpty() && r.items().getFirst().key().equals(key)) {
                KeyValue kv = r.items().getFirst();
                Decoded d = decoded.get(name);
                if (d == null || d.modRevision() != kv.modRevision()) {
                    ObjectNode ns = Json.object(kv.value());
                    Meta.of(ns).put("resourceVersion", Long.toString(kv.modRevision()));
                    d = new Decoded(kv.modRevision(), ns);
                    decoded.put(name, d);
                }
                if (!mustReadLive(name, d.namespace())) {
                    return d.namespace().deepCopy();
                }
                return namespaces.find(null, name);
            }
            decoded.remove(name);
        } catch (StorageException e) {
            // fall through to the live read, which reports the storage error as the API server would
        }
        return namespaces.find(null, name);
    }
}
