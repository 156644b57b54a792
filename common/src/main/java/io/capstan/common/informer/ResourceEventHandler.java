package io.capstan.common.informer;

/**
 * Receives an informer's notifications, as client-go's {@code ResourceEventHandler}. Calls come from
 * one thread, in the order the changes happened; handlers should be quick (typically they queue a key).
 *
 * @param <T> the object type
 */
public interface ResourceEventHandler<T> {

    /** An object appeared (also for every cached object when the handler is added late). */
    default void onAdd(T object) {
    }

    /** An object changed; on resync and relist {@code oldObject} and {@code newObject} may be equal. */
    default void onUpdate(T oldObject, T newObject) {
    }

    /** An object was deleted; {@code object} is its last known state. */
    default void onDelete(T object) {
    }
}
