package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of an API watch: its type and the object (or a Status for ERROR). {@code shared} is set when
 * the object is the one every watch of the same storage event gets ({@link CachingObject}): then
 * {@code object} is {@code shared.object()} and must not be changed.
 */
public record ApiWatchEvent(WatchEventType type, ObjectNode object, long revision, CachingObject shared) {

    /** An event whose object is its own. */
    public ApiWatchEvent(WatchEventType type, ObjectNode object, long revision) {
        this(type, object, revision, null);
    }

    /** An event carrying the shared object of a storage event. */
    static ApiWatchEvent shared(WatchEventType type, CachingObject shared, long revision) {
        return new ApiWatchEvent(type, shared.object(), revision, shared);
    }
}
