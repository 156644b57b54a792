package io.capstan.common.client;

import java.util.Objects;

/**
 * One watch event with its object as a typed model, as client-go's {@code watch.Event} of a typed
 * client. ERROR events never appear: {@link TypedWatch#next()} throws their Status instead.
 *
 * @param type            ADDED, MODIFIED, DELETED or BOOKMARK
 * @param object          the object after the change; for a BOOKMARK only its resourceVersion is set
 * @param resourceVersion the object's {@code metadata.resourceVersion}
 * @param <T>             the object type
 */
public record TypedWatchEvent<T>(WatchEvent.Type type, T object, String resourceVersion) {

    public TypedWatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(object, "object");
        if (type == WatchEvent.Type.ERROR) {
            throw new IllegalArgumentException("ERROR events carry a Status, not a " + object.getClass().getSimpleName());
        }
    }
}
