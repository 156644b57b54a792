package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.support.Keys;
import io.etcd.jetcd.ByteSequence;

/** Converts between the storage types and jetcd's. */
final class EtcdConversions {
    /** etcd has no empty key, so "\0" is the smallest key, and as a range end it means "no end". */
    static final ByteSequence ZERO = ByteSequence.from(new byte[] {0});

    private EtcdConversions() {
    }

    static ByteSequence bytes(String key) {
        return ByteSequence.from(Keys.utf8(key));
    }

    /** The first key of a prefix range; the empty prefix starts at the smallest key. */
    static ByteSequence rangeStart(String prefix) {
        return prefix.isEmpty() ? ZERO : bytes(prefix);
    }

    /** The exclusive end of a prefix range ("\0", i.e. unbounded, when no end exists). */
    static ByteSequence rangeEnd(String prefix) {
        byte[] end = Keys.prefixEnd(Keys.utf8(prefix));
        return end == null ? ZERO : ByteSequence.from(end);
    }

    static KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(Keys.string(kv.getKey().getBytes()), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision());
    }

    /**
     * Converts a watch event. etcd's DELETE carries only the key and the deletion revision; the
     * deleted value comes from prevKv (requested with every watch). prevKv is missing only if that
     * value was already compacted when the event was sent; the value is then empty.
     */
    static WatchEvent event(io.etcd.jetcd.watch.WatchEvent event) {
        io.etcd.jetcd.KeyValue kv = event.getKeyValue();
        io.etcd.jetcd.KeyValue prev = event.getPrevKV();
        KeyValue prevKv = prev != null && prev.getCreateRevision() != 0 ? keyValue(prev) : null;
        return switch (event.getEventType()) {
            case PUT -> new WatchEvent(WatchEvent.Type.PUT, keyValue(kv), kv.getVersion() == 1 ? null : prevKv);
            case DELETE -> new WatchEvent(WatchEvent.Type.DELETE,
                    new KeyValue(Keys.string(kv.getKey().getBytes()),
                            prevKv == null ? new byte[0] : prevKv.value(),
                            prevKv == null ? 0 : prevKv.createRevision(),
                            kv.getModRevision()),
                    prevKv);
            case UNRECOGNIZED -> throw new IllegalStateException("unrecognized etcd event type at revision "
                    + kv.getModRevision());
        };
    }
}
