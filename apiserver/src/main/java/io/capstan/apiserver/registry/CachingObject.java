package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The object of one storage event as every watch that sends the event shares it, as upstream's
 * {@code cachingObject}: decoded from storage once, and serialized once per format however many watchers
 * send it in that format. Its object is read-only: whoever gets it copies before changing anything.
 */
public final class CachingObject {
    private Supplier<ObjectNode> decode;
    private volatile ObjectNode object;
    private final ConcurrentHashMap<Object, byte[]> encodings = new ConcurrentHashMap<>(4);

    CachingObject(ObjectNode object) {
        this.object = object;
    }

    /** An object decoded by {@code decode} on first use, once, whoever asks first. */
    CachingObject(Supplier<ObjectNode> decode) {
        this.decode = decode;
    }

    /** The decoded object; never to be changed. */
    public ObjectNode object() {
        ObjectNode o = object;
        if (o == null) {
            synchronized (this) {
                o = object;
                if (o == null) {
                    o = decode.get();
                    object = o;
                    decode = null;
                }
            }
        }
        return o;
    }

    /**
     * The object serialized in {@code format} (any value with equals, e.g. a representation): {@code encoder}
     * runs on the first request of each format, later ones get the same bytes, which must not be changed.
     */
    public byte[] encoded(Object format, Function<ObjectNode, byte[]> encoder) {
        byte[] bytes = encodings.get(format);
        return bytes != null ? bytes : encodings.computeIfAbsent(format, f -> encoder.apply(object()));
    }
}
