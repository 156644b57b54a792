package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.KeyValue;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The objects of a resource's recent storage events, decoded once for all its watches: the watch cache hands
 * the same {@link KeyValue} of an event to every watcher, each on its own thread, and each would otherwise
 * parse it again. A fixed ring indexed by revision, updated by compare-and-set: an entry is found only for the very same
 * stored value at the same revision, so a miss (an entry overwritten, a storage without a watch
 * cache, whose watchers get values of their own) only costs a decoding, never a wrong object.
 * Watches that meet a new event at the same time share the entry one of them put in.
 * Large values are not kept, so that the ring holds at most a few MiB per resource.
 */
final class DecodedEvents {
    /** Enough for the events in flight between the fastest and the slowest of a resource's watches. */
    static final int SIZE = 128;
    /** Stored values above this size are decoded by each watch, as before. */
    static final int MAX_VALUE_BYTES = 32 * 1024;

    private record Entry(KeyValue kv, long revision, CachingObject object) {
    }

    private final AtomicReferenceArray<Entry> ring = new AtomicReferenceArray<>(SIZE);

    /** The shared object of {@code kv} as of {@code revision}; {@code decode} makes it on a miss. */
    CachingObject get(KeyValue kv, long revision, Supplier<ObjectNode> decode) {
        if (kv.value() == null || kv.value().length > MAX_VALUE_BYTES) {
            return new CachingObject(decode.get());
        }
        int slot = (int) (revision & (SIZE - 1));
        Entry e = ring.get(slot);
        if (matches(e, kv, revision)) {
            return e.object();
        }
        // Watches racing for a new event agree on one entry, whose object is decoded once, by the first to read it.
        Entry fresh = new Entry(kv, revision, new CachingObject(decode));
        if (ring.compareAndSet(slot, e, fresh)) {
            return fresh.object();
        }
        Entry winner = ring.get(slot);
        return matches(winner, kv, revision) ? winner.object() : fresh.object();
    }

    private static boolean matches(Entry e, KeyValue kv, long revision) {
        return e != null && e.kv() == kv && e.revision() == revision;
    }
}
