package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.KeyValue;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The objects of a resource's recent storage events, decoded once for all its watches: the watch cache hands
 * the same {@link KeyValue} of an event to every watcher, each on its own thread, and each would otherwise
 * parse it again. A fixed ring indexed by revision, without locks: an entry is found only for the very same
 * stored value at the same revision, so a miss (an entry overwritten, two watchers decoding at once, a storage
 * without a watch cache, whose watchers get values of their own) only costs a decoding, never a wrong object.
 */
final class DecodedEvents {
    /** Enough for the events in flight between the fastest and the slowest of a resource's watchers. */
    private static final int SIZE = 256;

    private record Entry(KeyValue kv, long revision, CachingObject object) {
    }

    private final AtomicReferenceArray<Entry> ring = new AtomicReferenceArray<>(SIZE);

    /** The shared object of {@code kv} as of {@code revision}; {@code decode} makes it on a miss. */
    CachingObject get(KeyValue kv, long revision, Supplier<ObjectNode> decode) {
        int slot = (int) (revision & (SIZE - 1));
        Entry e = ring.get(slot);
        if (e != null && e.kv() == kv && e.revision() == revision) {
            return e.object();
        }
        CachingObject object = new CachingObject(decode.get());
        ring.set(slot, new Entry(kv, revision, object));
        return object;
    }
}
