package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.support.Keys;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.etcd.jetcd.ByteSequence;

/** Converts between the storage types and etcd's: its protobuf messages, and jetcd's (the watch). */
final class EtcdConversions {
    /** etcd has no empty key, so "\0" is the smallest key, and as a range end it means "no end". */
    static final ByteSequence ZERO = ByteSequence.from(new byte[] {0});
    /** {@link #ZERO} as protobuf bytes. */
    static final ByteString ZERO_KEY = ByteString.copyFrom(new byte[] {0});

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

    static ByteString key(String key) {
        return UnsafeByteOperations.unsafeWrap(Keys.utf8(key));
    }

    /** Wraps a value without copying; the caller must not change the array while the call runs. */
    static ByteString value(byte[] value) {
        return UnsafeByteOperations.unsafeWrap(value);
    }

    /** The first key of a prefix range, as protobuf bytes. */
    static ByteString rangeStartKey(String prefix) {
        return prefix.isEmpty() ? ZERO_KEY : key(prefix);
    }

    /** The exclusive end of a prefix range, as protobuf bytes. */
    static ByteString rangeEndKey(String prefix) {
        byte[] end = Keys.prefixEnd(Keys.utf8(prefix));
        return end == null ? ZERO_KEY : UnsafeByteOperations.unsafeWrap(end);
    }

    static KeyValue keyValue(io.etcd.jetcd.api.KeyValue kv) {
        return new KeyValue(kv.getKey().toStringUtf8(), kv.getValue().toByteArray(),
                kv.getCreateRevision(), kv.getModRevision());
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
