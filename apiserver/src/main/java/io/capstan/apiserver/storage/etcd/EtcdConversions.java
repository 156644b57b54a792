package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.support.Keys;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/** Converts between the storage types and etcd's protobuf messages. */
final class EtcdConversions {
    /** etcd has no empty key, so "\0" is the smallest key, and as a range end it means "no end". */
    static final ByteString ZERO_KEY = ByteString.copyFrom(new byte[] {0});

    private EtcdConversions() {
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

    /**
     * Converts a watch event. etcd's DELETE carries only the key and the deletion revision; the
     * deleted value comes from prevKv (requested with every watch). prevKv is missing only if that
     * value was already compacted when the event was sent; the value is then empty.
     */
    static WatchEvent event(io.etcd.jetcd.api.Event event) {
        io.etcd.jetcd.api.KeyValue kv = event.getKv();
        KeyValue prevKv = event.hasPrevKv() && event.getPrevKv().getCreateRevision() != 0 ? keyValue(event.getPrevKv()) : null;
        return switch (event.getType()) {
            case PUT -> new WatchEvent(WatchEvent.Type.PUT, keyValue(kv), kv.getVersion() == 1 ? null : prevKv);
            case DELETE -> new WatchEvent(WatchEvent.Type.DELETE,
                    new KeyValue(kv.getKey().toStringUtf8(),
                            prevKv == null ? new byte[0] : prevKv.value(),
                            prevKv == null ? 0 : prevKv.createRevision(),
                            kv.getModRevision()),
                    prevKv);
            case UNRECOGNIZED -> throw new IllegalStateException("unrecognized etcd event type at revision "
                    + kv.getModRevision());
        };
    }
}
