package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Objects;

/**
 * One change to one object, as client-go's {@code cache.Delta}.
 *
 * @param type   what happened
 * @param object the object after the change (for a deletion, its last known state)
 * @param <T>    the object type
 */
public record Delta<T extends HasMetadata>(DeltaType type, T object) {
    public Delta {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(object, "object");
    }
}
